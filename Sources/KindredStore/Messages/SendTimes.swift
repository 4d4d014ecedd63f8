import Foundation
import KindredCore
import SQLKit

/// The organisation's hour-of-week pattern of engagement: interactions per hour of the week in its time zone.
public struct SendTimePattern: Sendable, Hashable, Codable {
    /// Interactions in each hour of the week, Monday 00:00 first.
    public let hours: [Int]
    /// How many interactions it is taken from (the latest, at most `SendTimes.sampleSize`).
    public let interactions: Int
    /// The time zone of the hours.
    public let timeZone: String
    /// When it was taken.
    public let computedAt: Timestamp
}

/// When people engage: the organisation's pattern (taken from the latest interactions, kept for the dashboard) and each
/// person's best hour to be sent a message.
public struct SendTimes: Sendable {
    let store: KindredStore
    /// The latest interactions the organisation's pattern is taken from.
    static let sampleSize = 100_000
    /// How far back a person's own history is read.
    static let personDays: Int64 = 365
    static let stored = StoredSetting<SendTimePattern?>(key: "send_time_pattern", fallback: nil)

    /// The stored pattern, if one was taken.
    public func pattern() async throws -> SendTimePattern? {
        try await store.database.read { try await Self.stored.load(on: $0) }
    }

    /// Takes the pattern again from the latest interactions and stores it.
    @discardableResult
    public func refreshPattern() async throws -> SendTimePattern {
        let profile = try await OrganisationSettingsStore.profile(in: store.database), zone = profile.zone
        let instants = try await store.database.read { connection in
            try await connection.raw("SELECT occurred_at FROM interactions ORDER BY occurred_at DESC LIMIT \(literal: Self.sampleSize)").all()
                .map { try $0.timestamp("occurred_at") }
        }
        let pattern = SendTimePattern(hours: HourOfWeek.counts(instants, in: zone), interactions: instants.count, timeZone: profile.timeZone,
                                      computedAt: store.clock())
        try await store.database.write { try await Self.stored.save(pattern, by: .system, at: store.clock(), on: $0) }
        return pattern
    }

    /// Each of `ids`' next best time at or after `earliest`: their best allowed hour of the week (own history smoothed
    /// toward the organisation's pattern) within the coming week.
    func bestTimes(for ids: [String], atOrAfter earliest: Timestamp, settings: MessagingSettings, timeZone: TimeZone,
                   on connection: any SQLDatabase) async throws -> [String: Timestamp] {
        let pattern = try await Self.stored.load(on: connection)?.hours ?? Array(repeating: 0, count: HourOfWeek.count)
        let allowed = SendTimeOptimiser.allowedHours(settings, in: timeZone)
        let since = store.clock().adding(milliseconds: -Self.personDays * 86_400_000)
        var history: [String: [Timestamp]] = [:]
        for row in try await connection.raw("""
            SELECT constituent_id, occurred_at FROM interactions WHERE constituent_id IN (\(binds: ids)) AND occurred_at > \(bind: since.description)
            """).all() {
            history[try row.text("constituent_id"), default: []].append(try row.timestamp("occurred_at"))
        }
        return Dictionary(uniqueKeysWithValues: ids.map { id in
            let hour = SendTimeOptimiser.bestHour(counts: HourOfWeek.counts(history[id] ?? [], in: timeZone), pattern: pattern, allowed: allowed)
            return (id, HourOfWeek.next(hour, atOrAfter: earliest, in: timeZone))
        })
    }
}

extension KindredStore {
    /// When people engage, for sending at each person's best time and the dashboard's heat map.
    public var sendTimes: SendTimes { SendTimes(store: self) }
}
