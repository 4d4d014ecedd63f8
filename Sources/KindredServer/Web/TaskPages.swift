import Foundation
import Hummingbird
import KindredCore
import KindredStore

/// One task as a list shows it.
struct TaskRow {
    let id: String
    let personId: String
    let personName: String
    let title: String
    let kind: String
    let due: String
    let assignee: String
    let overdue: Bool
    let isOpen: Bool
    let status: String
    let outcome: String
    let closedOn: String
}

/// The person page's tasks: the open ones, the last closed ones and the form for a new one.
struct PersonTasks {
    let open: [TaskRow]
    let closed: [TaskRow]
    let hasClosed: Bool
    let kinds: [FilterOption]
    let assignees: [FilterOption]
    let defaultDue: String
    let canWrite: Bool
}

/// The task inbox: whose tasks, which status, overdue only, a page of them.
struct TaskInboxView {
    let chrome: PageChrome
    let t: [String: String]
    let mine: Bool
    let overdueOnly: Bool
    let statuses: [FilterOption]
    let canWrite: Bool
    let hasTasks: Bool
    let tasks: [TaskRow]
    let nextPage: String?
}

extension WebRoutes {
    /// Registers the task inbox and the task forms.
    func registerTaskPages(on web: RouterGroup<KindredRequestContext>) {
        /// The task inbox: the reader's open tasks by due day (or everyone's, or closed ones).
        web.get("/tasks") { request, context in try await taskInbox(request, context) }
        /// Creates a task about the person.
        web.post("/people/{id}/tasks") { request, context in try await createTask(request, context) }
        /// Closes a task (done or cancelled) with how it ended.
        web.post("/tasks/{id}/close") { request, context in try await closeTask(request, context) }
    }

    /// Tasks 50 a page by due day: the reader's own unless `scope=all`, open unless another `status`, overdue only on request.
    func taskInbox(_ request: Request, _ context: KindredRequestContext) async throws -> Response {
        let session = try context.requireSession()
        let actor = try context.authorize(.read, .tasks)
        let parameters = request.uri.queryParameters, t = Catalogue.strings(session.language)
        let mine = parameters.get("scope") != "all", overdueOnly = parameters.get("overdue") == "1"
        guard let status = TaskStatus(rawValue: parameters.get("status").flatMap { $0.isEmpty ? nil : $0 } ?? "open") else {
            throw ValidationFailure([FieldIssue(field: "status", message: "must be one of: \(TaskStatus.allowedValues)")])
        }
        let today = try await organisationToday()
        var filters = [("status", status.rawValue)]
        if mine { filters.append(("assignee_id", session.user.id)) }
        let page = try await store.tasks.list(filters: filters, extra: overdueOnly ? "due_on < \(bind: today.description)" : nil,
                                              cursor: parameters.get("cursor"), limit: 50, order: .column("due_on"), by: actor)
        let rows = try await taskRows(page.items, language: session.language, today: today)
        var kept = [URLQueryItem(name: "status", value: status.rawValue)]
        if !mine { kept.append(URLQueryItem(name: "scope", value: "all")) }
        if overdueOnly { kept.append(URLQueryItem(name: "overdue", value: "1")) }
        let view = TaskInboxView(
            chrome: chrome("tasks_title", session, "/tasks"), t: t, mine: mine, overdueOnly: overdueOnly,
            statuses: TaskStatus.allCases.map { FilterOption(value: $0.rawValue, label: t["task_status_\($0.rawValue)"]!, selected: $0 == status) },
            canWrite: AccessPolicy.allows(session.user.role, .write, .tasks), hasTasks: !rows.isEmpty, tasks: rows,
            nextPage: page.nextCursor.map { cursor in
                var components = URLComponents()
                components.queryItems = kept + [URLQueryItem(name: "cursor", value: cursor)]
                return "/tasks?" + (components.percentEncodedQuery ?? "")
            })
        return renderer.page("tasks", view)
    }

