import KindredCore
import SQLKit

extension DuplicateFinder {
    /// Likely duplicates of one record, scored like the full scan, best first: the records sharing its email or phone,
    /// or its postcode or address with a name alike enough. Indexed look-ups only, so a person page can ask on every
    /// view; records the actor may not see are left out.
    public func candidates(of id: String, visibleTo actor: Actor, limit: Int = 10) async throws -> [DuplicateCandidate] {
        let threshold = rules.nameSimilarity
        let matches: [String: Set<MatchRule>] = try await store.database.read { connection in
            var matches: [String: Set<MatchRule>] = [:]
            for (rule, table, column) in [(MatchRule.email, "constituent_emails", "email"), (.phone, "constituent_phones", "phone")] {
                let rows = try await connection.raw("""
                    SELECT DISTINCT constituent_id FROM \(ident: table) WHERE \(ident: column) IN (SELECT \(ident: column) FROM \(ident: table) WHERE constituent_id = \(bind: id))
                      AND constituent_id <> \(bind: id) LIMIT 50
                    """).all()
                for row in rows { matches[try row.text("constituent_id"), default: []].insert(rule) }
            }
            guard let own = try await connection.raw("SELECT name_key, postal_key, address_key FROM constituents WHERE id = \(bind: id)").first(),
                  let name = try own.optionalText("name_key") else { return matches }
            for (rule, column) in [(MatchRule.namePostalCode, "postal_key"), (.nameAddress, "address_key")] {
                guard let key = try own.optionalText(column) else { continue }
                let rows = try await connection.raw("""
                    SELECT id, name_key FROM constituents WHERE \(ident: column) = \(bind: key) AND id <> \(bind: id) LIMIT 500
                    """).all()
                for row in rows where NameMatching.similarity(name, try row.optionalText("name_key") ?? "") >= threshold {
                    matches[try row.text("id"), default: []].insert(rule)
                }
            }
            return matches
        }
        let pairs = matches.map { DuplicatePair(id, $0.key, matched: $0.value, rules: rules) }
            .filter { $0.score >= rules.suggestThreshold }
            .sorted { ($0.score, $1.firstId, $1.secondId) > ($1.score, $0.firstId, $0.secondId) }
        let visible = try await store.database.read { connection in
            var visible: [DuplicatePair] = []
            for pair in pairs where visible.count < limit {
                let other = pair.firstId == id ? pair.secondId : pair.firstId
                if try await ScopeFilter.isVisible(other, actor.scope, on: connection) { visible.append(pair) }
            }
            return visible
        }
        let names = try await ConstituentQueries(store: store).displayNames(Set(visible.flatMap { [$0.firstId, $0.secondId] }))
        return visible.map { DuplicateCandidate(pair: $0, firstName: names[$0.firstId] ?? "", secondName: names[$0.secondId] ?? "") }
    }
}
