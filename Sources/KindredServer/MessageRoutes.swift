import Foundation
import Hummingbird
import KindredCore
import KindredStore

/// A request to send a template to people or a segment.
struct SendMessageRequest: Codable {
    /// The template; required.
    var templateId: String?
    /// The people (1 to 1,000), or…
    var constituentIds: [String]?
    /// …a segment's members as they are now.
    var segmentId: String?
    /// When to send (always inside the allowed hours); now when absent.
    var scheduledFor: Timestamp?
    /// Whether each person's message waits for their best hour of the week (from `scheduledFor` or now on).
    var atBestTime: Bool?
    /// A campaign whose impact text the template may use.
    var campaignId: String?

    /// The template, audience, time and campaign, or every problem.
    func validated(now: Timestamp) throws(ValidationFailure) -> (String, MessageAudience, Timestamp?, Bool, String?) {
        var issues = IssueCollector()
        let template = issues.identifier(templateId, "templateId", required: true)
        let campaign = issues.identifier(campaignId, "campaignId")
        var audience: MessageAudience?
        switch (constituentIds, segmentId) {
        case (let ids?, nil):
            if ids.isEmpty || ids.count > 1_000 { issues.add("constituentIds", "must list 1 to 1000 people") }
            for (index, id) in ids.enumerated() where !RecordIdentifier.isValid(id) { issues.add("constituentIds[\(index)]", "must be a record id (a lower-case UUID)") }
            if Set(ids).count < ids.count { issues.add("constituentIds", "must not list anyone twice") }
            audience = .people(ids)
        case (nil, let segment?):
            audience = issues.identifier(segment, "segmentId").map(MessageAudience.segment)
        default:
            issues.add("constituentIds", "give either constituentIds or segmentId")
        }
        if let scheduledFor, scheduledFor > now.adding(milliseconds: 366 * 86_400_000) { issues.add("scheduledFor", "must be within a year") }
        try issues.throwIfAny()
        return (template!, audience!, scheduledFor, atBestTime ?? false, campaign)
    }
}

/// A bounce or complaint reported for a message.
struct MessageOutcomeRequest: Codable {
    /// What happened; required.
    var outcome: MessageOutcome?
}

/// Message templates, sending, the message log, outcomes, the messaging settings and supporters' preferences.
enum MessageRoutes {
    /// Registers the routes.
    static func register(on routes: RouteRecorder, store: KindredStore) {
        RecordRoutes<MessageTemplateInput>(path: "message-templates", resource: .messages, schemaName: "MessageTemplate",
                                           filters: [.vocabulary("channel", "channel", MessageChannel.self)],
                                           repository: { $0.messageTemplates }).register(on: routes, store: store)
        RecordRoutes<EngagementPlanInput>(path: "engagement-plans", resource: .messages, schemaName: "EngagementPlan", filters: [],
                                          repository: { $0.engagementPlans }).register(on: routes, store: store)
        /// A plan's step jobs, newest first: who, which step, when due, and what it did.
        routes.add(.get, "/api/v1/engagement-plans/:id/jobs") { request, context in
            let actor = try context.authorize(.read, .messages)
            let query = QueryParameters(request: request)
            return try JSONResponse.make(try await store.planJobs(planId: try context.recordId(of: "engagement plan"), cursor: try query.idCursor(),
                                                                  limit: try query.limit(), by: actor))
        }
        /// Queues a template for people or a segment: each person's message is checked against consent, topics, caps
        /// and quiet hours; the answer counts the queued and the suppressed by reason.
        routes.add(.post, "/api/v1/messages") { request, context in
            let actor = try context.authorize(.write, .messages)
            let body = try RequestBody.decode(SendMessageRequest.self, from: try await RequestBody.object(request, context: context).data)
            let (template, audience, at, best, campaign) = try body.validated(now: store.clock())
            let summary = try await store.messages.send(templateId: template, to: audience, at: at, atBestTime: best, campaignId: campaign, source: "api", by: actor)
            return try JSONResponse.make(summary, status: .accepted)
        }
        /// Messages, newest first, of one person and/or in one status.
        routes.add(.get, "/api/v1/messages") { request, context in
            let actor = try context.authorize(.read, .messages)
            let query = QueryParameters(request: request)
            return try JSONResponse.make(try await store.messages.list(constituentId: try query.identifier("constituentId"), status: try query.vocabulary("status"),
                                                                       cursor: try query.idCursor(), limit: try query.limit(), by: actor))
        }
        /// One message: what was sent, when, and what became of it.
        routes.add(.get, "/api/v1/messages/:id") { _, context in
            let actor = try context.authorize(.read, .messages)
            return try JSONResponse.make(try await store.messages.message(try context.recordId(of: "message"), by: actor))
        }
        /// Records a bounce or complaint for a sent message (from the relay's report).
        routes.add(.post, "/api/v1/messages/:id/outcome") { request, context in
            let actor = try context.authorize(.write, .messages)
            let id = try context.recordId(of: "message")
            let body = try RequestBody.decode(MessageOutcomeRequest.self, from: try await RequestBody.object(request, context: context).data)
            guard let outcome = body.outcome else { throw ValidationFailure([FieldIssue(field: "outcome", message: "is required: \(MessageOutcome.allowedValues)")]) }
            return try JSONResponse.make(try await store.messages.recordOutcome(outcome, of: id, by: actor))
        }
        /// When supporters engage: interactions per hour of the week in the organisation's time zone (taken hourly).
        routes.add(.get, "/api/v1/reports/send-times") { _, context in
            _ = try context.authorize(.read, .reports)
            if let pattern = try await store.sendTimes.pattern() { return try JSONResponse.make(pattern) }
            return try JSONResponse.make(try await store.sendTimes.refreshPattern())
        }
        /// The messaging settings in force.
        routes.add(.get, "/api/v1/settings/messaging") { _, context in
            _ = try context.authorize(.read, .settings)
            return try JSONResponse.make(try await store.messages.settings())
        }
        /// Replaces the messaging settings (admins only).
        routes.add(.put, "/api/v1/settings/messaging") { request, context in
            let actor = try context.authorize(.write, .settings)
            let body = try RequestBody.decode(MessagingSettings.self, from: try await RequestBody.object(request, context: context).data)
            return try JSONResponse.make(try await store.messages.replaceSettings(body, by: actor))
        }
        /// Makes a preference centre link for the person (the token is shown only in this response).
        routes.add(.post, "/api/v1/constituents/:id/preference-link") { _, context in
            let actor = try context.authorize(.write, .messages)
            let token = try await store.messages.preferenceLink(for: try context.recordId(of: "constituent"), by: actor)
            return try JSONResponse.make(["token": token, "path": "/p/pref/\(token)"], status: .created)
        }
        /// The person's current choices and their preference history, newest first.
        routes.add(.get, "/api/v1/constituents/:id/preferences") { _, context in
            let actor = try context.authorize(.read, .messages)
            let id = try context.recordId(of: "constituent")
            _ = try await store.constituents.get(id, by: actor)
            return try JSONResponse.make(PreferencesView(choices: try await store.messages.choices(ofPerson: id), history: try await store.messages.preferenceHistory(of: id)))
        }
    }
}

/// A person's choices as the API shows them.
struct PreferencesView: Encodable {
    /// The current choices.
    let choices: PreferenceChoices
    /// Every recorded change, newest first.
    let history: [PreferenceRecord]
}
