import Foundation
import Hummingbird
import KindredCore
import KindredStore

/// The person page's household, relationships and consent.
struct PersonConnections {
    struct Relation { let id: String; let name: String; let kind: String }
    struct Consent { let channel: String; let status: String; let date: String; let source: String }
    let household: String?
    let relations: [Relation]
    let consent: [Consent]
    let consentChannels: [String]
}

extension WebRoutes {
    /// Who the person lives with and is related to (people the reader may not see are left out), and their consent per channel.
    func connections(of record: Record<ConstituentFields>, session: WebSession) async throws -> PersonConnections {
        let actor = session.actor, language = session.language, id = record.id
        let household = try await record.fields.householdId.asyncMap { try await store.households.get($0, by: actor).fields.name }
        let outgoing = try await store.relationships.list(filters: [("from_id", id)], cursor: nil, limit: 50, by: actor).items
        let incoming = try await store.relationships.list(filters: [("to_id", id)], cursor: nil, limit: 50, by: actor).items
        var relations: [PersonConnections.Relation] = []
        for relationship in outgoing + incoming {
            let other = relationship.fields.fromId == id ? relationship.fields.toId : relationship.fields.fromId
            guard let person = try? await store.constituents.get(other, by: actor) else { continue }
            relations.append(.init(id: other, name: person.fields.displayName,
                                   kind: relationship.fields.customKind ?? relationship.fields.kind.rawValue.replacingOccurrences(of: "_", with: " ")))
        }
        let zone = try await OrganisationSettingsStore.profile(in: store.database).zone
        let consent = try await ConstituentQueries(store: store).currentConsent(of: id, by: actor).map {
            PersonConnections.Consent(channel: $0.fields.channel.rawValue, status: Catalogue.text("consent_\($0.fields.status.rawValue)", language),
                                      date: WebFormat.date($0.fields.recordedAt, language, timeZone: zone), source: $0.fields.source)
        }
        return PersonConnections(household: household, relations: relations, consent: consent, consentChannels: ConsentChannel.allCases.map(\.rawValue))
    }

    /// Records consent given or withdrawn on a channel, as told to a staff member.
    func recordConsent(_ request: Request, _ context: KindredRequestContext) async throws -> Response {
        let (actor, id, form) = try await personPost(request, context, .consent)
        let input = ConsentInput(constituentId: id, channel: form["channel"].flatMap(ConsentChannel.init(rawValue:)),
                                 status: form["status"].flatMap(ConsentStatus.init(rawValue:)), recordedAt: store.clock(), source: "staff",
                                 note: form["note"])
        _ = try await store.consent.create(try input.validated(), by: actor)
        return WebRenderer.redirect("/people/\(id)")
    }
}

extension Optional {
    /// The wrapped value transformed by an async function, or nil.
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
