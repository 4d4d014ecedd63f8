import Foundation
import KindredCore
import SQLKit

extension Schema {
    /// Version 19: feedback from every channel, with the sentiment read in it and why it needs a follow-up; found by
    /// constituent for the person page and by time for reports.
    @Sendable static func version19(_ flavor: SQLFlavor) -> [String] {
        [
            """
            CREATE TABLE feedback (
              id TEXT PRIMARY KEY, constituent_id TEXT NOT NULL REFERENCES constituents (id) ON DELETE CASCADE,
              channel TEXT NOT NULL \(oneOf("channel", FeedbackChannel.self)), text TEXT NOT NULL, rating INTEGER,
              scale TEXT \(oneOf("scale", RatingScale.self, nullable: true)), complaint BOOLEAN NOT NULL, language TEXT, received_at TEXT,
              sentiment_score DOUBLE PRECISION NOT NULL, sentiment TEXT NOT NULL,
              recovery_reason TEXT \(oneOf("recovery_reason", RecoveryReason.self, nullable: true)), \(timestamps)
            )
            """,
            "CREATE INDEX feedback_constituent ON feedback (constituent_id, id)",
            "CREATE INDEX feedback_received ON feedback (received_at)",
        ]
    }
}

/// How feedback is stored, and what storing it sets off: the answer on the person's timeline (the voice dimension of
/// engagement) and, for an unhappy supporter, a service-recovery task.
enum FeedbackRecords {
    static let mapping = TableMapping<FeedbackFields>(
        table: "feedback", entity: "feedback",
        ownership: .constituents { [("constituentId", $0.constituentId)] }, ownerColumns: ["constituent_id"],
        externalReference: { _ in nil },
        columns: { fields in
            [("constituent_id", fields.constituentId), ("channel", fields.channel.rawValue), ("text", fields.text), ("rating", fields.rating),
             ("scale", fields.scale?.rawValue), ("complaint", fields.complaint), ("language", fields.language?.rawValue),
             ("received_at", fields.receivedAt?.description), ("sentiment_score", fields.sentiment.score),
             ("sentiment", jsonText(fields.sentiment)),
             ("recovery_reason", fields.recoveryReason?.rawValue)]
        },
        decode: { row in
            var fields = FeedbackFields(
                constituentId: try row.text("constituent_id"), channel: try row.vocabulary("channel"), text: try row.text("text"),
                rating: try row.optionalInt64("rating").map(Int.init), scale: try row.optionalVocabulary("scale"),
                complaint: try row.bool("complaint"), language: try row.optionalVocabulary("language"),
                receivedAt: try row.optionalText("received_at").flatMap(Timestamp.init(iso8601:)))
            fields.sentiment = try JSONDecoder().decode(Sentiment.self, from: Data(try row.text("sentiment").utf8))
            fields.recoveryReason = try row.optionalVocabulary("recovery_reason")
            return fields
        })

    /// Stores feedback that arrived other than through the repository (an event, a survey answer): the follow-up rule in
    /// force applied, then the follow-up task when it needs one and, with `interaction`, its voice interaction.
    static func insert(_ fields: FeedbackFields, interaction: Bool, by actor: Actor, at now: Timestamp, on connection: any SQLDatabase) async throws {
        let settings = try await ServiceRecoverySettingsStore.setting.load(on: connection)
        let record = Record(id: RecordIdentifier.make(at: now), createdAt: now, updatedAt: now, fields: settings.applied(to: fields))
        try await mapping.insert(record, on: connection)
        try await afterCreate(record, interaction: interaction, on: connection)
        try await AuditLog.record(.create, entity: mapping.entity, id: record.id, by: actor, at: now, on: connection)
    }

