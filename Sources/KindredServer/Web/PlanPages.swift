import Foundation
import Hummingbird
import KindredCore
import KindredStore

extension WebRoutes {
    /// Registers the staff pages of engagement plans.
    func registerPlanPages(on web: RouterGroup<KindredRequestContext>) {
        /// Every plan with its trigger and steps, and the form for a new one.
        web.get("/plans") { request, context in try await planList(request, context) }
        /// Creates a plan from the form (up to three steps).
        web.post("/plans") { request, context in try await createPlan(request, context) }
        /// A plan's step jobs: who, which step, when, and what it did.
        web.get("/plans/{id}") { request, context in try await planPage(request, context) }
    }

    func planList(_ request: Request, _ context: KindredRequestContext) async throws -> Response {
        let session = try context.requireSession(), actor = try context.authorize(.read, .messages), t = Catalogue.strings(session.language)
        struct Plan { let id: String; let name: String; let trigger: String; let steps: String; let active: Bool }
        let plans = try await store.engagementPlans.list(cursor: nil, limit: 200, newestFirst: true, by: actor).items.map { record in
            Plan(id: record.id, name: record.fields.name, trigger: t["trigger_\(record.fields.trigger.kind.rawValue)"] ?? record.fields.trigger.kind.rawValue,
                 steps: record.fields.steps.map { "+\($0.delayHours) h: \(t["action_\($0.action.rawValue)"] ?? $0.action.rawValue)\($0.text.map { " (\($0))" } ?? "")" }
                    .joined(separator: " → "), active: record.fields.active)
        }
        let segments = try await store.segments.list(cursor: nil, limit: 200).items.map { FilterOption(value: $0.id, label: $0.name, selected: false) }
        let templates = try await store.messageTemplates.list(cursor: nil, limit: 200, by: actor).items.map { FilterOption(value: $0.id, label: $0.fields.name, selected: false) }
        struct View { let chrome: PageChrome; let t: [String: String]; let plans: [Plan]; let hasPlans: Bool; let triggers: [FilterOption]; let actions: [FilterOption]
                      let segments: [FilterOption]; let templates: [FilterOption]; let stages: [FilterOption]; let stepNumbers: [Int]; let canWrite: Bool }
        let journey = try await store.journey.settings()
        return renderer.page("plans", View(
            chrome: chrome("plans_title", session, "/plans"), t: t, plans: plans, hasPlans: !plans.isEmpty,
            triggers: PlanTriggerKind.allCases.map { FilterOption(value: $0.rawValue, label: t["trigger_\($0.rawValue)"] ?? $0.rawValue, selected: false) },
            actions: PlanAction.allCases.map { FilterOption(value: $0.rawValue, label: t["action_\($0.rawValue)"] ?? $0.rawValue, selected: false) },
            segments: segments, templates: templates,
            stages: journey.stages.map { FilterOption(value: $0.key.rawValue, label: journey.label($0.key, t), selected: false) }, stepNumbers: [1, 2, 3], canWrite: AccessPolicy.allows(session.user.role, .write, .messages)))
    }

    func createPlan(_ request: Request, _ context: KindredRequestContext) async throws -> Response {
        let actor = try context.authorize(.write, .messages)
        var request = request
        let form = try await WebForm.read(&request), profile = try await OrganisationSettingsStore.profile(in: store.database)
        let kind: PlanTriggerKind = try form.choice("trigger")
        let segment = [.segmentEntered, .segmentLeft].contains(kind) ? form["segment"] : nil
        var amount: Int64?
        if kind == .giftAbove {
            guard let minor = DecimalAmount.minorUnits((form["amount"] ?? "").replacingOccurrences(of: ",", with: "."), currency: profile.currency) else {
                throw ValidationFailure([FieldIssue(field: "amount", message: "must be an amount such as 100.00")])
            }
            amount = minor
        }
        let stage = kind == .stageChanged ? form["stage"].flatMap(JourneyStageKey.init(rawValue:)) : nil
        let points = kind == .engagementFell ? Int(form["points"] ?? "") : nil
        var steps: [PlanStep] = []
        for number in 1...3 {
            guard let action = form["action\(number)"].flatMap({ $0.isEmpty ? nil : $0 }) else { continue }
            guard let known = PlanAction(rawValue: action), let delay = Int(form["delay\(number)"] ?? "0") else {
                throw ValidationFailure([FieldIssue(field: "step \(number)", message: "choose what to do and a whole number of hours")])
            }
            steps.append(PlanStep(delayHours: delay, action: known, text: form["text\(number)"].flatMap { $0.isEmpty ? nil : $0 },
                                  taskKind: known == .createTask ? .call : nil, templateId: known == .sendMessage ? form["template\(number)"] : nil))
        }
        let input = EngagementPlanInput(name: form["name"], trigger: PlanTrigger(kind: kind, segmentId: segment, amountMinor: amount, currency: amount == nil ? nil : profile.currency,
                                                                                 stage: stage, points: points),
                                        condition: form["condition"].flatMap { $0.isEmpty ? nil : $0 }, steps: steps, skipWeekends: form["skipWeekends"] == "on",
                                        quietHours: form["quietHours"] == "on")
        let plan = try await store.engagementPlans.create(try input.validated(), by: actor)
        return WebRenderer.redirect("/plans/\(plan.id)")
    }

