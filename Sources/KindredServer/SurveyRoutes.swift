import Foundation
import Hummingbird
import KindredCore
import KindredStore

/// A check-in: the registered person who came.
struct CheckInRequest: Codable {
    /// The person; required.
    var constituentId: String?
}

/// A request for a survey link: personal when it names a person.
struct SurveyLinkRequest: Codable {
    /// The person the link is for; absent for an anonymous link.
    var constituentId: String?
    /// Days until the link stops working: 1 to 3,650; a personal link lasts 180 days when absent, an anonymous one
    /// until the survey closes.
    var expiresInDays: Int?

    /// How long a personal link lasts unless told.
    static let personalDays = 180
}

/// The survey, idea and supporter-event collections, and the API beyond them: survey links, responses and results,
/// event registrations and check-ins.
enum SurveyRoutes {
    /// Registers the routes.
    static func register(on routes: RouteRecorder, store: KindredStore) {
        RecordRoutes<IdeaInput>(path: "ideas", resource: .feedback, schemaName: "Idea", filters: [.vocabulary("status", "status", IdeaStatus.self)],
                                repository: { $0.ideas }).register(on: routes, store: store)
        RecordRoutes<SupporterEventInput>(path: "supporter-events", resource: .feedback, schemaName: "SupporterEvent",
                                          filters: [.vocabulary("status", "status", SupporterEventStatus.self)],
                                          repository: { $0.supporterEvents }).register(on: routes, store: store)
        /// The event's registrations, oldest first, with who checked in.
        routes.add(.get, "/api/v1/supporter-events/:id/registrations") { _, context in
            let actor = try context.authorize(.read, .feedback)
            return try JSONResponse.make(["items": try await store.registrations(eventId: try context.recordId(of: "supporter event"), by: actor)])
        }
        /// Checks a registered person in: their attendance on the timeline, and the post-event survey open to them.
        routes.add(.post, "/api/v1/supporter-events/:id/check-ins") { request, context in
            let actor = try context.authorize(.write, .feedback)
            let body = try RequestBody.decode(CheckInRequest.self, from: try await RequestBody.object(request, context: context).data)
            var issues = IssueCollector()
            let person = issues.identifier(body.constituentId, "constituentId", required: true)
            try issues.throwIfAny()
            return try JSONResponse.make(try await store.checkIn(eventId: try context.recordId(of: "supporter event"), constituentId: person ?? "", by: actor))
        }
        RecordRoutes<SurveyInput>(path: "surveys", resource: .feedback, schemaName: "Survey", filters: [.vocabulary("status", "status", SurveyStatus.self)],
                                  repository: { $0.surveys }).register(on: routes, store: store)
        /// Creates a link to the survey (the token is shown only in this response).
        routes.add(.post, "/api/v1/surveys/:id/links") { request, context in
            let actor = try context.authorize(.write, .feedback)
            let id = try surveyId(context)
            let body = try RequestBody.decode(SurveyLinkRequest.self, from: try await RequestBody.object(request, context: context).data)
            var issues = IssueCollector()
            let constituentId = issues.identifier(body.constituentId, "constituentId")
            if let days = body.expiresInDays, !(1...3_650).contains(days) { issues.add("expiresInDays", "must be from 1 to 3650") }
            try issues.throwIfAny()
            let days = body.expiresInDays ?? (constituentId == nil ? nil : SurveyLinkRequest.personalDays)
            let expiresAt = days.map { store.clock().adding(milliseconds: Int64($0) * 86_400_000) }
            let link = try await store.createSurveyLink(surveyId: id, constituentId: constituentId, expiresAt: expiresAt, by: actor)
            return try JSONResponse.make(link, status: .created)
        }
        /// The survey's links, newest first, without their tokens.
        routes.add(.get, "/api/v1/surveys/:id/links") { request, context in
            let actor = try context.authorize(.read, .feedback)
            let query = QueryParameters(request: request)
            return try JSONResponse.make(try await store.surveyLinks(surveyId: try surveyId(context), cursor: try query.idCursor(), limit: try query.limit(), by: actor))
        }
        /// The survey's responses, newest first.
        routes.add(.get, "/api/v1/surveys/:id/responses") { request, context in
            let actor = try context.authorize(.read, .feedback)
            let query = QueryParameters(request: request)
            return try JSONResponse.make(try await store.surveyResponses(surveyId: try surveyId(context), cursor: try query.idCursor(), limit: try query.limit(), by: actor))
        }
        /// A staff pulse's results, each group shown only from five answers.
        routes.add(.get, "/api/v1/surveys/:id/pulse") { _, context in
            _ = try context.authorize(.read, .feedback)
            return try JSONResponse.make(try await store.pulseResults(surveyId: try surveyId(context)))
        }
        /// The survey's results: each question's answers, NPS or CSAT, distribution, options and verbatims.
        routes.add(.get, "/api/v1/surveys/:id/results") { _, context in
            let actor = try context.authorize(.read, .feedback)
            return try JSONResponse.make(try await store.surveyResults(surveyId: try surveyId(context), by: actor))
        }
    }

    private static func surveyId(_ context: KindredRequestContext) throws -> String { try context.recordId(of: "survey") }
}
