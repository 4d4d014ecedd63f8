import Foundation
import KindredCore
import SQLKit

extension PlanEngine {
    /// What running one step did.
    enum Outcome { case done(String), skipped(String), failed(String) }

    /// Runs up to `limit` due step jobs, each in the transaction that marks it done (claimed `FOR UPDATE SKIP LOCKED` on
    /// PostgreSQL); answers how many ran.
    @discardableResult
    public func runDue(limit: Int = 500) async throws -> Int {
        let now = store.clock()
        let lock = store.database.flavor == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
        return try await store.database.write { connection in
            let jobs = try await connection.raw("""
                SELECT id, plan_id, constituent_id, step_index FROM plan_jobs WHERE status = 'pending' AND due_at <= \(bind: now.description)
                ORDER BY due_at, id LIMIT \(literal: limit)\(unsafeRaw: lock)
                """).all()
            var plans: [String: Record<EngagementPlanFields>] = [:], outcomes: [(id: String, status: String, result: String)] = []
            for job in jobs {
                let planId = try job.text("plan_id"), person = try job.text("constituent_id"), index = Int(try job.int64("step_index"))
                if plans[planId] == nil { plans[planId] = try await EngagementPlanRecords.mapping.fetch(id: planId, on: connection) }
                let outcome: Outcome
                if let plan = plans[planId], plan.fields.steps.indices.contains(index) {
                    outcome = try await run(plan.fields.steps[index], index, of: plan, for: person, at: now, on: connection)
                } else {
                    outcome = .failed("the plan no longer has this step")
                }
                let (status, result) = switch outcome {
                case .done(let text): ("done", text)
                case .skipped(let text): ("skipped", text)
                case .failed(let text): ("failed", text)
                }
                outcomes.append((try job.text("id"), status, result))
            }
            for start in stride(from: 0, to: outcomes.count, by: 300) {
                let values = SQLList(outcomes[start..<min(outcomes.count, start + 300)].map { SQLGroupExpression([SQLBind($0.id), SQLBind($0.status), SQLBind($0.result)]) })
                try await connection.raw("""
                    UPDATE plan_jobs SET status = v.column2, result = v.column3, done_at = \(bind: now.description) FROM (VALUES \(values)) AS v WHERE plan_jobs.id = v.column1
                    """).run()
            }
            return jobs.count
        }
    }

    /// One step for one person, inside the caller's transaction.
    private func run(_ step: PlanStep, _ index: Int, of plan: Record<EngagementPlanFields>, for person: String, at now: Timestamp,
                     on connection: any SQLDatabase) async throws -> Outcome {
        if let condition = plan.fields.condition, let rule = try? SegmentText.parse(condition) {
            let matches = try await connection.raw("SELECT 1 AS one FROM constituents WHERE constituents.id = \(bind: person) AND "
                                                   + (try await store.segments.compiler(on: connection).condition(rule))).first()
            if matches == nil { return .skipped("the condition no longer holds") }
        }
        switch step.action {
        case .createTask:
            let owner = try await connection.raw("SELECT account_owner_id FROM constituents WHERE id = \(bind: person)").first()?.optionalText("account_owner_id")
            let dueOn = try await OrganisationSettingsStore.profile.load(on: connection).localDate(now.adding(milliseconds: 2 * 86_400_000))
            let task = StaffTaskFields(constituentId: person, title: step.text ?? plan.fields.name, kind: step.taskKind ?? .call,
                                       details: "Engagement plan: \(plan.fields.name)", assigneeId: owner, dueOn: dueOn)
            let id = RecordIdentifier.make(at: now)
            try await StaffTaskRecords.mapping.insert(Record(id: id, createdAt: now, updatedAt: now, fields: task), on: connection)
            try await AuditLog.record(.create, entity: "task", id: id, by: .system, at: now, on: connection)
            return .done("task \(id)")
        case .sendMessage:
            guard let templateId = step.templateId, let template = try await MessageTemplateRecords.mapping.fetch(id: templateId, on: connection) else {
                return .failed("the template was deleted")
            }
            let summary = try await store.messages.queue([person], template, at: nil, atBestTime: false, impact: nil, source: "plan:\(plan.id)", on: connection)
            return summary.queued > 0 ? .done("message queued") : .skipped("message not sent: \(summary.suppressed.keys.sorted().joined(separator: ", "))")
        case .addTag:
            let tag = step.text ?? ""
            try await connection.raw("""
                INSERT INTO constituent_tags (constituent_id, tag, tag_key, position)
                SELECT \(bind: person), \(bind: tag), \(bind: tag.lowercased()), COALESCE(MAX(position) + 1, 0) FROM constituent_tags WHERE constituent_id = \(bind: person)
                ON CONFLICT (constituent_id, tag_key) DO NOTHING
                """).run()
            return .done("tagged \(tag)")
        case .removeTag:
            let tag = step.text ?? ""
            try await connection.raw("DELETE FROM constituent_tags WHERE constituent_id = \(bind: person) AND tag_key = \(bind: tag.lowercased())").run()
            return .done("untagged \(tag)")
        case .callWebhook:
            try await WebhookOutbox.enqueue(.planStep, ["planId": .string(plan.id), "plan": .string(plan.fields.name), "step": .number(Double(index)),
                                                          "constituentId": .string(person)], at: now, on: connection)
            return .done("webhook event queued")
        }
    }
}
