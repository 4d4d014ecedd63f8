import KindredCore
import SQLKit

/// SQL conditions that limit rows to the constituents a scope may see.
enum ScopeFilter {
    /// A condition on the constituent id held in `column`, or nil when the scope sees everyone.
    static func condition(_ scope: ConstituentScope, column: String) -> SQLQueryString? {
        switch scope {
        case .all:
            return nil
        case .supporters:
            return "EXISTS (SELECT 1 FROM constituents scope_c WHERE scope_c.id = \(unsafeRaw: column) AND (scope_c.is_sensitive = \(bind: false) OR scope_c.is_donor = \(bind: true)))"
        case .clientsAndCaregivers:
            return "EXISTS (SELECT 1 FROM constituents scope_c WHERE scope_c.id = \(unsafeRaw: column) AND scope_c.is_sensitive = \(bind: true))"
        }
    }

    /// Whether the constituent with this id exists and is inside the scope.
    static func isVisible(_ id: String, _ scope: ConstituentScope, on connection: any SQLDatabase) async throws -> Bool {
        var query: SQLQueryString = "SELECT id FROM constituents WHERE id = \(bind: id)"
        if let condition = condition(scope, column: "constituents.id") { query = query + " AND " + condition }
        return try await connection.raw(query).first() != nil
    }

    /// Of the given constituent ids, those that hold client data (for the audit log's read entries).
    static func sensitiveIds(among ids: Set<String>, on connection: any SQLDatabase) async throws -> Set<String> {
        guard !ids.isEmpty else { return [] }
        let rows = try await connection.raw("SELECT id FROM constituents WHERE is_sensitive = \(bind: true) AND id IN (\(binds: Array(ids)))").all()
        return Set(try rows.map { try $0.text("id") })
    }
}
