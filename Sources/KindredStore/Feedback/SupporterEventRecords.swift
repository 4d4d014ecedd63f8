import Foundation
import KindredCore
import SQLKit

extension Schema {
    /// Version 25: supporter events and their registrations (one per person and event; only a hash of each
    /// registration's personal link is kept), with check-in for attendance and the post-event survey link made for it.
    @Sendable static func version25(_ flavor: SQLFlavor) -> [String] {
        [
            """
            CREATE TABLE supporter_events (
              id TEXT PRIMARY KEY, name TEXT NOT NULL, description TEXT, starts_at TEXT NOT NULL, ends_at TEXT, location TEXT, capacity INTEGER,
              status TEXT NOT NULL \(oneOf("status", SupporterEventStatus.self)), survey_id TEXT REFERENCES surveys (id) ON DELETE SET NULL, \(timestamps)
            )
            """,
            """
            CREATE TABLE event_registrations (
              id TEXT PRIMARY KEY, event_id TEXT NOT NULL REFERENCES supporter_events (id),
              constituent_id TEXT NOT NULL REFERENCES constituents (id) ON DELETE CASCADE, token_hash TEXT NOT NULL UNIQUE,
              registered_at TEXT NOT NULL, checked_in_at TEXT, survey_link_id TEXT, UNIQUE (event_id, constituent_id)
            )
            """,
            "CREATE INDEX event_registrations_constituent ON event_registrations (constituent_id)",
        ]
    }
}

/// How supporter events are stored.
enum SupporterEventRecords {
    static let mapping = TableMapping<SupporterEventFields>(
        table: "supporter_events", entity: "supporter_event", ownership: .shared, ownerColumns: [], externalReference: { _ in nil },
        columns: { fields in
            [("name", fields.name), ("description", fields.description), ("starts_at", fields.startsAt.description), ("ends_at", fields.endsAt?.description),
             ("location", fields.location), ("capacity", fields.capacity), ("status", fields.status.rawValue), ("survey_id", fields.surveyId)]
        },
        decode: { row in
            SupporterEventFields(name: try row.text("name"), description: try row.optionalText("description"), startsAt: try row.timestamp("starts_at"),
                                 endsAt: try row.optionalText("ends_at").flatMap(Timestamp.init(iso8601:)), location: try row.optionalText("location"),
                                 capacity: try row.optionalInt64("capacity").map(Int.init), status: try row.vocabulary("status"),
                                 surveyId: try row.optionalText("survey_id"))
        })
}

/// One registration for an event.
public struct EventRegistration: Sendable, Hashable, Codable {
    /// Its id.
    public let id: String
    /// The event and the person.
    public let eventId: String, constituentId: String
    /// When they registered, and checked in (attended).
    public let registeredAt: Timestamp, checkedInAt: Timestamp?
}

/// What became of a registration request.
public enum RegistrationOutcome: Sendable, Equatable {
    /// Registered: the personal link's token.
    case registered(token: String)
    /// Already registered: no new link is given (whoever knows an email address must not take over that person's link).
    case alreadyRegistered
    /// The event is full.
    case full
    /// The event takes no registrations (closed, cancelled or started).
    case closed
    /// No event has this id.
    case unknownEvent
}

extension KindredStore {
    /// Supporter events.
    public var supporterEvents: Repository<SupporterEventFields> {
        repository(SupporterEventRecords.mapping, references: { [Reference(field: "surveyId", table: "surveys", id: $0.surveyId)] })
    }

    /// How many have registered for an event.
    public func registrationCount(eventId: String) async throws -> Int {
        try await database.read { connection in try await Self.registrations(eventId, on: connection) }
    }

    /// Registers `person` (found by email, else created) for an event that is open, has not started and has room; the
    /// registration lands on their timeline (participation). Someone registered before keeps their link.
    public func register(eventId: String, person: ConstituentFields) async throws -> RegistrationOutcome {
        guard RecordIdentifier.isValid(eventId) else { return .unknownEvent }
        let now = clock(), token = StaffDirectory.randomToken(prefix: "kr_")
        return try await database.write { connection in
            guard let event = try await SupporterEventRecords.mapping.fetch(id: eventId, on: connection) else { return .unknownEvent }
            guard event.fields.status == .open, event.fields.startsAt > now else { return .closed }
            let personId = try await Self.findOrCreate(person, at: now, on: connection)
            if try await connection.raw("SELECT id FROM event_registrations WHERE event_id = \(bind: eventId) AND constituent_id = \(bind: personId)").first() != nil {
                return .alreadyRegistered
            }
            if let capacity = event.fields.capacity, try await Self.registrations(eventId, on: connection) >= capacity { return .full }
            try await connection.raw("""
                INSERT INTO event_registrations (id, event_id, constituent_id, token_hash, registered_at)
                VALUES (\(bind: RecordIdentifier.make(at: now)), \(bind: eventId), \(bind: personId), \(bind: StaffDirectory.hash(token)), \(bind: now.description))
                """).run()
            try await Self.participation("event_registered", eventId: eventId, personId: personId, at: now, on: connection)
            return .registered(token: token)
        }
    }

