import Foundation
import KindredCore
import SQLKit

extension Schema {
    /// Version 27: engagement plans, each person's enrolments (one per plan, person and triggering record, so a
    /// trigger seen twice enrols once) and the step jobs that run them.
    @Sendable static func version27(_ flavor: SQLFlavor) -> [String] {
        [
            """
            CREATE TABLE engagement_plans (
              id TEXT PRIMARY KEY, name TEXT NOT NULL, active BOOLEAN NOT NULL, definition TEXT NOT NULL, scanned_until TEXT, \(timestamps)
            )
            """,
            """
            CREATE TABLE plan_enrolments (
              id TEXT PRIMARY KEY, plan_id TEXT NOT NULL REFERENCES engagement_plans (id) ON DELETE CASCADE,
              constituent_id TEXT NOT NULL REFERENCES constituents (id) ON DELETE CASCADE, trigger_ref TEXT NOT NULL, enrolled_at TEXT NOT NULL,
              UNIQUE (plan_id, constituent_id, trigger_ref)
            )
            """,
            """
            CREATE TABLE plan_jobs (
              id TEXT PRIMARY KEY, enrolment_id TEXT NOT NULL REFERENCES plan_enrolments (id) ON DELETE CASCADE,
              plan_id TEXT NOT NULL, constituent_id TEXT NOT NULL, step_index INTEGER NOT NULL, due_at TEXT NOT NULL,
              status TEXT NOT NULL CHECK (status IN ('pending', 'done', 'skipped', 'failed')), result TEXT, done_at TEXT,
              UNIQUE (enrolment_id, step_index)
            )
            """,
            "CREATE INDEX plan_jobs_due ON plan_jobs (status, due_at)",
            "CREATE INDEX plan_jobs_plan ON plan_jobs (plan_id, id)",
        ]
    }
}

/// How engagement plans are stored: name and state in columns, trigger, condition and steps as one JSON document.
enum EngagementPlanRecords {
    static let mapping = TableMapping<EngagementPlanFields>(
        table: "engagement_plans", entity: "engagement_plan", ownership: .shared, ownerColumns: [], externalReference: { _ in nil },
        columns: { fields in [("name", fields.name), ("active", fields.active), ("definition", jsonText(Definition(fields)))] },
        decode: { row in
            let definition = try JSONDecoder().decode(Definition.self, from: Data(try row.text("definition").utf8))
            return EngagementPlanFields(name: try row.text("name"), active: try row.bool("active"), trigger: definition.trigger,
                                        condition: definition.condition, steps: definition.steps, skipWeekends: definition.skipWeekends,
                                        quietHours: definition.quietHours ?? false)
        })

    /// The part of a plan kept as JSON.
    struct Definition: Codable {
        let trigger: PlanTrigger
        let condition: String?
        let steps: [PlanStep]
        let skipWeekends: Bool
        /// Absent in plans stored before quiet hours applied to plans.
        let quietHours: Bool?

        init(_ fields: EngagementPlanFields) {
            (trigger, condition, steps, skipWeekends, quietHours) = (fields.trigger, fields.condition, fields.steps, fields.skipWeekends, fields.quietHours)
        }
    }
}

/// One step job of a plan, as the API lists it.
public struct PlanJob: Sendable, Hashable, Codable {
    /// The job and the person.
    public let id: String, constituentId: String
    /// Which step, and when it is due.
    public let stepIndex: Int, dueAt: Timestamp
    /// `pending`, `done`, `skipped` (the condition no longer held) or `failed`, with what happened.
    public let status: String, result: String?
    /// When it ran.
    public let doneAt: Timestamp?
}

extension KindredStore {
    /// Engagement plans; a plan's segment and templates must exist. A new plan starts looking at what happens from its
    /// creation on.
    public var engagementPlans: Repository<EngagementPlanFields> {
        repository(EngagementPlanRecords.mapping, references: { fields in
            [Reference(field: "trigger.segmentId", table: "segments", id: fields.trigger.segmentId)]
                + fields.steps.enumerated().map { Reference(field: "steps[\($0.offset)].templateId", table: "message_templates", id: $0.element.templateId) }
        })
    }

    /// A plan's step jobs, newest first.
    public func planJobs(planId: String, cursor: String?, limit: Int, by actor: Actor) async throws -> Page<PlanJob> {
        _ = try await engagementPlans.get(planId, by: actor)
        var query: SQLQueryString = "SELECT * FROM plan_jobs WHERE plan_id = \(bind: planId)"
        if let cursor { query = query + " AND id < \(bind: cursor)" }
        if let scope = ScopeFilter.condition(actor.scope, column: "plan_jobs.constituent_id") { query = query + " AND " + scope }
        let statement = query + " ORDER BY id DESC LIMIT \(literal: limit + 1)"
        let rows = try await database.read { try await $0.raw(statement).all() }
        let items = try rows.prefix(limit).map { row in
            PlanJob(id: try row.text("id"), constituentId: try row.text("constituent_id"), stepIndex: Int(try row.int64("step_index")),
                    dueAt: try row.timestamp("due_at"), status: try row.text("status"), result: try row.optionalText("result"), doneAt: try row.optionalTimestamp("done_at"))
        }
        return Page(items: items, nextCursor: rows.count > limit ? items.last?.id : nil)
    }
}
