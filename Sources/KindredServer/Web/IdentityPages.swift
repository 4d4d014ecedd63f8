import Foundation
import Hummingbird
import KindredCore
import KindredStore

/// The duplicates list's view model.
struct DuplicatesView {
    struct Pair { let firstId: String; let firstName: String; let secondId: String; let secondName: String; let score: Int; let matched: String }
    let chrome: PageChrome
    let t: [String: String]
    let hasPairs: Bool
    let pairs: [Pair]
    /// When the pairs were found, shown when they were not found for this look.
    let foundAt: String?
    let nextPage: String?
    /// Whether the reader may merge (and so ask for a scan now).
    let canMerge: Bool
}

/// The merge screen's view model.
struct MergeReviewView {
    struct Column { let id: String; let first: Bool }
    struct Row { let label: String; let values: [String] }
    let chrome: PageChrome
    let t: [String: String]
    let firstId: String
    let secondId: String
    let records: [Column]
    let rows: [Row]
    let fields: [FilterOption]
}

/// The merged page's view model.
struct MergedView {
    let chrome: PageChrome
    let t: [String: String]
    let id: String
    let survivorId: String
    let summary: String
    let undone: Bool
}

extension WebRoutes {
    /// Registers the duplicates and merge pages.
    func registerIdentityPages(on web: RouterGroup<KindredRequestContext>) {
        /// Likely duplicates to review, 50 a page (found on every look in a small organisation, else every few minutes).
        web.get("/duplicates") { request, context in
            let session = try context.requireSession()
            let actor = try context.authorize(.read, .constituents)
            let page = try request.uri.queryParameters.get("page").map { raw in
                guard let number = Int(raw), (1...100).contains(number) else {
                    throw ValidationFailure([FieldIssue(field: "page", message: "must be a page number from 1 to 100")])
                }
                return number
            } ?? 1
            let review = try await DuplicateFinder(store: store).review(visibleTo: actor, page: page)
            let pairs = review.candidates.map {
                DuplicatesView.Pair(firstId: $0.pair.firstId, firstName: $0.firstName, secondId: $0.pair.secondId, secondName: $0.secondName,
                                    score: $0.pair.score, matched: $0.pair.matched.map { VocabularyLabels.label("match", $0.rawValue, session.language) }.joined(separator: ", "))
            }
            let live = store.clock().millisecondsSinceEpoch - review.foundAt.millisecondsSinceEpoch < 5_000
            let zone = try await OrganisationSettingsStore.profile(in: store.database).zone
            return renderer.page("duplicates", DuplicatesView(
                chrome: chrome("duplicates_title", session, "/duplicates"), t: Catalogue.strings(session.language), hasPairs: !pairs.isEmpty, pairs: pairs,
                foundAt: live ? nil : WebFormat.dateTime(review.foundAt, session.language, timeZone: zone),
                nextPage: review.hasMore ? "/duplicates?page=\(page + 1)" : nil,
                canMerge: AccessPolicy.allows(session.user.role, .write, .constituents)))
        }
        /// Looks for duplicates again now (on a large organisation this takes seconds, so only those who may merge can).
        web.post("/duplicates/refresh") { _, context in
            _ = try context.authorize(.write, .constituents)
            try await DuplicateFinder(store: store).refreshReview()
            return WebRenderer.redirect("/duplicates")
        }
        /// Two records side by side, to merge.
        web.get("/duplicates/review") { request, context in try await mergeReview(request, context) }
        /// Merges the record not kept into the one kept.
        web.post("/merges") { request, context in
            let actor = try context.authorize(.write, .constituents)
            var request = request
            let form = try await WebForm.read(&request)
            guard let first = form["first"], let second = form["second"], let survivor = form["survivor"], [first, second].contains(survivor) else {
                throw ValidationFailure([FieldIssue(field: "survivor", message: "choose which of the two records to keep")])
            }
            let taking = Set(form.values("take").compactMap(MergeField.init(rawValue:)))
            let merge = try await Merger(store: store).merge(survivorId: survivor, duplicateId: survivor == first ? second : first, taking: taking, by: actor)
            return WebRenderer.redirect("/merges/\(merge.id)")
        }
        /// A merge and its undo button.
        web.get("/merges/{id}") { _, context in try await mergedPage(context) }
        /// Undoes a merge.
        web.post("/merges/{id}/undo") { _, context in
            let actor = try context.authorize(.write, .constituents)
            let merge = try await Merger(store: store).undo(mergeId: try ImportRoutes.recordId(context), by: actor)
            return WebRenderer.redirect("/merges/\(merge.id)")
        }
    }

    func mergeReview(_ request: Request, _ context: KindredRequestContext) async throws -> Response {
        let session = try context.requireSession()
        let actor = try context.authorize(.write, .constituents)
        let parameters = request.uri.queryParameters
        guard let firstId = parameters.get("first"), let secondId = parameters.get("second"), firstId != secondId else {
            throw ValidationFailure([FieldIssue(field: "second", message: "give two different records")])
        }
        let records = [try await store.constituents.get(firstId, by: actor), try await store.constituents.get(secondId, by: actor)]
        let t = Catalogue.strings(session.language)
        func row(_ key: String, _ value: (ConstituentFields) -> String) -> MergeReviewView.Row {
            MergeReviewView.Row(label: t[key]!, values: records.map { value($0.fields) })
        }
        let rows = [
            row("name", \.displayName), row("given_name", { $0.givenName ?? "" }), row("family_name", { $0.familyName ?? "" }),
            row("email", { $0.emails.joined(separator: ", ") }), row("city", { $0.address?.city ?? "" }),
            row("roles", { $0.roles.map { t["role_\($0.rawValue)"]! }.joined(separator: ", ") }), row("tags", { $0.tags.joined(separator: ", ") }),
        ]
        let view = MergeReviewView(chrome: chrome("merge_title", session, "/duplicates/review"), t: t, firstId: firstId, secondId: secondId,
                                   records: records.enumerated().map { .init(id: $0.element.id, first: $0.offset == 0) }, rows: rows,
                                   fields: VocabularyLabels.options(MergeField.self, "merge_field", session.language))
        return renderer.page("merge-review", view)
    }

    func mergedPage(_ context: KindredRequestContext) async throws -> Response {
        let session = try context.requireSession()
        let actor = try context.authorize(.read, .constituents)
        let id = try ImportRoutes.recordId(context)
        guard let merge = try await Merger(store: store).record(id) else { throw Problem(.notFound, "no merge has this id") }
        let survivor = try await store.constituents.get(merge.survivorId, by: actor)
        let summary = Catalogue.text("merged_summary", session.language).replacingOccurrences(of: "{name}", with: survivor.fields.displayName)
        let view = MergedView(chrome: chrome("merged_title", session, "/merges/\(id)"), t: Catalogue.strings(session.language), id: id,
                              survivorId: merge.survivorId, summary: summary, undone: merge.undoneAt != nil)
        return renderer.page("merged", view)
    }
}
