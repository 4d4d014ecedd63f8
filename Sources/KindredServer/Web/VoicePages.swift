import Foundation
import Hummingbird
import KindredCore
import KindredStore

extension WebRoutes {
    /// Registers the staff pages of supporter events and the ideas board.
    func registerVoicePages(on web: RouterGroup<KindredRequestContext>) {
        /// Events with their registrations, and the form for a new one.
        web.get("/events") { request, context in try await eventList(request, context) }
        /// Creates an event.
        web.post("/events") { request, context in try await createEvent(request, context) }
        /// An event: its public page, its registrations and check-in.
        web.get("/events/{id}") { request, context in try await eventPage(request, context) }
        /// Checks a registered person in.
        web.post("/events/{id}/check-ins") { request, context in try await checkInFromPage(request, context) }
        /// The ideas board as staff see it, every idea with its status and campaign.
        web.get("/ideas") { request, context in try await ideaList(request, context) }
        /// Sets an idea's status and campaign.
        web.post("/ideas/{id}") { request, context in try await updateIdea(request, context) }
    }

    /// Events, newest first, with registrations against capacity.
    func eventList(_ request: Request, _ context: KindredRequestContext) async throws -> Response {
        let session = try context.requireSession(), actor = try context.authorize(.read, .feedback), t = Catalogue.strings(session.language)
        let zone = try await OrganisationSettingsStore.profile(in: store.database).zone
        struct Row { let id: String; let name: String; let when: String; let registered: String; let status: String }
        var rows: [Row] = []
        for event in try await store.supporterEvents.list(cursor: nil, limit: 200, newestFirst: true, by: actor).items {
            let count = try await store.registrationCount(eventId: event.id)
            rows.append(Row(id: event.id, name: event.fields.name, when: WebFormat.dateTime(event.fields.startsAt, session.language, timeZone: zone),
                            registered: event.fields.capacity.map { "\(count) / \($0)" } ?? String(count), status: t["event_status_\(event.fields.status.rawValue)"]!))
        }
        struct View { let chrome: PageChrome; let t: [String: String]; let events: [Row]; let hasEvents: Bool; let surveys: [FilterOption]; let canWrite: Bool }
        return renderer.page("events", View(chrome: chrome("events_title", session, "/events"), t: t, events: rows, hasEvents: !rows.isEmpty,
                                            surveys: try await openSurveys(by: actor), canWrite: AccessPolicy.allows(session.user.role, .write, .feedback)))
    }

    /// Creates an event from the form (the start in the organisation's time zone) and opens it.
    func createEvent(_ request: Request, _ context: KindredRequestContext) async throws -> Response {
        let actor = try context.authorize(.write, .feedback)
        var request = request
        let form = try await WebForm.read(&request), zone = try await OrganisationSettingsStore.profile(in: store.database).zone
        let startsAt = form["startsAt"].flatMap { ImportValues.instant($0, timeZone: zone) }
        if form["startsAt"] != nil, startsAt == nil { throw ValidationFailure([FieldIssue(field: "startsAt", message: "must be a date and time")]) }
        let capacity = form["capacity"].flatMap { Int($0) }
        if form["capacity"] != nil, capacity == nil { throw ValidationFailure([FieldIssue(field: "capacity", message: "must be a whole number")]) }
        let input = SupporterEventInput(name: form["name"], description: form["description"], startsAt: startsAt, location: form["location"],
                                        capacity: capacity, surveyId: form["survey"])
        let event = try await store.supporterEvents.create(try input.validated(), by: actor)
        return WebRenderer.redirect("/events/\(event.id)")
    }

