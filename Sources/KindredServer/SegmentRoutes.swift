import Foundation
import Hummingbird
import KindredCore
import KindredStore

/// The body that adds or removes static-list members.
struct MemberChange: Decodable {
    /// The constituents, 1 to 1,000 ids.
    let constituentIds: [String]?
}

/// The body of a rule preview.
struct RulePreview: Decodable {
    /// The rule, JSON form.
    let rule: SegmentRule?
    /// The rule, text form.
    let ruleText: String?
}

/// A segment with its member count now.
struct SegmentView: Encodable {
    let segment: Segment
    let memberCount: Int

    func encode(to encoder: any Encoder) throws {
        try segment.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(memberCount, forKey: .memberCount)
    }

    private enum CodingKeys: String, CodingKey { case memberCount }
}

/// Segments, static lists and personas: definitions, live members, previews and entered/left events.
enum SegmentRoutes {
    /// Registers the routes.
    static func register(on routes: RouteRecorder, store: KindredStore) {
        /// Creates a dynamic segment (with `rule` or `ruleText`) or a static list (without).
        routes.add(.post, "/api/v1/segments") { request, context in
            let actor = try context.authorize(.write, .segments)
            let input = try RequestBody.decode(SegmentInput.self, from: try await RequestBody.object(request, context: context).data)
            let segment = try await store.segments.create(try input.validated(), by: actor)
            return try JSONResponse.make(segment, status: .created, headers: [.location: "/api/v1/segments/\(segment.id)"])
        }
        /// Lists segments by id, a page at a time.
        routes.add(.get, "/api/v1/segments") { request, context in
            _ = try context.authorize(.read, .segments)
            let query = QueryParameters(request: request)
            return try JSONResponse.make(try await store.segments.list(cursor: try query.idCursor(), limit: try query.limit()))
        }
        /// Counts the members of a rule without saving it; a rule that does not parse is a 422 naming the spot.
        routes.add(.post, "/api/v1/segments/preview") { request, context in
            let actor = try context.authorize(.read, .segments)
            let body = try RequestBody.decode(RulePreview.self, from: try await RequestBody.object(request, context: context).data)
            let definition = try SegmentInput(name: "preview", kind: .dynamic, rule: body.rule, ruleText: body.ruleText).validated()
            let rule = definition.rule!
            return try JSONResponse.make(PreviewResult(count: try await store.segments.preview(rule, by: actor), rule: rule, ruleText: SegmentText.print(rule)))
        }
        /// A segment with its member count now.
        routes.add(.get, "/api/v1/segments/:id") { _, context in
            let actor = try context.authorize(.read, .segments)
            let id = try segmentId(context)
            return try JSONResponse.make(SegmentView(segment: try await store.segments.get(id), memberCount: try await store.segments.count(id, by: actor)))
        }
        /// Replaces a segment's definition.
        routes.add(.put, "/api/v1/segments/:id") { request, context in
            let actor = try context.authorize(.write, .segments)
            let id = try segmentId(context)
            let input = try RequestBody.decode(SegmentInput.self, from: try await RequestBody.object(request, context: context).data)
            return try JSONResponse.make(try await store.segments.replace(id, with: try input.validated(), by: actor))
        }
        /// Deletes a segment with its members and events.
        routes.add(.delete, "/api/v1/segments/:id") { _, context in
            let actor = try context.authorize(.write, .segments)
            try await store.segments.delete(try segmentId(context), by: actor)
            return Response(status: .noContent)
        }
        registerMembers(on: routes, store: store)
    }

    private static func registerMembers(on routes: RouteRecorder, store: KindredStore) {
        /// The members the caller may see, now, a page at a time.
        routes.add(.get, "/api/v1/segments/:id/members") { request, context in
            let actor = try context.authorize(.read, .segments)
            let query = QueryParameters(request: request)
            return try JSONResponse.make(try await store.segments.members(try segmentId(context), cursor: try query.idCursor(), limit: try query.limit(), by: actor))
        }
        /// Adds constituents to a static list.
        routes.add(.post, "/api/v1/segments/:id/members") { request, context in
            let actor = try context.authorize(.write, .segments)
            let ids = try await memberIds(request, context)
            return try JSONResponse.make(["changed": try await store.segments.addMembers(ids, to: try segmentId(context), by: actor)])
        }
        /// Removes constituents from a static list.
        routes.add(.post, "/api/v1/segments/:id/members/remove") { request, context in
            let actor = try context.authorize(.write, .segments)
            let ids = try await memberIds(request, context)
            return try JSONResponse.make(["changed": try await store.segments.removeMembers(ids, from: try segmentId(context), by: actor)])
        }
        /// Who entered and who left the segment, oldest first, a page at a time.
        routes.add(.get, "/api/v1/segments/:id/events") { request, context in
            _ = try context.authorize(.read, .segments)
            let query = QueryParameters(request: request)
            return try JSONResponse.make(try await store.segments.events(of: try segmentId(context), cursor: try query.idCursor(), limit: try query.limit()))
        }
    }

    private static func memberIds(_ request: Request, _ context: KindredRequestContext) async throws -> [String] {
        let body = try RequestBody.decode(MemberChange.self, from: try await RequestBody.object(request, context: context).data)
        guard let ids = body.constituentIds else { throw ValidationFailure([FieldIssue(field: "constituentIds", message: "is required")]) }
        return ids
    }

    private static func segmentId(_ context: KindredRequestContext) throws -> String {
        guard let id = context.parameters.get("id"), RecordIdentifier.isValid(id) else { throw Problem(.notFound, "no segment has this id") }
        return id
    }
}

/// What a rule preview answers.
struct PreviewResult: Encodable {
    let count: Int
    let rule: SegmentRule
    let ruleText: String
}
