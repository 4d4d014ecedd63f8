import Foundation
import KindredCore
import SQLKit

extension Schema {
    /// Version 28: each person's journey stage history (the open row is the stage they are in) and the touchpoint inventory.
    @Sendable static func version28(_ flavor: SQLFlavor) -> [String] {
        [
            """
            CREATE TABLE journey_stage_history (
              id TEXT PRIMARY KEY, constituent_id TEXT NOT NULL REFERENCES constituents (id) ON DELETE CASCADE,
              stage TEXT NOT NULL \(oneOf("stage", JourneyStageKey.self)), previous_stage TEXT, entered_at TEXT NOT NULL, left_at TEXT
            )
            """,
            "CREATE INDEX journey_stage_history_person ON journey_stage_history (constituent_id, entered_at)",
            // One open stage per person, whatever several processes placing at once do.
            "CREATE UNIQUE INDEX journey_stage_history_open ON journey_stage_history (constituent_id) WHERE left_at IS NULL",
            "CREATE INDEX journey_stage_history_entered ON journey_stage_history (entered_at)",
            """
            CREATE TABLE touchpoints (
              id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL \(oneOf("kind", TouchpointKind.self)),
              match_text TEXT NOT NULL, stages TEXT NOT NULL, \(timestamps)
            )
            """,
        ]
    }
}

/// How touchpoints are stored: the stages they serve as a JSON list.
enum TouchpointRecords {
    static let mapping = TableMapping<TouchpointFields>(
        table: "touchpoints", entity: "touchpoint", ownership: .shared, ownerColumns: [], externalReference: { _ in nil },
        columns: { fields in [("name", fields.name), ("kind", fields.kind.rawValue), ("match_text", fields.match), ("stages", jsonText(fields.stages))] },
        decode: { row in
            TouchpointFields(name: try row.text("name"), kind: try row.vocabulary("kind"), match: try row.text("match_text"),
                             stages: try JSONDecoder().decode([JourneyStageKey].self, from: Data(try row.text("stages").utf8)))
        })
}

/// A time a person entered a stage, and when they left it.
public struct JourneyStageEntry: Sendable, Hashable, Codable {
    /// The stage entered.
    public let stage: JourneyStageKey
    /// The stage they came from (nil the first time Kindred placed them).
    public let previousStage: JourneyStageKey?
    /// When they entered it.
    public let enteredAt: Timestamp
    /// When they left it (nil while they are in it).
    public let leftAt: Timestamp?
}

/// The supporter journey: the stages and their rules, placing everyone in a stage, and each person's stage history.
public struct JourneyStore: Sendable {
    let store: KindredStore
    static let settings = StoredSetting(key: "journey", fallback: JourneySettings.defaults)
    static let placedAt = StoredSetting<Timestamp?>(key: "journey_placed_at", fallback: nil)

    /// The stages in force.
    public func settings() async throws -> JourneySettings {
        try await store.database.read { try await Self.settings.load(on: $0) }
    }

    /// Renames stages or changes their rules; people move at the next placement.
    public func replaceSettings(_ input: JourneySettingsInput, by actor: Actor) async throws -> JourneySettings {
        let now = store.clock()
        return try await store.database.write { connection in
            let updated = try input.applied(to: try await Self.settings.load(on: connection))
            try await Self.settings.save(updated, by: actor, at: now, on: connection)
            return updated
        }
    }

    /// When everyone was last placed.
    public func lastPlacedAt() async throws -> Timestamp? {
        try await store.database.read { try await Self.placedAt.load(on: $0) }
    }

