import Foundation
import Hummingbird
import KindredCore
import KindredStore

extension WebRoutes {
    /// Records a gift from the person page's form (amount as typed, with `.` or `,` for decimals) and returns there.
    func recordGift(_ request: Request, _ context: KindredRequestContext) async throws -> Response {
        let (actor, id, form) = try await personPost(request, context, .gifts)
        var issues: [FieldIssue] = []
        let (amount, currency) = form.money(issues: &issues)
        let receivedAt = form["receivedOn"].flatMap { CalendarDate(iso8601: $0) }.flatMap { Timestamp(iso8601: "\($0)T12:00:00Z") }
        if receivedAt == nil { issues.append(FieldIssue(field: "receivedOn", message: "must be a date")) }
        let channel = form["channel"].flatMap(GiftChannel.init(rawValue:))
        if form["channel"] != nil, channel == nil { issues.append(FieldIssue(field: "channel", message: "must be one of: \(GiftChannel.allowedValues)")) }
        let credited = try await softCredited(form["softCredit"], by: actor, issues: &issues)
        guard issues.isEmpty else { throw ValidationFailure(issues) }
        let input = GiftInput(constituentId: id, amountMinor: amount, currency: currency, receivedAt: receivedAt, channel: channel, campaignId: form["campaign"],
                              softCredits: credited.map { [SoftCredit(constituentId: $0)] })
        _ = try await store.gifts.create(try input.validated(), by: actor)
        return WebRenderer.redirect("/people/\(id)")
    }

    /// Starts a recurring plan for the person (active from the date given).
    func startPlan(_ request: Request, _ context: KindredRequestContext) async throws -> Response {
        let (actor, id, form) = try await personPost(request, context, .recurringPlans)
        var issues: [FieldIssue] = []
        let (amount, currency) = form.money(issues: &issues)
        guard issues.isEmpty else { throw ValidationFailure(issues) }
        let input = RecurringPlanInput(constituentId: id, amountMinor: amount, currency: currency, frequency: form["frequency"].flatMap(RecurringFrequency.init(rawValue:)),
                                       status: .active, startsOn: form["startsOn"].flatMap(CalendarDate.init(iso8601:)))
        _ = try await store.recurringPlans.create(try input.validated(), by: actor)
        return WebRenderer.redirect("/people/\(id)")
    }

    /// Adds a staff note to the person's timeline.
    func addNote(_ request: Request, _ context: KindredRequestContext) async throws -> Response {
        let (actor, id, form) = try await personPost(request, context, .interactions)
        guard let text = form["note"], text.count <= 5000 else {
            throw ValidationFailure([FieldIssue(field: "note", message: "must be 1 to 5,000 characters")])
        }
        let input = InteractionInput(constituentId: id, type: "note", channel: "staff", occurredAt: store.clock(), direction: .inbound,
                                     properties: ["text": .string(text), "author": .string(context.webSession?.user.email ?? "")])
        _ = try await store.interactions.create(try input.validated(), by: actor)
        return WebRenderer.redirect("/people/\(id)")
    }


    /// The person a gift is soft-credited to, found by their email address (exactly one person must have it).
    func softCredited(_ email: String?, by actor: Actor, issues: inout [FieldIssue]) async throws -> String? {
        guard let email else { return nil }
        guard let normalised = ContactNormalisation.email(email) else {
            issues.append(FieldIssue(field: "softCredit", message: "must be the email address of the person to credit"))
            return nil
        }
        let found = try await store.constituents.list(extra: "id IN (SELECT constituent_id FROM constituent_emails WHERE email = \(bind: normalised))",
                                                      cursor: nil, limit: 2, by: actor).items
        switch found.count {
        case 1: return found[0].id
        case 0: issues.append(FieldIssue(field: "softCredit", message: "no one you can see has this email address"))
        default: issues.append(FieldIssue(field: "softCredit", message: "several people have this email address; merge them first"))
        }
        return nil
    }

    /// What every form on the person page starts with: the actor allowed to write `resource`, the person's id from the
    /// path and the posted form.
    func personPost(_ request: Request, _ context: KindredRequestContext, _ resource: ProtectedResource) async throws
        -> (actor: Actor, id: String, form: WebForm) {
        let actor = try context.authorize(.write, resource)
        var request = request
        return (actor, try context.parameters.require("id"), try await WebForm.read(&request))
    }
}
