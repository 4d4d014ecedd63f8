import Foundation
import Hummingbird
import KindredCore
import KindredStore

/// One row of the people list.
struct PersonRow {
    let id: String
    let name: String
    let email: String
    let city: String
    let roles: String
    let lastGift: String
    let totalGiven: String
}

/// A choice in one of the people list's filters.
struct FilterOption {
    let value: String
    let label: String
    let selected: Bool
}

/// The people list's view model.
struct PeopleView {
    let chrome: PageChrome
    let t: [String: String]
    let query: String
    let tag: String
    let roles: [FilterOption]
    let loyaltyLevels: [FilterOption]
    let engagementLevels: [FilterOption]
    let segments: [FilterOption]
    let exportLink: String
    let nameSort: String?
    let nameSortLink: String
    let orders: [FilterOption]
    let givingOrder: Bool
    let currency: String
    let canTag: Bool
    let hasPeople: Bool
    let people: [PersonRow]
    let nextPage: String?
}

/// The new-person form's view model.
struct PersonFormView {
    let chrome: PageChrome
    let t: [String: String]
}

extension WebRoutes {
    /// Registers the pages (every one needs a signed-in session).
    func registerPages(on web: RouterGroup<KindredRequestContext>) {
        /// The dashboard.
        web.get("/") { request, context in try await dashboard(request, context) }
        /// People: search, filter and page through.
        web.get("/people") { request, context in try await people(request, context) }
        /// The filtered people as CSV.
        web.get("/people/export.csv") { request, context in try await exportPeople(request, context) }
        /// Tags the people ticked on the list.
        web.post("/people/tag") { request, context in try await tagPeople(request, context) }
        /// The form for a new person.
        web.get("/people/new") { request, context in try newPersonForm(request, context) }
        /// Creates a person and opens their page.
        web.post("/people") { request, context in try await createPerson(request, context) }
        /// The person page.
        web.get("/people/{id}") { request, context in try await person(request, context) }
        /// Records a gift for the person.
        web.post("/people/{id}/gifts") { request, context in try await recordGift(request, context) }
        /// Starts a recurring plan for the person.
        web.post("/people/{id}/plans") { request, context in try await startPlan(request, context) }
        /// Records consent on a channel for the person.
        web.post("/people/{id}/consent") { request, context in try await recordConsent(request, context) }
        /// Adds a note to the person's timeline.
        web.post("/people/{id}/notes") { request, context in try await addNote(request, context) }
        /// Logs feedback the person gave (an unhappy supporter's opens a follow-up task).
        web.post("/people/{id}/feedback") { request, context in try await addFeedback(request, context) }
        /// Sets the person's account owner.
        web.post("/people/{id}/owner") { request, context in try await setAccountOwner(request, context) }
        registerSegmentPages(on: web)
        registerImportPages(on: web)
        registerIdentityPages(on: web)
        registerGivingPages(on: web)
        registerSettingsPages(on: web)
        registerTaskPages(on: web)
        registerSurveyPages(on: web)
    }