    /// After new feedback is stored: its interaction on the timeline (unless `interaction` is false: a survey answer has
    /// its own), the follow-up task when it needs one, and the `feedback.created` webhook.
    static func afterCreate(_ record: Record<FeedbackFields>, interaction withInteraction: Bool = true, on connection: any SQLDatabase) async throws {
        let fields = record.fields, received = fields.receivedAt ?? record.createdAt
        var data: [String: JSONValue] = ["feedbackId": .string(record.id), "constituentId": .string(fields.constituentId), "channel": .string(fields.channel.rawValue),
                                         "text": .string(fields.text), "sentiment": .number(fields.sentiment.score)]
        if let rating = fields.rating, let scale = fields.scale { (data["rating"], data["scale"]) = (.number(Double(rating)), .string(scale.rawValue)) }
        if let reason = fields.recoveryReason { data["recoveryReason"] = .string(reason.rawValue) }
        try await WebhookOutbox.enqueue(.feedbackCreated, data, at: record.createdAt, on: connection)
        guard withInteraction else { return try await openFollowUp(for: record, on: connection) }
        var properties: [String: JSONValue] = ["feedbackId": .string(record.id), "sentiment": .number(fields.sentiment.score)]
        if let rating = fields.rating, let scale = fields.scale { (properties["rating"], properties["scale"]) = (.number(Double(rating)), .string(scale.rawValue)) }
        let interaction = InteractionFields(constituentId: fields.constituentId, type: "feedback_given", channel: fields.channel.rawValue,
                                            occurredAt: received, direction: .inbound, properties: properties)
        try await EngagementLedger.record(interaction, at: record.createdAt, on: connection)
        try await openFollowUp(for: record, on: connection)
    }

    /// Opens the service-recovery task for feedback that needs one (nothing otherwise).
    static func openFollowUp(for record: Record<FeedbackFields>, on connection: any SQLDatabase) async throws {
        let fields = record.fields, received = fields.receivedAt ?? record.createdAt
        guard let reason = fields.recoveryReason else { return }
        let settings = try await ServiceRecoverySettingsStore.setting.load(on: connection)
        let task = StaffTaskFields(
            constituentId: fields.constituentId, title: title(for: reason), kind: .serviceRecovery,
            details: "Feedback \(record.id) (\(fields.channel.rawValue)): \(String(fields.text.prefix(1_000)))",
            assigneeId: try await followUpAssignee(for: fields.constituentId, on: connection),
            dueOn: received.utcDate.addingBusinessDays(settings.businessDaysToFollowUp), status: .open)
        let taskRecord = Record(id: RecordIdentifier.make(at: record.createdAt), createdAt: record.createdAt, updatedAt: record.createdAt, fields: task)
        try await StaffTaskRecords.mapping.insert(taskRecord, on: connection)
        try await AuditLog.record(.create, entity: StaffTaskRecords.mapping.entity, id: taskRecord.id, by: .system, at: record.createdAt, on: connection)
    }

    /// The task's line for each reason.
    static func title(for reason: RecoveryReason) -> String {
        switch reason {
        case .complaint: "Close the loop on a complaint"
        case .detractor: "Close the loop with a detractor (NPS 0–6)"
        case .lowSatisfaction: "Close the loop on a low satisfaction rating"
        case .negativeSentiment: "Close the loop on negative feedback"
        }
    }

    /// Round robin among the active fundraisers: the one with the fewest open service-recovery tasks (ties by id);
    /// nil when there is none, and the task waits unassigned in the shared inbox.
    static func nextFundraiser(on connection: any SQLDatabase) async throws -> String? {
        try await connection.raw("""
            SELECT u.id FROM staff_users u LEFT JOIN tasks t ON t.assignee_id = u.id AND t.status = 'open' AND t.kind = 'service_recovery'
            WHERE u.role = 'fundraiser' AND u.disabled = \(bind: false) GROUP BY u.id ORDER BY COUNT(t.id), u.id LIMIT 1
            """).first()?.decode(column: "id", as: String.self)
    }
}

extension KindredStore {
    /// Feedback from every channel; a new piece lands on the person's timeline and, for an unhappy supporter, opens a
    /// service-recovery task.
    public var feedback: Repository<FeedbackFields> {
        repository(FeedbackRecords.mapping, prepare: { fields, connection in
            try await ServiceRecoverySettingsStore.setting.load(on: connection).applied(to: fields)
        }, afterWrite: { record, previous, connection in
            if previous == nil { try await FeedbackRecords.afterCreate(record, on: connection) }
        })
    }
}
