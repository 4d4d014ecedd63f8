import Foundation
import Hummingbird
import KindredCore
import KindredStore

/// The segments list's view model.
struct SegmentListView {
    struct Row { let id: String; let name: String; let kind: String; let rule: String; let persona: Bool }
    let chrome: PageChrome
    let t: [String: String]
    let canWrite: Bool
    let hasSegments: Bool
    let segments: [Row]
    let nextPage: String?
}

/// The builder's view model: the fields the rule language knows, what was typed, and the count or the errors.
struct SegmentBuilderView {
    struct Field { let name: String; let kind: String; let operators: String; let values: String }
    let chrome: PageChrome
    let t: [String: String]
    let fields: [Field]
    let name: String
    let description: String
    let ruleText: String
    let count: String?
    let hasIssues: Bool
    let issues: [String]
}

/// One segment's view model.
struct SegmentPageView {
    let chrome: PageChrome
    let t: [String: String]
    let id: String
    let name: String
    let description: String?
    let rule: String?
    let memberCount: String
    let hasMembers: Bool
    let members: [PersonRow]
    let nextPage: String?
}

extension WebRoutes {
    /// Registers the segments pages.
    func registerSegmentPages(on web: RouterGroup<KindredRequestContext>) {
        /// Saved segments, lists and personas.
        web.get("/segments") { request, context in try await segmentList(request, context) }
        /// The segment builder.
        web.get("/segments/new") { request, context in try segmentBuilder(request, context, form: nil) }
        /// Previews (count) or saves a segment from the builder.
        web.post("/segments") { request, context in try await saveSegment(request, context) }
        /// The live count of a rule as JSON: `{"count": N}` or `{"error": "…"}`.
        web.post("/segments/count") { request, context in try await liveCount(request, context) }
        /// One segment and its members.
        web.get("/segments/{id}") { request, context in try await segmentPage(request, context) }
        /// The segment's members as CSV (the constituents export's columns).
        web.get("/segments/{id}/export.csv") { request, context in
            let actor = try context.authorize(.read, .segments)
            let id = try context.parameters.require("id")
            _ = try await store.segments.get(id)
            return CSVDownload.response(.constituents, filter: ExportFilter(segmentId: id), by: actor, store: store)
        }
    }

    func segmentList(_ request: Request, _ context: KindredRequestContext) async throws -> Response {
        let session = try context.requireSession()
        _ = try context.authorize(.read, .segments)
        let page = try await store.segments.list(cursor: try Self.idCursor(request), limit: 50)
        let rows = page.items.map {
            SegmentListView.Row(id: $0.id, name: $0.name, kind: VocabularyLabels.label("segment_kind", $0.kind.rawValue, session.language), rule: $0.ruleText ?? "", persona: $0.description != nil)
        }
        let view = SegmentListView(chrome: chrome("segments_title", session, "/segments"), t: Catalogue.strings(session.language),
                                   canWrite: AccessPolicy.allows(session.user.role, .write, .segments), hasSegments: !rows.isEmpty,
                                   segments: rows, nextPage: page.nextCursor.map { "/segments?cursor=\($0)" })
        return renderer.page("segments", view)
    }

    /// The builder, empty or with what was sent and its count or errors.
    func segmentBuilder(_ request: Request, _ context: KindredRequestContext, form: WebForm?, count: Int? = nil, issues: [String] = [],
                        status: HTTPResponse.Status = .ok) throws -> Response {
        let session = try context.requireSession()
        _ = try context.authorize(.write, .segments)
        let fields = SegmentCatalogue.personFields.sorted { $0.key < $1.key }.map { name, kind -> SegmentBuilderView.Field in
            let values: [String] = if case .vocabulary(let allowed) = kind { allowed } else if kind == .boolean { ["true", "false"] } else { [] }
            return SegmentBuilderView.Field(name: name, kind: Self.kindName(kind), operators: kind.operators.map(\.rawValue).joined(separator: " "),
                                            values: values.joined(separator: " "))
        }
        let view = SegmentBuilderView(
            chrome: chrome("new_segment", session, "/segments/new"), t: Catalogue.strings(session.language), fields: fields,
            name: form?["name"] ?? "", description: form?["description"] ?? "", ruleText: form?.fields["ruleText"] ?? "",
            count: count.map { WebFormat.number($0, session.language) }, hasIssues: !issues.isEmpty, issues: issues)
        return renderer.page("segment-builder", view, status: status)
    }

    /// Counts the rule ("preview") or saves the segment; errors come back on the builder with what was typed.
    func saveSegment(_ request: Request, _ context: KindredRequestContext) async throws -> Response {
        let actor = try context.authorize(.write, .segments)
        var request = request
        let form = try await WebForm.read(&request)
        let preview = form["action"] == "preview"
        do {
            let input = SegmentInput(name: preview ? "preview" : form["name"], description: form["description"], kind: .dynamic, ruleText: form.fields["ruleText"])
            let definition = try input.validated()
            if preview { return try segmentBuilder(request, context, form: form, count: try await store.segments.preview(definition.rule!, by: actor)) }
            let segment = try await store.segments.create(definition, by: actor)
            return WebRenderer.redirect("/segments/\(segment.id)")
        } catch let failure as ValidationFailure {
            return try segmentBuilder(request, context, form: form, issues: failure.issues.map { "\($0.field): \($0.message)" }, status: .unprocessableContent)
        }
    }

    /// The member count of the rule being typed, for the builder's live count.
    func liveCount(_ request: Request, _ context: KindredRequestContext) async throws -> Response {
        let actor = try context.authorize(.read, .segments)
        var request = request
        let form = try await WebForm.read(&request)
        struct Answer: Encodable { let count: Int?; let error: String? }
        do {
            let definition = try SegmentInput(name: "preview", kind: .dynamic, ruleText: form.fields["ruleText"]).validated()
            return try JSONResponse.make(Answer(count: try await store.segments.preview(definition.rule!, by: actor), error: nil))
        } catch let failure as ValidationFailure {
            return try JSONResponse.make(Answer(count: nil, error: failure.summary), status: .unprocessableContent)
        }
    }

    func segmentPage(_ request: Request, _ context: KindredRequestContext) async throws -> Response {
        let session = try context.requireSession()
        let actor = try context.authorize(.read, .segments)
        let id = try context.parameters.require("id")
        let segment = try await store.segments.get(id)
        let count = try await store.segments.count(id, by: actor)
        let page = try await store.segments.members(id, cursor: try Self.idCursor(request), limit: 50, by: actor)
        let view = SegmentPageView(
            chrome: chrome("segments_title", session, "/segments/\(id)"), t: Catalogue.strings(session.language), id: id, name: segment.name,
            description: segment.description, rule: segment.ruleText, memberCount: WebFormat.number(count, session.language),
            hasMembers: !page.items.isEmpty, members: try await personRows(page.items, language: session.language).rows,
            nextPage: page.nextCursor.map { "/segments/\(id)?cursor=\($0)" })
        return renderer.page("segment", view)
    }

    private static func kindName(_ kind: SegmentFieldKind) -> String {
        switch kind {
        case .text: "text"
        case .number: "number"
        case .date: "date"
        case .boolean: "boolean"
        case .vocabulary: "vocabulary"
        }
    }
}
