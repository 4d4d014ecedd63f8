import Foundation
import KindredCore
import SQLKit

/// What a registration's personal link opens: the event and where the person stands. Nothing else about them.
public struct RegistrationView: Sendable {
    /// The event.
    public let event: Record<SupporterEventFields>
    /// The person's preferred language.
    public let language: Language
    /// Whether they have checked in.
    public let attended: Bool
    /// Whether the event asks attendees a survey (open).
    public let hasSurvey: Bool
}

/// What asking for the post-event survey came to.
public enum PostEventSurvey: Sendable, Equatable {
    /// A fresh personal survey link (any earlier unanswered one stops working).
    case link(path: String)
    /// They have answered it already.
    case answered
    /// Only attendees are asked, and only for events with an open survey.
    case notAvailable
    /// No registration has this link.
    case unknown
}

extension KindredStore {
    /// The registration a personal link opens, or nil.
    public func registration(token: String) async throws -> RegistrationView? {
        guard token.count <= 100 else { return nil }
        return try await database.read { connection in
            guard let row = try await Self.registration(token, on: connection),
                  let event = try await SupporterEventRecords.mapping.fetch(id: try row.text("event_id"), on: connection) else { return nil }
            return RegistrationView(event: event, language: try row.optionalText("preferred_language").flatMap(Language.init(rawValue:)) ?? .en,
                                    attended: try row.optionalText("checked_in_at") != nil,
                                    hasSurvey: try await Self.openSurvey(of: event, on: connection) != nil)
        }
    }

    /// The post-event survey for an attendee: a new personal link to the event's survey, made when asked (a previous
    /// unanswered one is replaced, so it is answered once).
    public func postEventSurvey(token: String) async throws -> PostEventSurvey {
        guard token.count <= 100 else { return .unknown }
        let now = clock()
        return try await database.write { connection in
            guard let row = try await Self.registration(token, on: connection),
                  let event = try await SupporterEventRecords.mapping.fetch(id: try row.text("event_id"), on: connection) else { return .unknown }
            guard try row.optionalText("checked_in_at") != nil, let survey = try await Self.openSurvey(of: event, on: connection) else { return .notAvailable }
            if let previous = try row.optionalText("survey_link_id") {
                let answered = try await connection.raw("SELECT answered_at FROM survey_links WHERE id = \(bind: previous)").first()?.optionalText("answered_at")
                if answered != nil { return .answered }
                try await connection.raw("DELETE FROM survey_links WHERE id = \(bind: previous)").run()
            }
            let link = try await Self.insertSurveyLink(surveyId: survey, constituentId: try row.text("constituent_id"),
                                                       expiresAt: now.adding(milliseconds: 30 * 86_400_000), at: now, on: connection)
            try await connection.raw("UPDATE event_registrations SET survey_link_id = \(bind: link.id) WHERE id = \(bind: try row.text("id"))").run()
            return .link(path: "/p/s/\(link.token)")
        }
    }

    private static func registration(_ token: String, on connection: any SQLDatabase) async throws -> (any SQLRow)? {
        try await connection.raw("""
            SELECT r.*, c.preferred_language FROM event_registrations r JOIN constituents c ON c.id = r.constituent_id
            WHERE r.token_hash = \(bind: StaffDirectory.hash(token))
            """).first()
    }

    private static func openSurvey(of event: Record<SupporterEventFields>, on connection: any SQLDatabase) async throws -> String? {
        guard let id = event.fields.surveyId, let survey = try await SurveyRecords.mapping.fetch(id: id, on: connection),
              survey.fields.status == .open, survey.fields.audience == .supporters else { return nil }
        return id
    }
}
