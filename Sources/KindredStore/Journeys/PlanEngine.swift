import Foundation
import KindredCore
import SQLKit

/// Runs engagement plans: enrols people when a plan's trigger fires (found by scanning what was written since the
/// plan last looked) and runs each due step exactly once — the step's effect and its `done` mark are written in one
/// transaction, and on PostgreSQL the jobs are claimed `FOR UPDATE SKIP LOCKED`, so several server processes never run
/// the same step, and a process that dies mid-step leaves it to run again, not half done.
public struct PlanEngine: Sendable {
    let store: KindredStore
    /// Records younger than this are left to the next scan, so that a transaction still committing is not missed.
    static let settleMilliseconds: Int64 = 5_000
    /// A gift counts for a gift trigger only if received in the last 30 days (an import of old gifts enrols nobody).
    static let recentGiftDays: Int64 = 30
    /// People enrolled per statement (each with every step's job: at most 20 steps × 7 values under the bind limits).
    static let enrolmentBatch = 200

    /// Enrols everyone whose trigger fired since each active plan last looked; answers how many were enrolled.
    @discardableResult
    public func scanTriggers() async throws -> Int {
        let until = store.clock().adding(milliseconds: -Self.settleMilliseconds)
        let plans = try await store.database.read { try await $0.raw("SELECT id, created_at, scanned_until FROM engagement_plans WHERE active = \(bind: true)").all() }
        var enrolled = 0
        for plan in plans {
            let id = try plan.text("id"), since = try plan.optionalTimestamp("scanned_until") ?? plan.timestamp("created_at")
            guard since < until else { continue }
            enrolled += try await store.database.write { connection in
                guard let record = try await EngagementPlanRecords.mapping.fetch(id: id, on: connection) else { return 0 }
                let zone = try await OrganisationSettingsStore.timeZone(on: connection)
                let quiet = record.fields.quietHours ? try await OrganisationSettingsStore.messaging.load(on: connection).quietHours : nil
                let found = try await matches(record.fields.trigger, since: since, until: until, zone: zone, on: connection)
                var count = 0
                for start in stride(from: 0, to: found.count, by: Self.enrolmentBatch) {
                    count += try await enrol(Array(found[start..<min(found.count, start + Self.enrolmentBatch)]), in: record, zone: zone, quietHours: quiet,
                                             on: connection)
                }
                try await connection.raw("UPDATE engagement_plans SET scanned_until = \(bind: until.description) WHERE id = \(bind: id)").run()
                return count
            }
        }
        return enrolled
    }

    /// The people a trigger fired for in (since, until], each with the record that fired it and when.
    private func matches(_ trigger: PlanTrigger, since: Timestamp, until: Timestamp, zone: TimeZone,
                         on connection: any SQLDatabase) async throws -> [(String, String, Timestamp)] {
        func within(_ column: String) -> SQLQueryString {
            "\(unsafeRaw: column) > \(bind: since.description) AND \(unsafeRaw: column) <= \(bind: until.description)"
        }
        let recent = until.adding(milliseconds: -Self.recentGiftDays * 86_400_000).description
        let query: SQLQueryString
        switch trigger.kind {
        case .segmentEntered, .segmentLeft:
            query = "SELECT constituent_id, id AS ref, occurred_at AS at FROM segment_events WHERE segment_id = \(bind: trigger.segmentId ?? "") AND kind = \(bind: trigger.kind == .segmentEntered ? "entered" : "left") AND " + within("occurred_at")
        case .firstGift:
            query = """
                SELECT g.constituent_id, g.id AS ref, g.created_at AS at FROM gifts g WHERE g.status = 'completed' AND g.received_at >= \(bind: recent) AND \(within("g.created_at"))
                  AND NOT EXISTS (SELECT 1 FROM gifts o WHERE o.constituent_id = g.constituent_id AND o.status = 'completed' AND o.id <> g.id
                    AND (o.received_at < g.received_at OR (o.received_at = g.received_at AND o.id < g.id)))
                """
        case .giftAbove:
            query = """
                SELECT constituent_id, id AS ref, created_at AS at FROM gifts WHERE status = 'completed' AND received_at >= \(bind: recent)
                  AND currency = \(bind: trigger.currency?.code ?? "") AND amount_minor >= \(bind: trigger.amountMinor ?? 0) AND \(within("created_at"))
                """
        case .recurringStarted:
            query = "SELECT constituent_id, id AS ref, created_at AS at FROM recurring_plans WHERE " + within("created_at")
        case .recurringCancelled:
            query = "SELECT constituent_id, id || ':closed' AS ref, updated_at AS at FROM recurring_plans WHERE status = 'closed' AND " + within("updated_at")
        case .fundraisingPageCreated:
            query = "SELECT constituent_id, id AS ref, created_at AS at FROM interactions WHERE type = 'fundraising_page_created' AND " + within("created_at")
        case .detractorAnswer:
            query = "SELECT constituent_id, id AS ref, created_at AS at FROM feedback WHERE scale = 'nps' AND rating <= 6 AND " + within("created_at")
        case .stageChanged:
            query = "SELECT constituent_id, id AS ref, entered_at AS at FROM journey_stage_history WHERE stage = \(bind: trigger.stage?.rawValue ?? "") AND previous_stage IS NOT NULL AND " + within("entered_at")
        case .engagementFell, .firstGiftAnniversary:
            let today = CurrencyRollup.localDate(until, zone)
            guard today != CurrencyRollup.localDate(since, zone) else { return [] }  // once a day, at the first scan after midnight
            return trigger.kind == .engagementFell
                ? try await fallen(by: trigger.points ?? 100, today: today, at: until, on: connection)
                : try await anniversaries(on: today, at: until, zone: zone, on: connection)
        }
        return try await connection.raw(query).all().map { (try $0.text("constituent_id"), try $0.text("ref"), try $0.timestamp("at")) }
    }

