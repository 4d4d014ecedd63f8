import Foundation
import Hummingbird
import KindredCore
import KindredStore

/// The person page's household, relationships, consent and possible duplicates.
struct PersonConnections {
    struct Relation { let id: String; let name: String; let kind: String }
    struct Duplicate { let id: String; let name: String; let score: Int; let matched: String; let review: String }
    struct Consent { let channel: String; let status: String; let date: String; let source: String }
    let household: String?
    let relations: [Relation]
    let consent: [Consent]
    let consentChannels: [FilterOption]
    let duplicates: [Duplicate]
    let canMerge: Bool
}

extension WebRoutes {
    /// Who the person lives with and is related to (people the reader may not see are left out), their consent per
    /// channel, and the records that may be the same person.
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
                                   kind: relationship.fields.customKind ?? VocabularyLabels.label("relationship", relationship.fields.kind.rawValue, language)))
        }
        let zone = try await OrganisationSettingsStore.profile(in: store.database).zone
        let consent = try await ConstituentQueries(store: store).currentConsent(of: id, by: actor).map {
            PersonConnections.Consent(channel: VocabularyLabels.label("consent_channel", $0.fields.channel.rawValue, language), status: Catalogue.text("consent_\($0.fields.status.rawValue)", language),
                                      date: WebFormat.date($0.fields.recordedAt, language, timeZone: zone), source: $0.fields.source)
        }
        let duplicates = try await DuplicateFinder(store: store).candidates(of: id, visibleTo: actor).map { candidate in
            let pair = candidate.pair, otherIsFirst = pair.secondId == id
            return PersonConnections.Duplicate(
                id: otherIsFirst ? pair.firstId : pair.secondId, name: otherIsFirst ? candidate.firstName : candidate.secondName, score: pair.score,
                matched: pair.matched.map { VocabularyLabels.label("match", $0.rawValue, language) }.joined(separator: ", "),
                review: "/duplicates/review?first=\(pair.firstId)&second=\(pair.secondId)")
        }
        return PersonConnections(household: household, relations: relations, consent: consent,
                                 consentChannels: VocabularyLabels.options(ConsentChannel.self, "consent_channel", language), duplicates: duplicates,
                                 canMerge: AccessPolicy.allows(session.user.role, .write, .constituents))
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