    /// The person page's tasks section.
    func personTasks(of id: String, session: WebSession) async throws -> PersonTasks {
        let t = Catalogue.strings(session.language), today = try await organisationToday()
        let open = try await store.tasks.list(filters: [("constituent_id", id), ("status", "open")], cursor: nil, limit: 50,
                                              order: .column("due_on"), by: session.actor).items
        let closed = try await store.tasks.list(filters: [("constituent_id", id)], extra: "status <> 'open'", cursor: nil, limit: 5,
                                                newestFirst: true, by: session.actor).items
        let canWrite = AccessPolicy.allows(session.user.role, .write, .tasks)
        let staff = canWrite ? try await StaffDirectory(database: store.database).users() : []
        return PersonTasks(
            open: try await taskRows(open, language: session.language, today: today),
            closed: try await taskRows(closed, language: session.language, today: today), hasClosed: !closed.isEmpty,
            kinds: TaskKind.allCases.map { FilterOption(value: $0.rawValue, label: t["task_kind_\($0.rawValue)"]!, selected: $0 == .call) },
            assignees: staff.filter { !$0.disabled && AccessPolicy.allows($0.role, .write, .tasks) }
                .map { FilterOption(value: $0.id, label: $0.email, selected: $0.id == session.user.id) },
            defaultDue: today.addingBusinessDays(2).description, canWrite: canWrite)
    }

    /// Creates a task about the person from the person page's form and returns there.
    func createTask(_ request: Request, _ context: KindredRequestContext) async throws -> Response {
        let (actor, id, form) = try await personPost(request, context, .tasks)
        var issues: [FieldIssue] = []
        let kind = form["kind"].flatMap(TaskKind.init(rawValue:))
        if form["kind"] != nil, kind == nil { issues.append(FieldIssue(field: "kind", message: "must be one of: \(TaskKind.allowedValues)")) }
        let dueOn = form["dueOn"].flatMap(CalendarDate.init(iso8601:))
        if dueOn == nil { issues.append(FieldIssue(field: "dueOn", message: "must be a date")) }
        guard issues.isEmpty else { throw ValidationFailure(issues) }
        let input = StaffTaskInput(constituentId: id, title: form["title"], kind: kind, details: form["details"], assigneeId: form["assignee"],
                                   dueOn: dueOn)
        _ = try await store.tasks.create(try input.validated(), by: actor)
        return WebRenderer.redirect("/people/\(id)#tasks-heading")
    }

    /// Marks a task done or cancelled today with how it ended, then returns to the page it was closed from.
    func closeTask(_ request: Request, _ context: KindredRequestContext) async throws -> Response {
        let (actor, id, form) = try await personPost(request, context, .tasks)
        guard let status = form["status"].flatMap(TaskStatus.init(rawValue:)), status != .open else {
            throw ValidationFailure([FieldIssue(field: "status", message: "must be done or cancelled")])
        }
        let task = try await store.tasks.get(id, by: actor)
        guard task.fields.status == .open else { throw StoreError.conflict("this task is already \(task.fields.status.rawValue)") }
        var fields = task.fields
        fields.status = status
        fields.closedOn = try await organisationToday()
        fields.outcome = form["outcome"]
        let input = StaffTaskInput(constituentId: fields.constituentId, title: fields.title, kind: fields.kind, details: fields.details,
                                   assigneeId: fields.assigneeId, dueOn: fields.dueOn, status: fields.status, closedOn: fields.closedOn,
                                   outcome: fields.outcome)
        _ = try await store.tasks.update(id, with: try input.validated(), by: actor)
        return WebRenderer.redirect(Self.localPath(form["back"]) ?? "/people/\(fields.constituentId)#tasks-heading")
    }

    /// Tasks as rows: the person's name, the kind and status in the reader's language, the assignee's email.
    func taskRows(_ tasks: [Record<StaffTaskFields>], language: Language, today: CalendarDate) async throws -> [TaskRow] {
        guard !tasks.isEmpty else { return [] }
        let names = try await ConstituentQueries(store: store).displayNames(Set(tasks.map(\.fields.constituentId)))
        let emails = Dictionary(uniqueKeysWithValues: try await StaffDirectory(database: store.database).users().map { ($0.id, $0.email) })
        let t = Catalogue.strings(language)
        return tasks.map { task in
            let fields = task.fields
            return TaskRow(id: task.id, personId: fields.constituentId, personName: names[fields.constituentId] ?? "", title: fields.title,
                           kind: t["task_kind_\(fields.kind.rawValue)"]!, due: WebFormat.day(fields.dueOn, language),
                           assignee: fields.assigneeId.flatMap { emails[$0] } ?? t["task_unassigned"]!, overdue: fields.isOverdue(today: today),
                           isOpen: fields.status == .open,
                           status: t["task_status_\(fields.status.rawValue)"]!, outcome: fields.outcome ?? "",
                           closedOn: fields.closedOn.map { WebFormat.day($0, language) } ?? "")
        }
    }

    /// Today in the organisation's time zone.
    func organisationToday() async throws -> CalendarDate {
        try await OrganisationSettingsStore.profile(in: store.database).localDate(store.clock())
    }
}