    /// People matching the search and filters, 50 a page, in the chosen order (the order they were added by default).
    func people(_ request: Request, _ context: KindredRequestContext) async throws -> Response {
        let session = try context.requireSession()
        let parameters = request.uri.queryParameters, language = session.language, t = Catalogue.strings(language)
        let filter = try peopleFilter(parameters)
        guard let order = PeopleOrder(rawValue: parameters.get("sort").flatMap { $0.isEmpty ? nil : $0 } ?? "added") else {
            throw ValidationFailure([FieldIssue(field: "sort", message: "must be one of: \(PeopleOrder.allowedValues)")])
        }
        let page = try await ConstituentQueries(store: store).search(matching: filter, cursor: parameters.get("cursor"), limit: 50, order: order,
                                                                    by: session.actor)
        let (rows, currency) = try await personRows(page.items, language: language)
        let kept = ["q", "role", "tag", "loyalty", "engagement", "segment", "sort"].compactMap { name in
            parameters.get(name).flatMap { $0.isEmpty ? nil : URLQueryItem(name: name, value: $0) }
        }
        func link(_ path: String, _ extra: [URLQueryItem] = [], dropping: String? = nil) -> String {
            var components = URLComponents()
            components.queryItems = kept.filter { $0.name != dropping } + extra
            return path + (components.queryItems!.isEmpty ? "" : "?" + (components.percentEncodedQuery ?? ""))
        }
        func options(_ values: [String], _ labelKey: (String) -> String?, selected: String?) -> [FilterOption] {
            values.map { FilterOption(value: $0, label: labelKey($0).flatMap { t[$0] } ?? $0, selected: $0 == selected) }
        }
        let segments = AccessPolicy.allows(session.user.role, .read, .segments) ? try await store.segments.list(cursor: nil, limit: 100).items : []
        let view = PeopleView(
            chrome: chrome("people_title", session, "/people"), t: t, query: filter.text ?? "", tag: filter.tag ?? "",
            roles: options(ConstituentRole.allCases.map(\.rawValue), { "role_\($0)" }, selected: filter.role?.rawValue),
            loyaltyLevels: options(LoyaltyLevel.allCases.map(\.rawValue), { "loyalty_\($0)" }, selected: parameters.get("loyalty")),
            engagementLevels: options(EngagementLevel.allCases.map(\.rawValue), { "engagement_\($0)" }, selected: parameters.get("engagement")),
            segments: segments.map { FilterOption(value: $0.id, label: $0.name, selected: $0.id == filter.segmentId) },
            exportLink: link("/people/export.csv", dropping: "sort"),
            nameSort: order == .name ? "ascending" : order == .nameDescending ? "descending" : nil,
            nameSortLink: link("/people", [URLQueryItem(name: "sort", value: order == .name ? "name_desc" : "name")], dropping: "sort"),
            orders: options(PeopleOrder.allCases.map(\.rawValue), { "order_\($0)" }, selected: order.rawValue), givingOrder: order.countsGiving,
            currency: currency, canTag: AccessPolicy.allows(session.user.role, .write, .constituents),
            hasPeople: !rows.isEmpty, people: rows,
            nextPage: page.nextCursor.map { link("/people", [URLQueryItem(name: "cursor", value: $0)]) })
        return renderer.page("people", view)
    }

    /// People as list rows, with their last gift and total given in the organisation's currency (returned too).
    func personRows(_ records: [Record<ConstituentFields>], language: Language) async throws -> (rows: [PersonRow], currency: String) {
        let profile = try await OrganisationSettingsStore.profile(in: store.database), currency = profile.currency.code
        let giving = try await ConstituentQueries(store: store).givingFigures(of: records.map(\.id), currency: currency)
        let rows = records.map { record in
            let fields = record.fields, figures = giving[record.id]
            return PersonRow(id: record.id, name: fields.displayName, email: fields.emails.first ?? "", city: fields.address?.city ?? "",
                             roles: fields.roles.map { Catalogue.text("role_\($0.rawValue)", language) }.joined(separator: ", "),
                             lastGift: figures.map { WebFormat.date($0.lastGiftAt, language, timeZone: profile.zone) } ?? "",
                             totalGiven: figures.map { WebFormat.money($0.totalMinor, currency, language) } ?? "")
        }
        return (rows, currency)
    }