    /// Records that a registered person came: the `event_attended` interaction (participation). Not found without a
    /// registration; a conflict when already checked in.
    public func checkIn(eventId: String, constituentId: String, by actor: Actor) async throws -> EventRegistration {
        let now = clock()
        return try await database.write { connection in
            guard let row = try await connection.raw("SELECT * FROM event_registrations WHERE event_id = \(bind: eventId) AND constituent_id = \(bind: constituentId)").first(),
                  try await ScopeFilter.isVisible(constituentId, actor.scope, on: connection) else {
                throw StoreError.notFound(entity: "registration", id: constituentId)
            }
            guard try row.optionalText("checked_in_at") == nil else { throw StoreError.conflict("this person has already checked in") }
            try await connection.raw("UPDATE event_registrations SET checked_in_at = \(bind: now.description) WHERE id = \(bind: try row.text("id"))").run()
            try await Self.participation("event_attended", eventId: eventId, personId: constituentId, at: now, on: connection)
            try await AuditLog.record(.update, entity: "registration", id: try row.text("id"), by: actor, at: now, on: connection)
            return EventRegistration(id: try row.text("id"), eventId: eventId, constituentId: constituentId, registeredAt: try row.timestamp("registered_at"), checkedInAt: now)
        }
    }

    /// An event's registrations the actor may see, oldest first.
    public func registrations(eventId: String, by actor: Actor) async throws -> [EventRegistration] {
        var query: SQLQueryString = "SELECT * FROM event_registrations WHERE event_id = \(bind: eventId)"
        if let scope = ScopeFilter.condition(actor.scope, column: "constituent_id") { query = query + " AND " + scope }
        let scoped = query + " ORDER BY registered_at, id"
        return try await database.read { connection in
            guard try await SupporterEventRecords.mapping.fetch(id: eventId, on: connection) != nil else { throw StoreError.notFound(entity: "supporter_event", id: eventId) }
            return try await connection.raw(scoped).all().map { row in
                EventRegistration(id: try row.text("id"), eventId: eventId, constituentId: try row.text("constituent_id"), registeredAt: try row.timestamp("registered_at"),
                                  checkedInAt: try row.optionalText("checked_in_at").flatMap(Timestamp.init(iso8601:)))
            }
        }
    }

    static func registrations(_ eventId: String, on connection: any SQLDatabase) async throws -> Int {
        Int(try await connection.raw("SELECT COUNT(*) AS n FROM event_registrations WHERE event_id = \(bind: eventId)").first()?.int64("n") ?? 0)
    }

    private static func findOrCreate(_ person: ConstituentFields, at now: Timestamp, on connection: any SQLDatabase) async throws -> String {
        if let email = person.emails.first,
           let found = try await connection.raw("SELECT constituent_id FROM constituent_emails WHERE email = \(bind: email) ORDER BY constituent_id LIMIT 1").first() {
            return try found.text("constituent_id")
        }
        let record = Record(id: RecordIdentifier.make(at: now), createdAt: now, updatedAt: now, fields: person)
        try await ConstituentRecords.mapping.insert(record, on: connection)
        try await ConstituentRecords.writeChildren(record, nil, connection)
        try await AuditLog.record(.create, entity: ConstituentRecords.mapping.entity, id: record.id, by: .system, at: now, on: connection)
        return record.id
    }

    private static func participation(_ type: String, eventId: String, personId: String, at now: Timestamp, on connection: any SQLDatabase) async throws {
        let interaction = InteractionFields(constituentId: personId, type: type, channel: "event", occurredAt: now, direction: .inbound,
                                            properties: ["supporterEventId": .string(eventId)])
        try await EngagementLedger.record(interaction, at: now, on: connection)
    }
}