    /// People whose overall score (their percentile among people active in the last two years) fell by at least
    /// `points` against the trend's comparison point; one enrolment a quarter.
    private func fallen(by points: Int, today: CalendarDate, at now: Timestamp, on connection: any SQLDatabase) async throws -> [(String, String, Timestamp)] {
        let active = now.adding(milliseconds: -730 * 86_400_000).description, quarter = "fell:\(today.year)-q\((today.month - 1) / 3 + 1)"
        return try await connection.raw("""
            SELECT constituent_id FROM (
              SELECT ce.constituent_id, PERCENT_RANK() OVER (ORDER BY ce.total) AS now_rank, PERCENT_RANK() OVER (ORDER BY ce.then_total) AS then_rank
              FROM constituent_engagement ce WHERE ce.last_active_at >= \(bind: active)
            ) ranked WHERE (then_rank - now_rank) * 100 >= \(bind: Double(points))
            """).all().map { (try $0.text("constituent_id"), quarter, now) }
    }

    /// People whose first counted gift was on this day (in the organisation's time zone) in an earlier year.
    private func anniversaries(on today: CalendarDate, at now: Timestamp, zone: TimeZone, on connection: any SQLDatabase) async throws -> [(String, String, Timestamp)] {
        try await connection.raw("SELECT constituent_id, MIN(received_at) AS first_at FROM gifts WHERE status = 'completed' AND amount_minor > 0 GROUP BY constituent_id")
            .all().compactMap { row in
                let first = CurrencyRollup.localDate(try row.timestamp("first_at"), zone)
                return PlanSchedule.isAnniversary(of: first, on: today) ? (try row.text("constituent_id"), "anniversary:\(today.year)", now) : nil
            }
    }

    /// Enrols each person once per triggering record, scheduling every step; answers how many were new enrolments.
    private func enrol(_ found: [(String, String, Timestamp)], in plan: Record<EngagementPlanFields>, zone: TimeZone, quietHours: QuietHours?,
                       on connection: any SQLDatabase) async throws -> Int {
        let now = store.clock()
        var enrolments = connection.insert(into: "plan_enrolments").columns("id", "plan_id", "constituent_id", "trigger_ref", "enrolled_at")
        var triggeredAt: [String: Timestamp] = [:]
        for (person, reference, at) in found {
            let id = RecordIdentifier.make(at: now)
            triggeredAt[id] = at
            enrolments = enrolments.values(SQLBind(id), SQLBind(plan.id), SQLBind(person), SQLBind(reference), SQLBind(now.description))
        }
        let inserted = try await enrolments.ignoringConflicts(with: ["plan_id", "constituent_id", "trigger_ref"])
            .returning("id", "constituent_id").all()
        guard !inserted.isEmpty else { return 0 }
        var jobs = connection.insert(into: "plan_jobs").columns("id", "enrolment_id", "plan_id", "constituent_id", "step_index", "due_at", "status")
        for row in inserted {
            let enrolment = try row.text("id")
            var due = max(triggeredAt[enrolment] ?? now, now)
            for (index, step) in plan.fields.steps.enumerated() {
                due = PlanSchedule.due(after: due, delayHours: step.delayHours, skipWeekends: plan.fields.skipWeekends, quietHours: quietHours, timeZone: zone)
                jobs = jobs.values(SQLBind(RecordIdentifier.make(at: now)), SQLBind(enrolment), SQLBind(plan.id), SQLBind(try row.text("constituent_id")),
                                   SQLBind(index), SQLBind(due.description), SQLBind("pending"))
            }
        }
        try await jobs.run()
        return inserted.count
    }
}

extension KindredStore {
    /// Engagement plans at work: triggers and due steps.
    public var plans: PlanEngine { PlanEngine(store: self) }
}
