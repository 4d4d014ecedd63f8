import Foundation
import KindredCore
import SQLKit

/// Keeps `constituent_engagement` in step with what people do, in the transaction that records it: a new interaction
/// adds its scaled weight (one addition per person); giving is replaced from the donor's gifts whenever their rollups
/// are recomputed; an edited or deleted interaction, a merge or an undo rebuilds the people concerned; a full recompute
/// rebuilds everyone when the settings change.
enum EngagementLedger {
    /// 90 days before the last full recompute: what had happened by then is kept apart for the trend.
    static let trendCutoff = StoredSetting<Timestamp?>(key: "engagement_trend_cutoff", fallback: nil)
    static let sumColumns = EngagementDimension.allCases.map(\.rawValue) + ["total", "non_giving", "then_total", "then_giving"]

    /// The settings and cutoff a write uses.
    struct Context: Sendable {
        let settings: EngagementSettings
        let cutoff: Timestamp?

        static func load(on connection: any SQLDatabase) async throws -> Context {
            Context(settings: try await OrganisationSettingsStore.engagement.load(on: connection),
                    cutoff: try await trendCutoff.load(on: connection))
        }
    }

    /// How a write combines with the stored row.
    enum Mode {
        /// Adds to every sum.
        case add
        /// Replaces giving (and its share of the totals), keeping the rest.
        case replaceGiving
        /// Replaces every sum.
        case replace
    }

    /// Stores one interaction Kindred itself observed (an answer, an attendance, an unsubscribe…) and counts it at once.
    static func record(_ interaction: InteractionFields, at now: Timestamp, on connection: any SQLDatabase) async throws {
        try await OtherRecords.interaction.insert(Record(id: RecordIdentifier.make(at: now), createdAt: now, updatedAt: now, fields: interaction), on: connection)
        try await add([interaction], on: connection)
    }

    /// Adds newly stored interactions to their people's sums.
    static func add(_ interactions: [InteractionFields], on connection: any SQLDatabase) async throws {
        guard !interactions.isEmpty else { return }
        let context = try await Context.load(on: connection)
        var sums: [String: EngagementSums] = [:]
        context.settings.accumulate(interactions: interactions.map { ($0.constituentId, $0.type, $0.occurredAt) }, gifts: [],
                                    cutoff: context.cutoff, into: &sums)
        try await write(sums, mode: .add, on: connection)
    }

    /// Replaces the giving of `ids` from their gift facts (only completed gifts with an amount count).
    static func replaceGiving(of ids: [String], facts: [String: [GiftFact]], on connection: any SQLDatabase) async throws {
        let context = try await Context.load(on: connection)
        var sums = Dictionary(uniqueKeysWithValues: ids.map { ($0, EngagementSums()) })
        let counted = facts.flatMap { donor, gifts in
            gifts.filter { $0.status == .completed && $0.amountMinor > 0 }.map { (constituentId: donor, receivedAt: $0.receivedAt) }
        }
        context.settings.accumulate(interactions: [], gifts: counted, cutoff: context.cutoff, into: &sums)
        try await write(sums, mode: .replaceGiving, on: connection)
    }

    /// Rebuilds the sums of `ids` from all their interactions and gifts.
    static func recompute(constituentIds ids: [String], on connection: any SQLDatabase) async throws {
        let context = try await Context.load(on: connection)
        for chunk in ids.chunks(of: 500) {
            var sums = Dictionary(uniqueKeysWithValues: chunk.map { ($0, EngagementSums()) })
            let interactions = try await connection.raw(
                "SELECT constituent_id, type, occurred_at FROM interactions WHERE constituent_id IN (\(binds: Array(chunk)))").all()
            let gifts = try await connection.raw(
                "SELECT constituent_id, received_at FROM gifts WHERE constituent_id IN (\(binds: Array(chunk))) AND status = 'completed'").all()
            context.settings.accumulate(
                interactions: try interactions.map { (try $0.text("constituent_id"), try $0.text("type"), try $0.timestamp("occurred_at")) },
                gifts: try gifts.map { (try $0.text("constituent_id"), try $0.timestamp("received_at")) },
                cutoff: context.cutoff, into: &sums)
            try await write(sums, mode: .replace, on: connection)
        }
    }

    /// Rebuilds everyone's sums (`EngagementRebuild`), twenty thousand constituents a transaction (so other writers wait briefly),
    /// after setting the trend cutoff to 90 days before `now`; returns the number of constituents.
    static func recomputeAll(in database: Database, now: Timestamp) async throws -> Int {
        let cutoff = now.adding(milliseconds: -90 * 86_400_000)
        let settings = try await database.write { connection in
            try await trendCutoff.save(cutoff, by: .system, at: now, on: connection)
            return try await OrganisationSettingsStore.engagement.load(on: connection)
        }
        var after = "", count = 0
        while true {
            let start = after
            let range = try await database.write { connection -> IdRange? in
                guard let range = try await IdRange.next(after: start, size: 20_000, on: connection) else { return nil }
                try await EngagementRebuild.run(settings: settings, cutoff: cutoff, range: range, on: connection)
                return range
            }
            guard let range else { return count }
            count += range.count
            after = range.through
        }
    }

    /// Writes `sums` into `constituent_engagement`, combined with the stored rows as `mode` says.
    static func write(_ sums: [String: EngagementSums], mode: Mode, on connection: any SQLDatabase) async throws {
        let rows: [[any Encodable & Sendable]] = sums.sorted { $0.key < $1.key }.map { id, sum in
            [id] + EngagementDimension.allCases.map { sum.byDimension[$0] ?? 0 } + [sum.total, sum.nonGiving, sum.thenTotal, sum.thenGiving, sum.lastActiveAt?.description]
        }
        let columns = ["constituent_id"] + sumColumns + ["last_active_at"]
        let update = assignments(mode).map { "\($0.0) = \($0.1)" }.joined(separator: ", ")
        try await BulkInsert.rows(rows, into: "constituent_engagement", columns: columns,
                                  conflict: "ON CONFLICT (constituent_id) DO UPDATE SET \(update)", on: connection)
    }

    /// The `SET` of each mode; every right-hand side sees the row as it was before the update.
    private static func assignments(_ mode: Mode) -> [(String, String)] {
        let old = { (column: String) in "constituent_engagement.\(column)" }
        let latest = "CASE WHEN \(old("last_active_at")) IS NULL OR excluded.last_active_at > \(old("last_active_at")) THEN excluded.last_active_at ELSE \(old("last_active_at")) END"
        switch mode {
        case .add:
            return sumColumns.map { ($0, "\(old($0)) + excluded.\($0)") } + [("last_active_at", latest)]
        case .replaceGiving:
            return [("giving", "excluded.giving"), ("total", "\(old("total")) - \(old("giving")) + excluded.giving"),
                    ("then_total", "\(old("then_total")) - \(old("then_giving")) + excluded.then_giving"),
                    ("then_giving", "excluded.then_giving"), ("last_active_at", latest)]
        case .replace:
            return (sumColumns + ["last_active_at"]).map { ($0, "excluded.\($0)") }
        }
    }
}
