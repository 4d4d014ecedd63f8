import Foundation
import KindredCore
import SQLKit

/// A suggested duplicate pair with the two records' names, for people to review.
public struct DuplicateCandidate: Sendable, Hashable, Codable {
    /// The pair, its score and what matched.
    public let pair: DuplicatePair
    /// The first record's display name.
    public let firstName: String
    /// The second record's display name.
    public let secondName: String
}

/// Finds likely duplicates with blocking keys, never by comparing all pairs: the database streams the records
/// sorted by each key (email, phone, postal code, address), and only records sharing a key are compared, so
/// memory holds one block at a time plus the pairs found.
public struct DuplicateFinder: Sendable {
    let store: KindredStore
    /// The weights and thresholds.
    public let rules: DuplicateRules

    /// Creates a finder.
    public init(store: KindredStore, rules: DuplicateRules = .defaults) {
        self.store = store
        self.rules = rules
    }

    /// Pairs scoring at least `threshold` (default: the suggest threshold), best first, at most `limit`.
    public func candidates(threshold: Int? = nil, limit: Int = 1000) async throws -> [DuplicateCandidate] {
        try await backfillKeys()
        let found = BlockCollector()
        try await store.database.read { connection in
            try await scan(connection, "SELECT email AS k, constituent_id AS id, '' AS name FROM constituent_emails ORDER BY email",
                           rule: .email, into: found)
            try await scan(connection, "SELECT phone AS k, constituent_id AS id, '' AS name FROM constituent_phones ORDER BY phone",
                           rule: .phone, into: found)
            try await scan(connection, "SELECT postal_key AS k, id, name_key AS name FROM constituents WHERE postal_key IS NOT NULL ORDER BY postal_key",
                           rule: .namePostalCode, into: found)
            try await scan(connection, "SELECT address_key AS k, id, name_key AS name FROM constituents WHERE address_key IS NOT NULL ORDER BY address_key",
                           rule: .nameAddress, into: found)
        }
        let minimum = threshold ?? rules.suggestThreshold
        let pairs = found.pairs.compactMap { key, matched -> DuplicatePair? in
            let pair = DuplicatePair(key.0, key.1, matched: matched, rules: rules)
            return pair.score >= minimum ? pair : nil
        }
        .sorted { ($0.score, $1.firstId, $1.secondId) > ($1.score, $0.firstId, $0.secondId) }
        let chosen = Array(pairs.prefix(limit))
        let names = try await ConstituentQueries(store: store).displayNames(Set(chosen.flatMap { [$0.firstId, $0.secondId] }))
        return chosen.map { DuplicateCandidate(pair: $0, firstName: names[$0.firstId] ?? "", secondName: names[$0.secondId] ?? "") }
    }

    /// Streams one sorted scan into blocks of equal key and records the pairs each block yields.
    private func scan(_ connection: any SQLDatabase, _ sql: String, rule: MatchRule, into found: BlockCollector) async throws {
        let threshold = rules.nameSimilarity
        let block = BlockBuffer(rule: rule, threshold: threshold, found: found)
        try await connection.raw("\(unsafeRaw: sql)").run { row in
            guard let key = try? row.decode(column: "k", as: String.self), let id = try? row.decode(column: "id", as: String.self) else { return }
            block.add(key: key, member: BlockMember(id: id, name: (try? row.decode(column: "name", as: String?.self)) ?? ""))
        }
        block.flush()
    }

    /// Fills the matching keys of records written before they existed (or loaded around Kindred), in batches, pausing
    /// between them so that other processes writing to the same SQLite file get their turn.
    private func backfillKeys() async throws {
        while true {
            let done = try await store.database.write { connection -> Bool in
                let rows = try await connection.raw("SELECT * FROM constituents WHERE name_key IS NULL ORDER BY id LIMIT 1000").all()
                for row in rows {
                    let record = try ConstituentRecords.mapping.record(from: row)
                    var query = connection.update("constituents")
                    for key in ConstituentRecords.matchingKeys(record.fields) { query = query.set(SQLIdentifier(key.name), to: SQLBind(key.value)) }
                    try await query.where("id", .equal, record.id).run()
                }
                return rows.count < 1000
            }
            if done { return }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}

/// The pairs found so far and the rules each matched.
final class BlockCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var found: [String: (String, String, Set<MatchRule>)] = [:]

    /// Records that a pair matched a rule.
    func add(_ pairs: [(String, String)], rule: MatchRule) {
        lock.withLock {
            for (one, other) in pairs {
                let key = min(one, other) + "|" + max(one, other)
                found[key, default: (min(one, other), max(one, other), [])].2.insert(rule)
            }
        }
    }

    /// Every pair with its matched rules.
    var pairs: [((String, String), Set<MatchRule>)] {
        lock.withLock { found.values.map { (($0.0, $0.1), $0.2) } }
    }
}

/// The rows of the current block of a sorted scan.
final class BlockBuffer: @unchecked Sendable {
    private let lock = NSLock()
    private let rule: MatchRule
    private let threshold: Double
    private let found: BlockCollector
    private var key: String?
    private var members: [BlockMember] = []

    init(rule: MatchRule, threshold: Double, found: BlockCollector) {
        self.rule = rule
        self.threshold = threshold
        self.found = found
    }

    /// Adds a row; a new key closes the block before it.
    func add(key: String, member: BlockMember) {
        lock.withLock {
            if key != self.key { closeBlock() }
            self.key = key
            members.append(member)
        }
    }

    /// Closes the last block.
    func flush() {
        lock.withLock { closeBlock() }
    }

    private func closeBlock() {
        defer { members.removeAll(keepingCapacity: true) }
        guard members.count > 1 else { return }
        switch rule {
        case .email, .phone: found.add(DuplicateBlocking.exactPairs(members.map(\.id)), rule: rule)
        case .namePostalCode, .nameAddress: found.add(DuplicateBlocking.similarNames(members, threshold: threshold), rule: rule)
        }
    }
}

extension Array {
    /// The array in consecutive pieces of at most `size` elements.
    public func chunks(of size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}

extension DuplicateFinder {
    /// Merges every pair scoring at least the merge threshold, the newer record into the older; a record already
    /// merged away is skipped. Returns the merges made (each can be undone).
    public func mergeAutomatically(by actor: Actor) async throws -> [MergeRecord] {
        var gone = Set<String>(), merges: [MergeRecord] = []
        for candidate in try await candidates(threshold: rules.mergeThreshold, limit: .max) {
            let pair = candidate.pair
            guard !gone.contains(pair.firstId), !gone.contains(pair.secondId) else { continue }
            merges.append(try await Merger(store: store).merge(survivorId: pair.firstId, duplicateId: pair.secondId, by: actor))
            gone.insert(pair.secondId)
        }
        return merges
    }

    /// The candidates both of whose records the actor may see.
    public func candidates(visibleTo actor: Actor, threshold: Int?, limit: Int) async throws -> [DuplicateCandidate] {
        let all = try await candidates(threshold: threshold, limit: actor.scope == .all ? limit : .max)
        guard actor.scope != .all else { return all }
        let hidden = try await store.database.read { connection in
            var ids = Set<String>()
            for chunk in Array(Set(all.flatMap { [$0.pair.firstId, $0.pair.secondId] })).chunks(of: 1000) {
                for id in Array(chunk) where !(try await ScopeFilter.isVisible(id, actor.scope, on: connection)) { ids.insert(id) }
            }
            return ids
        }
        return Array(all.filter { !hidden.contains($0.pair.firstId) && !hidden.contains($0.pair.secondId) }.prefix(limit))
    }
}
