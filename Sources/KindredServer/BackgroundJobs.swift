import Foundation
import KindredCore
import KindredStore
import Logging
import ServiceLifecycle

/// The server's background work, run beside the HTTP server and stopped by a graceful shutdown: segment entered/left
/// events every `trackEvery`; the month rollups recounted after the organisation's time zone changed; the dashboard's
/// population counts, the engagement distributions and (in an organisation too large to scan on every look) the
/// duplicate pairs to review when five minutes old; engagement sums, RFM scores and the dashboard's giving rollup
/// rebuilt when the last rebuild is a day old (so the engagement trend compares with about 90 days ago); the prediction
/// models refitted and every donor's prediction refreshed when the last attempt is a day old; overdue follow-ups
/// escalated to a manager; the hour-of-week pattern of engagement taken again when an hour old; everyone placed in their
/// journey stage when the last placement is five minutes old; engagement plans' triggers scanned and their due steps run.
public struct BackgroundJobs: Service {
    let store: KindredStore
    let logger: Logger
    let trackEvery: Duration
    /// Milliseconds after which the dashboard's population counts are counted again.
    let populationEvery: Int64 = 5 * 60_000
    /// When this process last tried to refresh the predictions (a failed fit is not retried for a day either).
    private let predictionAttempt = LastAttempt()

    /// Creates the jobs.
    public init(store: KindredStore, logger: Logger, trackEvery: Duration = .seconds(60)) {
        self.store = store
        self.logger = logger
        self.trackEvery = trackEvery
    }

    /// Runs until shutdown; a failing round is logged and retried next time, never fatal.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await round()
                try? await Task.sleep(for: trackEvery)
            }
        }
    }

    /// One round: rebuild engagement and RFM if due, recount the month rollups if the time zone changed, count the
    /// dashboard's population, take the engagement distributions and scan for duplicates if due, then record segment
    /// membership changes.
    public func round() async {
        do {
            let last = try await store.engagement.lastRecomputedAt()
            if last.map({ store.clock().millisecondsSinceEpoch - $0.millisecondsSinceEpoch > 86_400_000 }) ?? true {
                let count = try await store.engagement.recomputeAll()
                let rfm = try await store.loyalty.refreshRFM()
                try await store.loyalty.rebuildOrganisationGiving()
                logger.info("rebuilt engagement and RFM", metadata: ["constituents": "\(count)", "donors": "\(rfm.donors)"])
            }
            if try await store.loyalty.recountIfTimeZoneChanged() {
                logger.info("recounted the month rollups in the organisation's new time zone")
            }
            let now = store.clock().millisecondsSinceEpoch
            if try await store.segments.storedPopulation().map({ now - $0.computedAt.millisecondsSinceEpoch > populationEvery }) ?? true {
                try await store.segments.refreshPopulation()
            }
            let finder = DuplicateFinder(store: store)
            if try await finder.lastScan().map({ $0.people > DuplicateFinder.liveScanLimit && now - $0.foundAt.millisecondsSinceEpoch > populationEvery }) ?? true {
                try await finder.refreshReview()
            }
            if try await store.engagement.distributionsTakenAt().map({ now - $0.millisecondsSinceEpoch > populationEvery }) ?? true {
                try await store.engagement.refreshDistributions()
            }
            if try await store.sendTimes.pattern().map({ now - $0.computedAt.millisecondsSinceEpoch > 12 * populationEvery }) ?? true {
                try await store.sendTimes.refreshPattern()
            }
            try await refreshPredictionsIfDue(now: now)
            let today = try await OrganisationSettingsStore.profile(in: store.database).localDate(store.clock())
            let escalations = try await store.escalateOverdueFollowUps(today: today)
            if !escalations.isEmpty { logger.info("escalated overdue follow-ups", metadata: ["tasks": "\(escalations.count)"]) }
            if try await store.journey.lastPlacedAt().map({ now - $0.millisecondsSinceEpoch > populationEvery }) ?? true {
                let moved = try await store.journey.placeEveryone()
                if moved > 0 { logger.info("journey stages changed", metadata: ["people": "\(moved)"]) }
            }
            let events = try await store.segments.trackMemberships()
            if events > 0 { logger.info("segment membership changed", metadata: ["events": "\(events)"]) }
            let enrolled = try await store.plans.scanTriggers()
            var ran = 0
            while case let count = try await store.plans.runDue(), count > 0 { ran += count }
            if enrolled + ran > 0 { logger.info("engagement plans", metadata: ["enrolled": "\(enrolled)", "steps": "\(ran)"]) }
        } catch is CancellationError {
            return
        } catch {
            logger.error("background round failed", metadata: ["error": "\(error)"])
        }
    }

    /// Refits the prediction models and refreshes every donor's prediction when the last fit for predictions, and this
    /// process's last attempt, are a day old; a model that cannot be fitted yet is logged, not an error.
    private func refreshPredictionsIfDue(now: Int64) async throws {
        let day: Int64 = 86_400_000
        if let fitted = try await store.models.lastPredictionFitAt(), now - fitted.millisecondsSinceEpoch < day { return }
        guard await predictionAttempt.start(at: now, unlessWithin: day) else { return }
        do {
            let refresh = try await store.predictions.refreshAll()
            logger.info("refreshed donor predictions", metadata: ["donors": "\(refresh.donors)"])
        } catch let error as ModelFitError {
            logger.info("the prediction models cannot be fitted yet", metadata: ["reason": "\(error)"])
        }
    }
}

/// The time of the last attempt at something done at most once in a period.
private actor LastAttempt {
    private var last: Int64?

    /// Records an attempt at `now` unless the last one was less than `period` ago; answers whether to go ahead.
    func start(at now: Int64, unlessWithin period: Int64) -> Bool {
        if let last, now - last < period { return false }
        last = now
        return true
    }
}