    /// The people list's filters from the query: text, role, tag, loyalty and engagement level, segment.
    func peopleFilter(_ parameters: Parameters) throws -> ExportFilter {
        func value(_ name: String) -> String? { parameters.get(name).flatMap { $0.isEmpty ? nil : String($0.prefix(200)) } }
        var issues: [FieldIssue] = []
        func vocabulary<V: Vocabulary>(_ name: String, _ type: V.Type) -> V? {
            guard let raw = value(name) else { return nil }
            guard let parsed = V(rawValue: raw) else { issues.append(FieldIssue(field: name, message: "must be one of: \(V.allowedValues)")); return nil }
            return parsed
        }
        let role = vocabulary("role", ConstituentRole.self)
        let conditions = [vocabulary("loyalty", LoyaltyLevel.self).map { SegmentCondition("loyalty", .equal, .text($0.rawValue)) },
                          vocabulary("engagement", EngagementLevel.self).map { SegmentCondition("engagement.level", .equal, .text($0.rawValue)) }]
            .compactMap { $0 }.map(SegmentRule.condition)
        let segment = value("segment")
        if let segment, !RecordIdentifier.isValid(segment) { issues.append(FieldIssue(field: "segment", message: "must be a segment id")) }
        guard issues.isEmpty else { throw ValidationFailure(issues) }
        return ExportFilter(role: role, tag: value("tag"), segmentId: segment, text: value("q"),
                            rule: conditions.isEmpty ? nil : conditions.count == 1 ? conditions[0] : .and(conditions))
    }

    /// The people the filters select, as CSV (the constituents export's columns).
    func exportPeople(_ request: Request, _ context: KindredRequestContext) async throws -> Response {
        let actor = try context.authorize(.read, .constituents)
        let filter = try peopleFilter(request.uri.queryParameters)
        if let segment = filter.segmentId { _ = try context.authorize(.read, .segments); _ = try await store.segments.get(segment) }
        return CSVDownload.response(.constituents, filter: filter, by: actor, store: store)
    }

    /// Adds a tag to every person ticked on the list (at most 100), then returns to the list.
    func tagPeople(_ request: Request, _ context: KindredRequestContext) async throws -> Response {
        let actor = try context.authorize(.write, .constituents)
        var request = request
        let form = try await WebForm.read(&request)
        let ids = form.values("ids"), tag = form["tag"] ?? ""
        guard (1...100).contains(ids.count), !tag.isEmpty else {
            throw ValidationFailure([FieldIssue(field: ids.isEmpty || ids.count > 100 ? "ids" : "tag",
                                                message: ids.isEmpty || ids.count > 100 ? "tick 1 to 100 people" : "is required")])
        }
        for id in ids {
            let record = try await store.constituents.get(id, by: actor)
            guard !record.fields.tags.contains(where: { $0.caseInsensitiveCompare(tag) == .orderedSame }) else { continue }
            var input = ConstituentInput(record.fields)
            input.tags = record.fields.tags + [tag]
            _ = try await store.constituents.update(id, with: try input.validated(), by: actor)
        }
        return WebRenderer.redirect(Self.localPath(form["back"]).flatMap { $0.hasPrefix("/people") ? $0 : nil } ?? "/people")
    }

    /// The new-person form.
    func newPersonForm(_ request: Request, _ context: KindredRequestContext) throws -> Response {
        let session = try context.requireSession()
        _ = try context.authorize(.write, .constituents)
        return renderer.page("person-new", PersonFormView(chrome: chrome("person_new_title", session, "/people/new"), t: Catalogue.strings(session.language)))
    }

    /// Creates the person from the form (validated like the API) and opens their page.
    func createPerson(_ request: Request, _ context: KindredRequestContext) async throws -> Response {
        let actor = try context.authorize(.write, .constituents)
        var request = request
        let form = try await WebForm.read(&request)
        let input = ConstituentInput(givenName: form["givenName"], familyName: form["familyName"], emails: form["email"].map { [$0] },
                                     address: form["city"].map { PostalAddress(city: $0) })
        let record = try await store.constituents.create(try input.validated(), by: actor)
        return WebRenderer.redirect("/people/\(record.id)")
    }

    /// The frame of a signed-in page.
    func chrome(_ titleKey: String, _ session: WebSession, _ path: String) -> PageChrome {
        PageChrome(titleKey: titleKey, session: session, language: session.language, csrf: session.csrfToken, path: path)
    }
}
