import Foundation
import Hummingbird
import KindredCore
import KindredStore

/// The body of a merge request.
struct MergeRequest: Decodable {
    /// The record that remains.
    let survivorId: String?
    /// The record merged into it.
    let duplicateId: String?
    /// Fields to take from the duplicate instead of the survivor.
    let take: [MergeField]?
}

/// Duplicate candidates, merges and their undo.
enum IdentityRoutes {
    /// Registers the routes.
    static func register(on routes: RouteRecorder, store: KindredStore) {
        /// Likely duplicates, best first, with their score and the rules that matched.
        routes.add(.get, "/api/v1/duplicates") { request, context in
            let actor = try context.authorize(.read, .constituents)
            let query = QueryParameters(request: request)
            var threshold: Int?
            if let raw = query.string("threshold") {
                guard let value = Int(raw), (1...10_000).contains(value) else {
                    throw ValidationFailure([FieldIssue(field: "threshold", message: "must be an integer from 1 to 10000")])
                }
                threshold = value
            }
            let items = try await DuplicateFinder(store: store).candidates(visibleTo: actor, threshold: threshold, limit: try query.limit())
            return try JSONResponse.make(["items": items])
        }
        /// Merges one record into another; everything moves to the survivor and the merge can be undone.
        routes.add(.post, "/api/v1/merges") { request, context in
            let actor = try context.authorize(.write, .constituents)
            let body = try RequestBody.decode(MergeRequest.self, from: try await RequestBody.object(request, context: context).data)
            var issues = IssueCollector()
            let survivor = issues.identifier(body.survivorId, "survivorId", required: true)
            let duplicate = issues.identifier(body.duplicateId, "duplicateId", required: true)
            try issues.throwIfAny()
            let merge = try await Merger(store: store).merge(survivorId: survivor!, duplicateId: duplicate!, taking: Set(body.take ?? []), by: actor)
            return try JSONResponse.make(merge, status: .created, headers: [.location: "/api/v1/constituents/\(merge.survivorId)"])
        }
        /// Undoes a merge exactly: the duplicate and everything that moved come back.
        routes.add(.post, "/api/v1/merges/:id/undo") { request, context in
            let actor = try context.authorize(.write, .constituents)
            guard let id = context.parameters.get("id"), RecordIdentifier.isValid(id) else {
                throw ValidationFailure([FieldIssue(field: "id", message: "must be a record id (a lower-case UUID)")])
            }
            return try JSONResponse.make(try await Merger(store: store).undo(mergeId: id, by: actor))
        }
    }
}
