import Foundation
import KindredCore
import SQLKit

/// One transaction's worth of event processing: who each id belongs to, and what each message becomes.
final class IngestSession {
    /// The kinds of id the tracking spec sends.
    enum IdentityKind: String { case user, anonymous }

    let connection: any SQLDatabase
    let actor: Actor
    let now: Timestamp
    let timeZone: TimeZone
    let mapping: EventMapping
    /// Person ids by `kind:value`, as far as looked up in this transaction.
    var identities: [String: String] = [:]
    /// The `kind:value` keys looked up (found or not) in this transaction.
    var lookedUp = Set<String>()

    init(connection: any SQLDatabase, actor: Actor, now: Timestamp, timeZone: TimeZone, mapping: EventMapping) {
        self.connection = connection
        self.actor = actor
        self.now = now
        self.timeZone = timeZone
        self.mapping = mapping
    }

    /// Stores a message unless its `messageId` is already stored, and applies it; false for a duplicate.
    func store(_ message: TrackingMessage) async throws -> Bool {
        let id = RecordIdentifier.make(at: now)
        let body = JSONText.serialize(message.jsonValue)
        let inserted = try await connection.raw("""
            INSERT INTO events (id, message_id, type, name, user_id, anonymous_id, previous_id, occurred_at, received_at, api_key_id, body)
            VALUES (\(bind: id), \(bind: message.messageId), \(bind: message.type.rawValue), \(bind: message.name),
                    \(bind: message.userId), \(bind: message.anonymousId), \(bind: message.previousId),
                    \(bind: message.timestamp.description), \(bind: now.description), \(bind: actor.id), \(bind: body))
            ON CONFLICT (message_id) DO NOTHING RETURNING id
            """).first()
        guard inserted != nil else { return false }
        try await apply(message, eventId: id)
        return true
    }

    /// Applies a stored message: to its person when known (or knowable), else it waits.
    private func apply(_ message: TrackingMessage, eventId: String) async throws {
        switch message.type {
        case .identify:
            let person = try await identify(message)
            try await attach(eventId, to: person)
            try await joinWaiting(userId: message.userId, anonymousId: message.anonymousId, to: person)
        case .alias:
            guard let person = try await alias(message) else { return }
            try await attach(eventId, to: person)
        case .track, .page, .screen:
            var person = try await known(userId: message.userId, anonymousId: message.anonymousId)
            if person == nil, message.userId != nil {
                person = try await createPerson(traits: message.context["traits"]?.objectValue ?? [:])
                try await link(userId: message.userId, anonymousId: message.anonymousId, to: person!)
            }
            guard let person else { return }
            try await attach(eventId, to: person)
            try await materialise(message, for: person)
        }
    }

    /// The person an identify call names: by user id, anonymous id or email, else a new one; traits applied.
    private func identify(_ message: TrackingMessage) async throws -> String {
        var person = try await known(userId: message.userId, anonymousId: message.anonymousId)
        if person == nil, let email = message.traits["email"]?.stringValue.flatMap(ContactNormalisation.email) {
            person = try await connection.raw("SELECT constituent_id FROM constituent_emails WHERE email = \(bind: email) ORDER BY constituent_id LIMIT 1")
                .first()?.text("constituent_id")
        }
        if let person {
            try await update(person, traits: message.traits)
        } else {
            person = try await createPerson(traits: message.traits)
        }
        try await link(userId: message.userId, anonymousId: message.anonymousId, to: person!)
        return person!
    }

    /// Joins `previousId` to `userId`'s person (or the reverse); nil while neither is known.
    private func alias(_ message: TrackingMessage) async throws -> String? {
        guard let previous = message.previousId, let userId = message.userId else { return nil }
        if let person = try await known(userId: userId, anonymousId: nil) {
            try await link(userId: nil, anonymousId: previous, to: person)
            try await joinWaiting(userId: previous, anonymousId: previous, to: person)
            return person
        }
        if let person = try await known(userId: previous, anonymousId: previous) {
            try await link(userId: userId, anonymousId: nil, to: person)
            try await joinWaiting(userId: userId, anonymousId: nil, to: person)
            return person
        }
        return nil
    }

    /// Applies every waiting message of these ids to the person, following aliases to further ids.
    private func joinWaiting(userId: String?, anonymousId: String?, to person: String) async throws {
        var users = Set([userId].compactMap { $0 }), anonymous = Set([anonymousId].compactMap { $0 })
        var seen = Set<String>()
        while !users.isEmpty || !anonymous.isEmpty {
            var conditions: [SQLQueryString] = []
            if !users.isEmpty { conditions.append("user_id IN (\(binds: users.sorted()))") }
            if !anonymous.isEmpty { conditions.append("anonymous_id IN (\(binds: anonymous.sorted()))") }
            users = []
            anonymous = []
            let rows = try await connection.raw("SELECT id, body FROM events WHERE constituent_id IS NULL AND (" + conditions.joined(separator: " OR ") + ") ORDER BY id").all()
            for row in rows {
                let id = try row.text("id")
                guard seen.insert(id).inserted else { continue }
                let message = try JSONDecoder().decode(TrackingMessage.self, from: Data(try row.text("body").utf8))
                try await attach(id, to: person)
                if message.type == .alias, let previous = message.previousId {
                    try await link(userId: message.userId, anonymousId: previous, to: person)
                    users.insert(previous)
                    anonymous.insert(previous)
                } else if message.type == .track || message.type == .page || message.type == .screen {
                    try await materialise(message, for: person)
                }
            }
        }
    }

