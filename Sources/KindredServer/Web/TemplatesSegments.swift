/// The segments pages: the list, the builder with its live count, one segment with its members.
enum SegmentTemplates {
    /// Saved segments, static lists and personas.
    static let list = """
        {{<layout}}{{$main}}
        <div class="title-row"><h1>{{t.segments_title}}</h1>{{#canWrite}}<a class="button primary" href="/segments/new" id="new-segment">{{t.new_segment}}</a>{{/canWrite}}</div>
        {{#hasSegments}}
        <table class="list">
          <thead><tr><th scope="col">{{t.segment_name}}</th><th scope="col">{{t.type}}</th><th scope="col">{{t.segment_rule}}</th></tr></thead>
          <tbody>{{#segments}}<tr><td><a href="/segments/{{id}}">{{name}}</a>{{#persona}} <span class="pill">{{t.persona}}</span>{{/persona}}</td><td>{{kind}}</td><td><code>{{rule}}</code></td></tr>{{/segments}}</tbody>
        </table>
        {{/hasSegments}}
        {{^hasSegments}}<p class="empty">{{t.no_segments}}</p>{{/hasSegments}}
        {{#nextPage}}<p><a href="{{nextPage}}" rel="next">{{t.next_page}}</a></p>{{/nextPage}}
        {{/main}}{{/layout}}
        """

    /// The builder: conditions that write the rule language, the rule text itself, and the live count.
    static let builder = """
        {{<layout}}{{$main}}
        <h1>{{t.new_segment}}</h1>
        <form method="post" action="/segments" class="card" id="segment-form">
          <input type="hidden" name="_csrf" value="{{chrome.csrf}}">
          {{#hasIssues}}<ul class="error" role="alert" id="segment-errors">{{#issues}}<li>{{.}}</li>{{/issues}}</ul>{{/hasIssues}}
          <label for="segment-name">{{t.segment_name}}</label><input id="segment-name" name="name" value="{{name}}" maxlength="200" required>
          <label for="segment-description">{{t.segment_description}}</label>
          <textarea id="segment-description" name="description" rows="2" maxlength="4000">{{description}}</textarea>
          <fieldset class="builder" id="builder" hidden>
            <legend>{{t.conditions}}</legend>
            <label for="builder-join">{{t.people_who_match}}</label>
            <select id="builder-join"><option value="and">{{t.match_all}}</option><option value="or">{{t.match_any}}</option></select>
            <div id="builder-rows"></div>
            <button type="button" id="add-condition">{{t.add_condition}}</button>
            <template id="condition-row">
              <div class="condition">
                <select class="condition-field" aria-label="{{t.field}}">{{#fields}}<option value="{{name}}" data-operators="{{operators}}" data-values="{{values}}" data-kind="{{kind}}">{{name}}</option>{{/fields}}</select>
                <select class="condition-operator" aria-label="{{t.operator}}"></select>
                <input class="condition-value" aria-label="{{t.value}}" list="">
                <button type="button" class="condition-remove">{{t.remove}}</button>
              </div>
            </template>
          </fieldset>
          <label for="ruleText">{{t.segment_rule}}</label>
          <textarea id="ruleText" name="ruleText" rows="3" maxlength="10000" required spellcheck="false"
            data-count-url="/segments/count" data-count-text="{{t.people_match}}" data-csrf="{{chrome.csrf}}">{{ruleText}}</textarea>
          <p class="muted">{{t.segment_rule_help}}</p>
          <p id="live-count" role="status" aria-live="polite">{{#count}}<strong>{{count}}</strong> {{t.people_match}}{{/count}}</p>
          <button type="submit" name="action" value="preview" id="preview-segment">{{t.preview}}</button>
          <button type="submit" name="action" value="save" class="primary" id="save-segment">{{t.save_segment}}</button>
        </form>
        {{/main}}{{/layout}}
        """

    /// One segment: its rule, member count, members and export.
    static let segment = """
        {{<layout}}{{$main}}
        <div class="title-row"><h1 id="segment-title">{{name}}</h1><a class="button" href="/segments/{{id}}/export.csv" id="export-segment">{{t.export_csv}}</a></div>
        {{#description}}<p class="persona">{{description}}</p>{{/description}}
        {{#rule}}<p><code id="segment-rule">{{rule}}</code></p>{{/rule}}
        <p class="big"><span id="member-count">{{memberCount}}</span> <span class="muted">{{t.members}}</span></p>
        {{#hasMembers}}
        <table class="list">
          <thead><tr><th scope="col">{{t.name}}</th><th scope="col">{{t.email}}</th><th scope="col">{{t.city}}</th><th scope="col">{{t.last_gift}}</th><th scope="col">{{t.total_given}}</th></tr></thead>
          <tbody>{{#members}}<tr><td><a href="/people/{{id}}">{{name}}</a></td><td>{{email}}</td><td>{{city}}</td><td>{{lastGift}}</td><td class="number">{{totalGiven}}</td></tr>{{/members}}</tbody>
        </table>
        {{/hasMembers}}
        {{#nextPage}}<p><a href="{{nextPage}}" rel="next">{{t.next_page}}</a></p>{{/nextPage}}
        {{/main}}{{/layout}}
        """
}
