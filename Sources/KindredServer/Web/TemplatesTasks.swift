/// The task inbox and the person page's tasks section (see `LayoutTemplates` for escaping).
enum TaskTemplates {
    /// One open task with the form that closes it; `back` is where to return.
    private static func openRow(back: String, person: Bool) -> String {
        """
        <li class="task{{#overdue}} overdue{{/overdue}}" id="task-{{id}}">
          <strong class="task-title">{{title}}</strong> <span class="pill">{{kind}}</span>
          {{#overdue}}<span class="badge warn">{{t.task_overdue}}</span>{{/overdue}}
          <span class="muted">{{t.task_due}} {{due}} · {{assignee}}</span>\(person ? " · <a href=\"/people/{{personId}}\">{{personName}}</a>" : "")
          {{^isOpen}}<span class="muted">{{status}} {{closedOn}}{{#outcome}} — {{outcome}}{{/outcome}}</span>{{/isOpen}}
          {{#canWrite}}{{#isOpen}}<form method="post" action="/tasks/{{id}}/close" class="inline wrap">
            <input type="hidden" name="_csrf" value="{{chrome.csrf}}"><input type="hidden" name="back" value="\(back)">
            <label for="outcome-{{id}}">{{t.task_outcome}}</label><input id="outcome-{{id}}" name="outcome" maxlength="2000">
            <button type="submit" name="status" value="done" class="primary">{{t.task_mark_done}}</button>
            <button type="submit" name="status" value="cancelled">{{t.task_cancel}}</button>
          </form>{{/isOpen}}{{/canWrite}}
        </li>
        """
    }

    /// The person page's tasks: open ones with their close forms, the last closed ones, the new-task form.
    static let personTasks = """
        <section class="card" aria-labelledby="tasks-heading">
          <h2 id="tasks-heading">{{t.tasks}}</h2>
          {{#tasks}}
          <ul class="tasks" id="open-tasks">{{#open}}\(openRow(back: "/people/{{person.id}}#tasks-heading", person: false)){{/open}}</ul>
          {{^open}}<p class="empty">{{t.no_open_tasks}}</p>{{/open}}
          {{#hasClosed}}<h3>{{t.tasks_closed}}</h3>{{/hasClosed}}
          <ul class="tasks muted" id="closed-tasks">{{#closed}}<li>{{title}} · {{status}} {{closedOn}} {{#outcome}}— {{outcome}}{{/outcome}}</li>{{/closed}}</ul>
          {{#canWrite}}<details><summary>{{t.task_new}}</summary>
            <form method="post" action="/people/{{person.id}}/tasks">
              <input type="hidden" name="_csrf" value="{{chrome.csrf}}">
              <label for="task-title">{{t.task_title}}</label><input id="task-title" name="title" maxlength="200" required>
              <label for="task-kind">{{t.type}}</label>
              <select id="task-kind" name="kind">{{#kinds}}<option value="{{value}}" {{#selected}}selected{{/selected}}>{{label}}</option>{{/kinds}}</select>
              <label for="task-due">{{t.task_due}}</label><input id="task-due" name="dueOn" type="date" value="{{defaultDue}}" required>
              <label for="task-assignee">{{t.task_assignee}}</label>
              <select id="task-assignee" name="assignee"><option value="">{{t.task_unassigned}}</option>{{#assignees}}<option value="{{value}}" {{#selected}}selected{{/selected}}>{{label}}</option>{{/assignees}}</select>
              <label for="task-details">{{t.task_details}}</label><textarea id="task-details" name="details" rows="2" maxlength="5000"></textarea>
              <button type="submit" id="add-task">{{t.task_new}}</button>
            </form>
          </details>{{/canWrite}}
          {{/tasks}}
        </section>
        """

    /// The inbox: filters, then the tasks by due day with links to each person.
    static let inbox = """
        {{<layout}}{{$main}}
        <h1>{{t.tasks_title}}</h1>
        <form method="get" action="/tasks" class="inline wrap filters">
          <label for="task-scope">{{t.task_whose}}</label>
          <select id="task-scope" name="scope"><option value="mine" {{#mine}}selected{{/mine}}>{{t.task_mine}}</option><option value="all" {{^mine}}selected{{/mine}}>{{t.task_everyone}}</option></select>
          <label for="task-status">{{t.status}}</label>
          <select id="task-status" name="status">{{#statuses}}<option value="{{value}}" {{#selected}}selected{{/selected}}>{{label}}</option>{{/statuses}}</select>
          <label><input type="checkbox" name="overdue" value="1" {{#overdueOnly}}checked{{/overdueOnly}}> {{t.task_overdue_only}}</label>
          <button type="submit">{{t.filter}}</button>
        </form>
        {{#hasTasks}}<ul class="tasks" id="task-list">{{#tasks}}\(openRow(back: "/tasks", person: true)){{/tasks}}</ul>{{/hasTasks}}
        {{^hasTasks}}<p class="empty">{{t.no_tasks}}</p>{{/hasTasks}}
        {{#nextPage}}<p><a href="{{nextPage}}" rel="next">{{t.next_page}}</a></p>{{/nextPage}}
        {{/main}}{{/layout}}
        """
}