    /// Records what a track, page or screen message means for the person: a gift for a donation with an amount,
    /// feedback for feedback with words or a rating (its interaction and any follow-up task with it), else an
    /// interaction of the mapped type.
    private func materialise(_ message: TrackingMessage, for person: String) async throws {
        let rule = mapping.rule(for: message.type == .track ? message.name ?? "" : "Page Viewed")
        if rule.interactionType == EventEnrichment.feedbackInteractionType, let feedback = try? EventEnrichment.feedback(from: message, constituentId: person) {
            try await FeedbackRecords.insert(feedback, interaction: true, by: actor, at: now, on: connection)
            return
        }
        if rule.createsGift, let gift = try? EventEnrichment.gift(from: message, constituentId: person) {
            guard try await GivingRecords.gift.fetch(source: gift.source ?? "", externalId: gift.externalId ?? "", on: connection) == nil else { return }
            let record = Record(id: RecordIdentifier.make(at: now), createdAt: now, updatedAt: now, fields: gift)
            try await GivingRecords.gift.insert(record, on: connection)
            try await GivingRecords.afterGiftWrite(record, nil, timeZone: timeZone, on: connection)
            try await AuditLog.record(.create, entity: "gift", id: record.id, by: actor, at: now, on: connection)
            // The form's completion, for donation-form friction by page and device; a type that counts no engagement.
            let completion = interaction(for: message, person: person, rule: EventRule(interactionType: FormFriction.completedType, channel: "web", dimension: nil))
            try await OtherRecords.insertInteractions([Record(id: RecordIdentifier.make(at: now), createdAt: now, updatedAt: now, fields: completion)], on: connection)
            return
        }
        let fields = interaction(for: message, person: person, rule: rule)
        try await OtherRecords.insertInteractions([Record(id: RecordIdentifier.make(at: now), createdAt: now, updatedAt: now, fields: fields)], on: connection)
    }

    /// The interaction a track, page or screen message records: its properties plus the page's URL and referrer and
    /// the device, keyed by the message id.
    func interaction(for message: TrackingMessage, person: String, rule: EventRule) -> InteractionFields {
        var properties = message.properties
        let page = message.context["page"]?.objectValue ?? [:]
        if message.type != .track, let name = message.name { properties["name"] = properties["name"] ?? .string(name) }
        properties["url"] = properties["url"] ?? page["url"]
        properties["referrer"] = properties["referrer"] ?? page["referrer"]
        properties["device"] = .string(EventEnrichment.device(userAgent: message.context["userAgent"]?.stringValue).rawValue)
        return InteractionFields(
            constituentId: person, type: rule.interactionType, channel: rule.channel, occurredAt: message.timestamp,
            direction: .inbound, properties: properties.filter { $0.value != .null }, source: "event_api", externalId: message.messageId)
    }

    /// Marks a stored message as belonging to the person.
    private func attach(_ eventId: String, to person: String) async throws {
        try await connection.raw("UPDATE events SET constituent_id = \(bind: person) WHERE id = \(bind: eventId)").run()
    }

    /// The person a user id or (failing that) an anonymous id is linked to.
    private func known(userId: String?, anonymousId: String?) async throws -> String? {
        if let userId, let person = try await lookup(.user, userId) { return person }
        if let anonymousId, let person = try await lookup(.anonymous, anonymousId) { return person }
        return nil
    }

    func lookup(_ kind: IdentityKind, _ value: String) async throws -> String? {
        let key = kind.rawValue + ":" + value
        if let cached = identities[key] { return cached }
        let found = try await connection.raw("SELECT constituent_id FROM identities WHERE kind = \(bind: kind.rawValue) AND value = \(bind: value)")
            .first()?.text("constituent_id")
        if let found { identities[key] = found }
        lookedUp.insert(key)
        return found
    }

    /// Links ids to a person; an id already linked keeps its first person.
    private func link(userId: String?, anonymousId: String?, to person: String) async throws {
        for (kind, value) in [(IdentityKind.user, userId), (.anonymous, anonymousId)] {
            guard let value, try await lookup(kind, value) == nil else { continue }
            try await connection.raw("""
                INSERT INTO identities (kind, value, constituent_id, created_at)
                VALUES (\(bind: kind.rawValue), \(bind: value), \(bind: person), \(bind: now.description))
                ON CONFLICT (kind, value) DO NOTHING
                """).run()
            identities[kind.rawValue + ":" + value] = person
        }
    }

    private func createPerson(traits: JSONValue.Object) async throws -> String {
        let input = (try? EventEnrichment.constituent(traits: traits, base: ConstituentInput())) ?? ConstituentInput(displayName: "Unnamed supporter")
        let record = Record(id: RecordIdentifier.make(at: now), createdAt: now, updatedAt: now, fields: try input.validated())
        try await ConstituentRecords.mapping.insert(record, on: connection)
        try await ConstituentRecords.writeChildren(record, nil, connection)
        try await AuditLog.record(.create, entity: "constituent", id: record.id, by: actor, at: now, on: connection)
        return record.id
    }

    /// Applies identify traits to a stored person; traits that would make the record invalid are left in the log only.
    private func update(_ person: String, traits: JSONValue.Object) async throws {
        guard !traits.isEmpty, let stored = try await ConstituentRecords.mapping.fetch(id: person, on: connection),
              let existing = try await ConstituentRecords.loadChildren([stored], connection).first,
              let input = try? EventEnrichment.constituent(traits: traits, base: ConstituentInput(existing.fields)),
              let fields = try? input.validated(), fields != existing.fields else { return }
        let record = Record(id: person, createdAt: existing.createdAt, updatedAt: max(now, existing.updatedAt), fields: fields)
        try await ConstituentRecords.mapping.update(record, on: connection)
        try await ConstituentRecords.writeChildren(record, existing.fields, connection)
        try await AuditLog.record(.update, entity: "constituent", id: person, by: actor, at: now, on: connection)
    }
}
