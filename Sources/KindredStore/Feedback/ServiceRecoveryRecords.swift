import Foundation
import KindredCore
import SQLKit

extension Schema {
    /// Version 21: each supporter's account owner (follow-ups go to them first) and the escalations of overdue
    /// follow-ups (each escalated once, to a manager, as a task of its own).
    @Sendable static func version21(_ flavor: SQLFlavor) -> [String] {
        [
            "ALTER TABLE constituents ADD COLUMN account_owner_id TEXT REFERENCES staff_users (id) ON DELETE SET NULL",
            """
            CREATE TABLE task_escalations (
              task_id TEXT PRIMARY KEY REFERENCES tasks (id) ON DELETE CASCADE, escalation_task_id TEXT NOT NULL,
              escalated_to TEXT, escalated_at TEXT NOT NULL
            )
            """,
            "CREATE INDEX task_escalations_escalation ON task_escalations (escalation_task_id)",
        ]
    }
}

/// An overdue follow-up handed to a manager.
public struct Escalation: Sendable, Hashable, Codable {
    /// The overdue follow-up task.
    public let taskId: String
    /// The manager's task about it.
    public let escalationTaskId: String
    /// The manager, when there is one.
    public let escalatedTo: String?
    /// The supporter.
    public let constituentId: String
}

/// The organisation's service-recovery settings.
public enum ServiceRecoverySettingsStore {
    static let setting = StoredSetting(key: "service_recovery", fallback: ServiceRecoverySettings.defaults)

    /// The settings in force.
    public static func load(in database: Database) async throws -> ServiceRecoverySettings {
        try await database.read { try await setting.load(on: $0) }
    }

    /// Replaces the settings (validated; the manager must be a staff user).
    public static func replace(_ value: ServiceRecoverySettings, by actor: Actor, in database: Database, at now: Timestamp) async throws -> ServiceRecoverySettings {
        let valid = try value.validated()
        try await database.write { connection in
            if let manager = valid.escalationManagerId,
               try await connection.raw("SELECT id FROM staff_users WHERE id = \(bind: manager)").first() == nil {
                throw StoreError.invalidReference(field: "escalationManagerId", message: "refers to a staff user that does not exist")
            }
            try await setting.save(valid, by: actor, at: now, on: connection)
        }
        return valid
    }
}

extension FeedbackRecords {
    /// Who a new follow-up goes to: the supporter's account owner while their account is active, else round robin
    /// among the active fundraisers.
    static func followUpAssignee(for constituentId: String, on connection: any SQLDatabase) async throws -> String? {
        let owner = try await connection.raw("""
            SELECT u.id FROM constituents c JOIN staff_users u ON u.id = c.account_owner_id
            WHERE c.id = \(bind: constituentId) AND u.disabled = \(bind: false)
            """).first()?.decode(column: "id", as: String.self)
        if let owner { return owner }
        return try await nextFundraiser(on: connection)
    }
}

extension KindredStore {
    /// Hands every open follow-up that was due before `today` (and not yet escalated) to a manager: a task of their own,
    /// due today, naming the overdue one. Each is escalated once; escalation tasks are not escalated again.
    public func escalateOverdueFollowUps(today: CalendarDate) async throws -> [Escalation] {
        let now = clock()
        return try await database.write { connection in
            let settings = try await ServiceRecoverySettingsStore.setting.load(on: connection)
            let overdue = try await connection.raw("""
                SELECT t.id, t.constituent_id, t.title, t.due_on, u.email FROM tasks t LEFT JOIN staff_users u ON u.id = t.assignee_id
                WHERE t.kind = 'service_recovery' AND t.status = 'open' AND t.due_on < \(bind: today.description)
                  AND NOT EXISTS (SELECT 1 FROM task_escalations e WHERE e.task_id = t.id OR e.escalation_task_id = t.id)
                ORDER BY t.due_on, t.id LIMIT 500
                """).all()
            var escalations: [Escalation] = []
            for row in overdue {
                let taskId = try row.text("id"), constituentId = try row.text("constituent_id")
                let manager = try await Self.manager(settings, on: connection)
                let fields = StaffTaskFields(
                    constituentId: constituentId, title: "Overdue follow-up: \(try row.text("title"))", kind: .serviceRecovery,
                    details: "Task \(taskId) was due \(try row.text("due_on")) and is still open (assigned to \(try row.optionalText("email") ?? "nobody")).",
                    assigneeId: manager, dueOn: today, status: .open)
                let record = Record(id: RecordIdentifier.make(at: now), createdAt: now, updatedAt: now, fields: fields)
                try await StaffTaskRecords.mapping.insert(record, on: connection)
                try await connection.raw("""
                    INSERT INTO task_escalations (task_id, escalation_task_id, escalated_to, escalated_at)
                    VALUES (\(bind: taskId), \(bind: record.id), \(bind: manager), \(bind: now.description))
                    """).run()
                try await AuditLog.record(.create, entity: StaffTaskRecords.mapping.entity, id: record.id, by: .system, at: now, on: connection)
                escalations.append(Escalation(taskId: taskId, escalationTaskId: record.id, escalatedTo: manager, constituentId: constituentId))
                try await WebhookOutbox.enqueue(.taskOverdue, ["taskId": .string(taskId), "escalationTaskId": .string(record.id), "constituentId": .string(constituentId),
                                                               "dueOn": .string(try row.text("due_on")), "escalatedTo": manager.map(JSONValue.string) ?? .null],
                                                at: now, on: connection)
            }
            return escalations
        }
    }

    /// The configured manager while active, else the active admin with the fewest open escalations.
    private static func manager(_ settings: ServiceRecoverySettings, on connection: any SQLDatabase) async throws -> String? {
        if let id = settings.escalationManagerId,
           try await connection.raw("SELECT id FROM staff_users WHERE id = \(bind: id) AND disabled = \(bind: false)").first() != nil {
            return id
        }
        return try await connection.raw("""
            SELECT u.id FROM staff_users u LEFT JOIN task_escalations e ON e.escalated_to = u.id
            LEFT JOIN tasks t ON t.id = e.escalation_task_id AND t.status = 'open'
            WHERE u.role = 'admin' AND u.disabled = \(bind: false) GROUP BY u.id ORDER BY COUNT(t.id), u.id LIMIT 1
            """).first()?.decode(column: "id", as: String.self)
    }
}
