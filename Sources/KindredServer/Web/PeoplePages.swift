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

    /// The row of a constituent.
    init(record: Record<ConstituentFields>) {
        id = record.id
        name = record.fields.displayName
        email = record.fields.emails.first ?? ""
        city = record.fields.address?.city ?? ""
        roles = record.fields.roles.map(\.rawValue).joined(separator: ", ")
    }
}

/// The people list's view model.
struct PeopleView {
    let chrome: PageChrome
    let t: [String: String]
    let query: String
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
        /// People: search and page through.
        web.get("/people") { request, context in try await people(request, context) }
        /// The form for a new person.
        web.get("/people/new") { request, context in try newPersonForm(request, context) }
        /// Creates a person and opens their page.
        web.post("/people") { request, context in try await createPerson(request, context) }
        /// The person page.
        web.get("/people/{id}") { request, context in try await person(request, context) }
        /// Records a gift for the person.
        web.post("/people/{id}/gifts") { request, context in try await recordGift(request, context) }
        /// Adds a note to the person's timeline.
        web.post("/people/{id}/notes") { request, context in try await addNote(request, context) }
        registerSegmentPages(on: web)
        registerImportPages(on: web)
        /// Organisation settings (administrators).
        web.get("/settings") { request, context in try await settings(request, context) }
        /// Saves the organisation settings.
        web.post("/settings/organisation") { request, context in try await saveOrganisation(request, context) }
    }

    /// People matching the search, 50 a page, in the order they were added.
    func people(_ request: Request, _ context: KindredRequestContext) async throws -> Response {
        let session = try context.requireSession()
        let query = String((request.uri.queryParameters.get("q") ?? "").prefix(200))
        let cursor = request.uri.queryParameters.get("cursor")
        let page = try await ConstituentQueries(store: store).search(text: query, role: nil, tag: nil, cursor: cursor, limit: 50, by: session.actor)
        let rows = page.items.map(PersonRow.init(record:))
        let next = page.nextCursor.map { cursor in
            var components = URLComponents()
            components.queryItems = [URLQueryItem(name: "q", value: query), URLQueryItem(name: "cursor", value: cursor)]
            return "/people?" + (components.percentEncodedQuery ?? "")
        }
        let view = PeopleView(chrome: chrome("people_title", session, "/people"), t: Catalogue.strings(session.language),
                              query: query, hasPeople: !rows.isEmpty, people: rows, nextPage: next)
        return renderer.page("people", view)
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