    /// Places everyone in the first stage (in placement order) whose rule they meet: the rules are compiled once into
    /// one `CASE`, evaluated for 50,000 people at a time in a read transaction, then only their moves are written — the
    /// write lock is held for the writes alone, and memory holds one slice's moves whatever the population. Every move
    /// is kept in the stage history, and the webhooks are told who moved from where to where (in deliveries of up to
    /// 500 people); answers how many people moved. A person whose stage another process changed in between is left to
    /// that process (one open stage per person is a unique index).
    @discardableResult
    public func placeEveryone() async throws -> Int {
        let now = store.clock()
        let stage = try await store.database.read { connection in
            let settings = try await Self.settings.load(on: connection)
            let compiler = try await store.segments.compiler(on: connection)
            var stage: SQLQueryString = "CASE"
            for (key, rule) in settings.placementRules() {
                stage = stage + " WHEN " + (try await compiler.condition(rule)) + " THEN '\(unsafeRaw: key.rawValue)'"
            }
            return stage + " ELSE 'awareness' END"
        }
        var after = "", moved = 0
        while true {
            let start = after
            let slice = try await store.database.read { connection -> (range: IdRange, moves: [Move])? in
                guard let range = try await IdRange.next(after: start, size: 50_000, on: connection) else { return nil }
                let moves = try await connection.raw("SELECT * FROM (SELECT constituents.id AS person, " + stage + """
                     AS stage, h.id AS open_id, h.stage AS open_stage FROM constituents
                    LEFT JOIN journey_stage_history h ON h.constituent_id = constituents.id AND h.left_at IS NULL
                    WHERE \(range.condition("constituents.id"))) placed WHERE open_stage IS NULL OR open_stage <> stage
                    """).all().map { row in
                    Move(person: try row.text("person"), stage: try row.text("stage"), openId: try row.optionalText("open_id"), openStage: try row.optionalText("open_stage"))
                }
                return (range, moves)
            }
            guard let slice else { break }
            if !slice.moves.isEmpty { try await store.database.write { try await Self.write(slice.moves, at: now, on: $0) } }
            moved += slice.moves.count
            after = slice.range.through
        }
        try await store.database.write { try await Self.placedAt.save(now, by: .system, at: now, on: $0) }
        return moved
    }

    /// A person whose stage differs from their open one (if any).
    private struct Move: Sendable {
        let person: String
        let stage: String
        let openId: String?
        let openStage: String?
    }

    /// Closes the moving people's open stages, opens their new ones and tells the webhooks.
    private static func write(_ moves: [Move], at now: Timestamp, on connection: any SQLDatabase) async throws {
        for chunk in moves.compactMap(\.openId).chunks(of: 500) {
            try await connection.raw("UPDATE journey_stage_history SET left_at = \(bind: now.description) WHERE id IN (\(binds: Array(chunk))) AND left_at IS NULL").run()
        }
        try await BulkInsert.rows(moves.map { [RecordIdentifier.make(at: now), $0.person, $0.stage, $0.openStage, now.description] },
                                  into: "journey_stage_history", columns: ["id", "constituent_id", "stage", "previous_stage", "entered_at"],
                                  ignoringConflicts: true, on: connection)
        let byMove = Dictionary(grouping: moves.filter { $0.openStage != nil }) { "\($0.openStage!) \($0.stage)" }
        for (move, people) in byMove.sorted(by: { $0.key < $1.key }) {
            let stages = move.split(separator: " ").map { JSONValue.string(String($0)) }
            for chunk in people.map({ JSONValue.string($0.person) }).chunks(of: 500) {
                try await WebhookOutbox.enqueue(.stageChanged, ["from": stages[0], "to": stages[1], "constituentIds": .array(Array(chunk))], at: now, on: connection)
            }
        }
    }

    /// A person's stage history, latest first.
    public func history(of constituentId: String, by actor: Actor) async throws -> [JourneyStageEntry] {
        _ = try await store.constituents.get(constituentId, by: actor)
        return try await store.database.read { connection in
            try await connection.raw("SELECT * FROM journey_stage_history WHERE constituent_id = \(bind: constituentId) ORDER BY entered_at DESC, id DESC LIMIT 200").all()
        }.map { row in
            JourneyStageEntry(stage: try row.vocabulary("stage"), previousStage: try row.optionalText("previous_stage").flatMap(JourneyStageKey.init(rawValue:)),
                              enteredAt: try row.timestamp("entered_at"), leftAt: try row.optionalTimestamp("left_at"))
        }
    }
}

extension KindredStore {
    /// The supporter journey: stages, placement and history.
    public var journey: JourneyStore { JourneyStore(store: self) }

    /// The touchpoint inventory.
    public var touchpoints: Repository<TouchpointFields> { repository(TouchpointRecords.mapping) }
}