    func planPage(_ request: Request, _ context: KindredRequestContext) async throws -> Response {
        let session = try context.requireSession(), actor = try context.authorize(.read, .messages), t = Catalogue.strings(session.language)
        let id = try context.parameters.require("id"), plan = try await store.engagementPlans.get(id, by: actor)
        let zone = try await OrganisationSettingsStore.profile(in: store.database).zone
        struct Job { let personId: String; let person: String; let step: Int; let due: String; let status: String; let result: String }
        let page = try await store.planJobs(planId: id, cursor: nil, limit: 200, by: actor).items
        let names = try await ConstituentQueries(store: store).displayNames(Set(page.map(\.constituentId)))
        let jobs = page.map { job in
            Job(personId: job.constituentId, person: names[job.constituentId] ?? job.constituentId, step: job.stepIndex + 1, due: WebFormat.dateTime(job.dueAt, session.language, timeZone: zone), status: job.status,
                result: job.result ?? "")
        }
        struct View { let chrome: PageChrome; let t: [String: String]; let name: String; let trigger: String; let jobs: [Job]; let hasJobs: Bool }
        return renderer.page("plan", View(chrome: chrome("plans_title", session, "/plans"), t: t, name: plan.fields.name,
                                          trigger: t["trigger_\(plan.fields.trigger.kind.rawValue)"] ?? "", jobs: jobs, hasJobs: !jobs.isEmpty))
    }
}

/// The engagement plan pages (see `LayoutTemplates` for escaping).
enum PlanTemplates {
    /// Plans and the form for a new one.
    static let list = """
        {{<layout}}{{$main}}
        <h1>{{t.plans_title}}</h1>
        <p class="intro">{{t.plans_intro}}</p>
        {{#hasPlans}}<table class="list" id="plan-list"><thead><tr><th scope="col">{{t.template_name}}</th><th scope="col">{{t.plan_trigger}}</th><th scope="col">{{t.plan_step}}</th></tr></thead>
          <tbody>{{#plans}}<tr><td><a href="/plans/{{id}}">{{name}}</a></td><td>{{trigger}}</td><td>{{steps}}</td></tr>{{/plans}}</tbody></table>{{/hasPlans}}
        {{^hasPlans}}<p class="empty">{{t.no_plans}}</p>{{/hasPlans}}
        {{#canWrite}}<section class="card" aria-labelledby="plan-new-heading"><h2 id="plan-new-heading">{{t.plan_new}}</h2>
          <form method="post" action="/plans" id="plan-form">
            <input type="hidden" name="_csrf" value="{{chrome.csrf}}">
            <label for="plan-name">{{t.template_name}}</label><input id="plan-name" name="name" required maxlength="200">
            <label for="plan-trigger">{{t.plan_trigger}}</label>
            <select id="plan-trigger" name="trigger">{{#triggers}}<option value="{{value}}">{{label}}</option>{{/triggers}}</select>
            <label for="plan-segment">{{t.plan_segment}}</label>
            <select id="plan-segment" name="segment"><option value=""></option>{{#segments}}<option value="{{value}}">{{label}}</option>{{/segments}}</select>
            <label for="plan-amount">{{t.plan_amount}}</label><input id="plan-amount" name="amount" inputmode="decimal" maxlength="20">
            <label for="plan-stage">{{t.plan_stage}}</label>
            <select id="plan-stage" name="stage"><option value=""></option>{{#stages}}<option value="{{value}}">{{label}}</option>{{/stages}}</select>
            <label for="plan-points">{{t.plan_points}}</label><input id="plan-points" name="points" type="number" min="1" max="100">
            <label for="plan-condition">{{t.plan_condition}}</label><input id="plan-condition" name="condition" maxlength="2000">
            {{#stepNumbers}}<fieldset><legend>{{t.plan_step}} {{.}}</legend>
              <label for="delay{{.}}">{{t.plan_delay}}</label><input id="delay{{.}}" name="delay{{.}}" type="number" min="0" max="8760" value="0">
              <label for="action{{.}}">{{t.plan_action}}</label>
              <select id="action{{.}}" name="action{{.}}"><option value=""></option>{{#actions}}<option value="{{value}}">{{label}}</option>{{/actions}}</select>
              <label for="text{{.}}">{{t.plan_text}}</label><input id="text{{.}}" name="text{{.}}" maxlength="200">
              <label for="template{{.}}">{{t.plan_template}}</label>
              <select id="template{{.}}" name="template{{.}}"><option value=""></option>{{#templates}}<option value="{{value}}">{{label}}</option>{{/templates}}</select>
            </fieldset>{{/stepNumbers}}
            <label class="check"><input type="checkbox" id="plan-skip-weekends" name="skipWeekends"> {{t.plan_skip_weekends}}</label>
            <label class="check"><input type="checkbox" id="plan-quiet-hours" name="quietHours"> {{t.plan_quiet_hours}}</label>
            <button type="submit" id="create-plan">{{t.plan_create}}</button>
          </form>
        </section>{{/canWrite}}
        {{/main}}{{/layout}}
        """

    /// One plan's jobs.
    static let plan = """
        {{<layout}}{{$main}}
        <h1>{{name}}</h1>
        <p>{{t.plan_trigger}}: {{trigger}}</p>
        <section class="card" aria-labelledby="jobs-heading"><h2 id="jobs-heading">{{t.plan_jobs}}</h2>
          {{#hasJobs}}<table class="list" id="plan-jobs"><thead><tr><th scope="col">{{t.message_to}}</th><th scope="col">{{t.plan_step}}</th>
            <th scope="col">{{t.date}}</th><th scope="col">{{t.status}}</th></tr></thead>
          <tbody>{{#jobs}}<tr><td><a href="/people/{{personId}}">{{person}}</a></td><td>{{step}}</td><td>{{due}}</td><td>{{status}} {{result}}</td></tr>{{/jobs}}</tbody></table>{{/hasJobs}}
          {{^hasJobs}}<p class="empty">{{t.no_plan_jobs}}</p>{{/hasJobs}}
        </section>
        {{/main}}{{/layout}}
        """
}
