import KindredCore
import SQLKit

extension Schema {
    /// Version 11: staff tasks about constituents (thank-you calls, follow-ups, service recovery), found by assignee and
    /// due day for each person's inbox and by constituent for the person page.
    @Sendable static func version11(_ flavor: SQLFlavor) -> [String] {
        [
            """
            CREATE TABLE tasks (
              id TEXT PRIMARY KEY, constituent_id TEXT NOT NULL REFERENCES constituents (id) ON DELETE CASCADE,
              title TEXT NOT NULL, kind TEXT NOT NULL \(oneOf("kind", TaskKind.self)), details TEXT,
              assignee_id TEXT REFERENCES staff_users (id) ON DELETE SET NULL, due_on TEXT NOT NULL,
              status TEXT NOT NULL \(oneOf("status", TaskStatus.self)), closed_on TEXT, outcome TEXT, \(timestamps)
            )
            """,
            "CREATE INDEX tasks_constituent ON tasks (constituent_id, status, due_on)",
            "CREATE INDEX tasks_assignee ON tasks (assignee_id, status, due_on, id)",
            "CREATE INDEX tasks_status ON tasks (status, due_on, id)",
        ]
    }
}

/// How staff tasks are stored.
enum StaffTaskRecords {
    static let mapping = TableMapping<StaffTaskFields>(
        table: "tasks", entity: "task",
        ownership: .constituents { [("constituentId", $0.constituentId)] }, ownerColumns: ["constituent_id"],
        externalReference: { _ in nil },
        columns: { fields in
            [("constituent_id", fields.constituentId), ("title", fields.title), ("kind", fields.kind.rawValue), ("details", fields.details),
             ("assignee_id", fields.assigneeId), ("due_on", fields.dueOn.description), ("status", fields.status.rawValue),
             ("closed_on", fields.closedOn?.description), ("outcome", fields.outcome)]
        },
        decode: { row in
            StaffTaskFields(
                constituentId: try row.text("constituent_id"), title: try row.text("title"), kind: try row.vocabulary("kind"),
                details: try row.optionalText("details"), assigneeId: try row.optionalText("assignee_id"), dueOn: try row.date("due_on"),
                status: try row.vocabulary("status"), closedOn: try row.optionalDate("closed_on"), outcome: try row.optionalText("outcome"))
        })
}

extension KindredStore {
    /// Staff tasks; the assignee must be a staff user.
    public var tasks: Repository<StaffTaskFields> {
        repository(StaffTaskRecords.mapping, references: { [Reference(field: "assigneeId", table: "staff_users", id: $0.assigneeId)] })
    }
}
