import Foundation
import HTTPTypes
import Hummingbird
import KindredCore
import KindredStore

/// A list filter: a query parameter compared for equality with a column.
struct ListFilter: Sendable {
    /// The query parameter.
    let parameter: String
    /// The column it filters.
    let column: String
    /// What the parameter holds: a record id, or one of a vocabulary's values.
    let allowedValues: [String]?

    /// A filter on a record id column.
    static func identifier(_ parameter: String, _ column: String) -> ListFilter {
        ListFilter(parameter: parameter, column: column, allowedValues: nil)
    }

    /// A filter on a vocabulary column.
    static func vocabulary<V: Vocabulary>(_ parameter: String, _ column: String, _ type: V.Type) -> ListFilter {
        ListFilter(parameter: parameter, column: column, allowedValues: V.allCases.map(\.rawValue))
    }
}

/// The five REST operations (create, list, read, update by JSON merge patch, delete) for one kind of record.
struct RecordRoutes<Input: RecordInput>: Sendable {
    /// The collection's path under `/api/v1`, e.g. `gifts`.
    let path: String
    /// The permission resource guarding it.
    let resource: ProtectedResource
    /// The OpenAPI schema name of a record, e.g. `Gift`.
    let schemaName: String
    /// Filters the list accepts.
    let filters: [ListFilter]
    /// The repository.
    let repository: @Sendable (KindredStore) -> Repository<Input.Fields>
    /// Replaces the plain list when the collection has its own search.
    var search: (@Sendable (QueryParameters, Actor) async throws -> Response)?

    /// Registers the operations.
    func register(on routes: RouteRecorder, store: KindredStore) {
        let collection = "/api/v1/\(path)"
        routes.add(.post, collection) { request, context in
            let actor = try context.authorize(.write, resource)
            let input = try RequestBody.decode(Input.self, from: try await RequestBody.object(request, context: context).data)
            let record = try await repository(store).create(try input.validated(), by: actor)
            return try JSONResponse.make(record, status: .created, headers: [.location: "\(collection)/\(record.id)"])
        }
        routes.add(.get, collection) { request, context in
            let actor = try context.authorize(.read, resource)
            let query = QueryParameters(request: request)
            if let search { return try await search(query, actor) }
            let page = try await repository(store).list(filters: try filterValues(query), cursor: try query.idCursor(),
                                                        limit: try query.limit(), by: actor)
            return try JSONResponse.make(page)
        }
        routes.add(.get, "\(collection)/:id") { request, context in
            let actor = try context.authorize(.read, resource)
            return try JSONResponse.make(try await repository(store).get(try recordId(context), by: actor))
        }
        routes.add(.patch, "\(collection)/:id") { request, context in
            let actor = try context.authorize(.write, resource)
            let patch = try await RequestBody.object(request, context: context)
            _ = try RequestBody.decode(Input.self, from: patch.data)
            let repository = repository(store)
            let id = try recordId(context)
            let existing = try await repository.get(id, by: actor)
            let current = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(existing.fields))
            let input = try RequestBody.decode(Input.self, from: JSONEncoder().encode(current.merging(patch: patch.value)))
            return try JSONResponse.make(try await repository.update(id, with: try input.validated(), by: actor))
        }
        routes.add(.delete, "\(collection)/:id") { _, context in
            let actor = try context.authorize(.write, resource)
            try await repository(store).delete(try recordId(context), by: actor)
            return Response(status: .noContent)
        }
    }

    /// The `id` path parameter; an id that cannot exist is simply not found.
    private func recordId(_ context: KindredRequestContext) throws -> String { try context.recordId(of: schemaName.lowercased()) }

    private func filterValues(_ query: QueryParameters) throws -> [(column: String, value: String)] {
        try filters.compactMap { filter in
            guard let raw = query.string(filter.parameter) else { return nil }
            if let allowed = filter.allowedValues, !allowed.contains(raw) {
                throw ValidationFailure([FieldIssue(field: filter.parameter, message: "must be one of: \(allowed.joined(separator: ", "))")])
            }
            if filter.allowedValues == nil, !RecordIdentifier.isValid(raw) {
                throw ValidationFailure([FieldIssue(field: filter.parameter, message: "must be a record id (a lower-case UUID)")])
            }
            return (filter.column, raw)
        }
    }
}