    /// An event with its public link and registrations, each with a check-in button until checked in.
    func eventPage(_ request: Request, _ context: KindredRequestContext) async throws -> Response {
        let session = try context.requireSession(), actor = try context.authorize(.read, .feedback), t = Catalogue.strings(session.language)
        let id = try context.parameters.require("id"), event = try await store.supporterEvents.get(id, by: actor)
        let zone = try await OrganisationSettingsStore.profile(in: store.database).zone
        struct Row { let personId: String; let name: String; let registered: String; let attended: Bool }
        var rows: [Row] = []
        for registration in try await store.registrations(eventId: id, by: actor) {
            let person = try await store.constituents.get(registration.constituentId, by: actor)
            rows.append(Row(personId: person.id, name: person.fields.displayName, registered: WebFormat.date(registration.registeredAt, session.language, timeZone: zone),
                            attended: registration.checkedInAt != nil))
        }
        struct View { let chrome: PageChrome; let t: [String: String]; let id: String; let name: String; let when: String; let publicLink: String
                      let registrations: [Row]; let hasRegistrations: Bool; let canWrite: Bool }
        return renderer.page("event", View(
            chrome: chrome("events_title", session, "/events"), t: t, id: id, name: event.fields.name,
            when: WebFormat.dateTime(event.fields.startsAt, session.language, timeZone: zone), publicLink: publicURL(request, "/p/e/\(id)"),
            registrations: rows, hasRegistrations: !rows.isEmpty, canWrite: AccessPolicy.allows(session.user.role, .write, .feedback)))
    }

    /// Checks a person in from the event page and returns to it.
    func checkInFromPage(_ request: Request, _ context: KindredRequestContext) async throws -> Response {
        let (actor, id, form) = try await personPost(request, context, .feedback)
        guard let person = form["constituentId"], RecordIdentifier.isValid(person) else {
            throw ValidationFailure([FieldIssue(field: "constituentId", message: "must be a record id (a lower-case UUID)")])
        }
        _ = try await store.checkIn(eventId: id, constituentId: person, by: actor)
        return WebRenderer.redirect("/events/\(id)")
    }

    /// Every idea, most votes first, with forms for its status and campaign.
    func ideaList(_ request: Request, _ context: KindredRequestContext) async throws -> Response {
        let session = try context.requireSession(), actor = try context.authorize(.read, .feedback), t = Catalogue.strings(session.language)
        let statusNames = PublicCatalogue.strings(session.language)  // the board's own names for the statuses
        let campaigns = try await store.designations(.campaign).list(cursor: nil, limit: 200, by: actor).items
        struct Row { let id: String; let title: String; let body: String; let votes: Int; let statuses: [FilterOption]; let campaigns: [FilterOption] }
        let ideas = try await store.ideas.list(cursor: nil, limit: 200, order: .column("votes", descending: true), by: actor).items
        let rows = ideas.map { idea in
            Row(id: idea.id, title: idea.fields.title, body: idea.fields.body, votes: idea.fields.votes,
                statuses: IdeaStatus.allCases.map { FilterOption(value: $0.rawValue, label: statusNames["idea_status_\($0.rawValue)"] ?? $0.rawValue, selected: $0 == idea.fields.status) },
                campaigns: campaigns.map { FilterOption(value: $0.id, label: $0.fields.name, selected: $0.id == idea.fields.campaignId) })
        }
        struct View { let chrome: PageChrome; let t: [String: String]; let ideas: [Row]; let hasIdeas: Bool; let canWrite: Bool; let boardLink: String }
        return renderer.page("ideas", View(chrome: chrome("ideas_title", session, "/ideas"), t: t, ideas: rows, hasIdeas: !rows.isEmpty,
                                           canWrite: AccessPolicy.allows(session.user.role, .write, .feedback), boardLink: publicURL(request, "/p/ideas")))
    }

    /// Sets an idea's status and campaign and returns to the list.
    func updateIdea(_ request: Request, _ context: KindredRequestContext) async throws -> Response {
        let (actor, id, form) = try await personPost(request, context, .feedback)
        let idea = try await store.ideas.get(id, by: actor).fields
        guard let status = IdeaStatus(rawValue: form["status"] ?? "") else {
            throw ValidationFailure([FieldIssue(field: "status", message: "must be one of: \(IdeaStatus.allowedValues)")])
        }
        let input = IdeaInput(title: idea.title, body: idea.body, status: status, campaignId: form["campaign"])
        _ = try await store.ideas.update(id, with: try input.validated(), by: actor)
        return WebRenderer.redirect("/ideas")
    }
}
