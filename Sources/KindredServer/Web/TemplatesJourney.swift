/// The journey pages (see `LayoutTemplates` for escaping): the journey map, the touchpoint inventory and the stages.
enum JourneyTemplates {
    /// The journey map.
    static let map = """
        {{<layout}}{{$main}}
        <h1>{{t.journey_title}}</h1>
        <p class="lead">{{t.journey_intro}}</p>
        <p class="meta"><a href="/journey/touchpoints" id="touchpoints-link">{{t.touchpoints_title}}</a> · <a href="/journey/stages" id="stages-link">{{t.stages_title}}</a></p>
        <form method="get" action="/journey" id="journey-filter"><div class="filters">
          <span><label for="journey-from">{{t.journey_from}}</label><input id="journey-from" name="from" type="date" value="{{from}}"></span>
          <span><label for="journey-to">{{t.journey_to}}</label><input id="journey-to" name="to" type="date" value="{{to}}"></span>
          <span><label for="journey-window">{{t.journey_window}}</label><input id="journey-window" name="windowDays" type="number" min="1" max="365" value="{{windowDays}}"></span>
          <span><label for="journey-source">{{t.journey_source}}</label>
            <select id="journey-source" name="source">{{#sources}}<option value="{{value}}" {{#selected}}selected{{/selected}}>{{label}}</option>{{/sources}}</select></span>
          <span><label for="journey-device">{{t.journey_device}}</label>
            <select id="journey-device" name="device">{{#devices}}<option value="{{value}}" {{#selected}}selected{{/selected}}>{{label}}</option>{{/devices}}</select></span>
          </div><button type="submit">{{t.journey_filter}}</button>
        </form>
        <section class="card" aria-labelledby="funnel-heading"><h2 id="funnel-heading">{{t.journey_funnel}}</h2>
          <div class="grid">{{{funnelChart}}}
          <div><table class="list" id="funnel"><thead><tr><th scope="col">{{t.journey_stage}}</th><th scope="col">{{t.journey_now}}</th><th scope="col">{{t.journey_reached}}</th>
            <th scope="col">{{t.journey_conversion}}</th><th scope="col">{{t.journey_median_days}}</th></tr></thead>
            <tbody>{{#funnel}}<tr><th scope="row">{{name}}</th><td>{{now}}</td><td>{{reached}}</td><td>{{conversion}}</td><td>{{medianDays}}</td></tr>{{/funnel}}</tbody></table>
          <p id="lapsed-now">{{lapsedNow}}</p></div></div>
        </section>
        {{#stages}}<section class="card" id="stage-{{key}}" aria-labelledby="stage-{{key}}-heading">
          <h2 id="stage-{{key}}-heading">{{name}} <span class="meta">({{t.journey_now}}: {{now}})</span></h2>
          <p class="meta">{{t.journey_rule}}: {{#rule}}<code>{{rule}}</code>{{/rule}}{{^rule}}{{t.journey_everyone_else}}{{/rule}}</p>
          {{#gap}}<p class="warning" role="status">{{t.journey_gap}}</p>{{/gap}}
          {{#silent}}<p class="warning" role="status">{{t.journey_silent}}</p>{{/silent}}
          {{#hasTouchpoints}}<table class="list"><thead><tr><th scope="col">{{t.journey_touchpoint}}</th><th scope="col">{{t.journey_reach}}</th>
            <th scope="col">{{t.journey_engaged}}</th><th scope="col">{{t.journey_first_touch}}</th><th scope="col">{{t.journey_last_touch}}</th>
            <th scope="col">{{t.journey_by_device}}</th></tr></thead>
            <tbody>{{#touchpoints}}<tr><th scope="row">{{name}} <span class="meta">{{kind}}</span></th><td>{{reach}}</td><td>{{engaged}}</td><td>{{firstTouch}}</td>
              <td>{{lastTouch}}</td><td>{{devices}}</td></tr>{{/touchpoints}}</tbody></table>{{/hasTouchpoints}}
        </section>{{/stages}}
        <section class="card" aria-labelledby="search-heading"><h2 id="search-heading">{{t.journey_search}}</h2>
          {{^hasSearches}}<p class="empty">{{t.journey_no_searches}}</p>{{/hasSearches}}
          {{#hasSearches}}<div class="grid">
            <table class="list" id="search-terms"><caption>{{t.journey_search_terms}}</caption><thead><tr><th scope="col">{{t.journey_search}}</th>
              <th scope="col">{{t.journey_searches}}</th><th scope="col">{{t.journey_without_results}}</th></tr></thead>
              <tbody>{{#topTerms}}<tr><th scope="row">{{term}}</th><td>{{searches}}</td><td>{{withoutResults}}</td></tr>{{/topTerms}}</tbody></table>
            <table class="list" id="search-missing"><caption>{{t.journey_search_missing}}</caption><thead><tr><th scope="col">{{t.journey_search}}</th>
              <th scope="col">{{t.journey_without_results}}</th></tr></thead>
              <tbody>{{#missingTerms}}<tr><th scope="row">{{term}}</th><td>{{withoutResults}}</td></tr>{{/missingTerms}}</tbody></table>
          </div>{{/hasSearches}}
        </section>
        <section class="card" aria-labelledby="forms-heading"><h2 id="forms-heading">{{t.journey_forms}}</h2>
          {{^hasForms}}<p class="empty">{{t.journey_no_forms}}</p>{{/hasForms}}
          {{#hasForms}}<table class="list" id="form-friction"><thead><tr><th scope="col">{{t.journey_page}}</th><th scope="col">{{t.journey_device}}</th>
            <th scope="col">{{t.journey_starts}}</th><th scope="col">{{t.journey_completions}}</th><th scope="col">{{t.journey_errors}}</th>
            <th scope="col">{{t.journey_completion_rate}}</th><th scope="col">{{t.journey_top_errors}}</th></tr></thead>
            <tbody>{{#forms}}<tr><th scope="row">{{page}}</th><td>{{device}}</td><td>{{starts}}</td><td>{{completions}}</td><td>{{errors}}</td><td>{{rate}}</td>
              <td>{{topErrors}}</td></tr>{{/forms}}</tbody></table>{{/hasForms}}
        </section>
        {{/main}}{{/layout}}
        """

    /// The touchpoint inventory and the form for a new one.
    static let touchpoints = """
        {{<layout}}{{$main}}
        <h1>{{t.touchpoints_title}}</h1>
        <p class="lead">{{t.touchpoints_intro}}</p>
        <p class="meta"><a href="/journey">{{t.journey_title}}</a></p>
        {{^hasTouchpoints}}<p class="empty">{{t.no_touchpoints}}</p>{{/hasTouchpoints}}
        {{#hasTouchpoints}}<table class="list" id="touchpoint-list"><thead><tr><th scope="col">{{t.template_name}}</th><th scope="col">{{t.touchpoint_kind}}</th>
          <th scope="col">{{t.touchpoint_match}}</th><th scope="col">{{t.touchpoint_stages}}</th>{{#canWrite}}<th scope="col"></th>{{/canWrite}}</tr></thead>
          <tbody>{{#touchpoints}}<tr><th scope="row">{{name}}</th><td>{{kind}}</td><td><code>{{match}}</code></td><td>{{stages}}</td>
            {{#canWrite}}<td><form method="post" action="/journey/touchpoints/{{id}}/delete"><input type="hidden" name="_csrf" value="{{chrome.csrf}}">
              <button type="submit" class="secondary">{{t.touchpoint_delete}}</button></form></td>{{/canWrite}}</tr>{{/touchpoints}}</tbody></table>{{/hasTouchpoints}}
        {{#canWrite}}<section class="card" aria-labelledby="touchpoint-new-heading"><h2 id="touchpoint-new-heading">{{t.touchpoint_new}}</h2>
          <form method="post" action="/journey/touchpoints" id="touchpoint-form">
            <input type="hidden" name="_csrf" value="{{chrome.csrf}}">
            <label for="touchpoint-name">{{t.template_name}}</label><input id="touchpoint-name" name="name" required maxlength="200">
            <label for="touchpoint-kind">{{t.touchpoint_kind}}</label>
            <select id="touchpoint-kind" name="kind">{{#kinds}}<option value="{{value}}">{{label}}</option>{{/kinds}}</select>
            <label for="touchpoint-match">{{t.touchpoint_match}}</label><input id="touchpoint-match" name="match" required maxlength="500">
            <fieldset><legend>{{t.touchpoint_stages}}</legend>
              {{#stages}}<label class="check"><input type="checkbox" name="stage" value="{{value}}" id="touchpoint-stage-{{value}}"> {{label}}</label>{{/stages}}
            </fieldset>
            <button type="submit" id="create-touchpoint">{{t.touchpoint_create}}</button>
          </form>
        </section>{{/canWrite}}
        {{/main}}{{/layout}}
        """

    /// The stages' names and rules.
    static let stages = """
        {{<layout}}{{$main}}
        <h1>{{t.stages_title}}</h1>
        <p class="lead">{{t.stages_intro}}</p>
        <p class="meta"><a href="/journey">{{t.journey_title}}</a></p>
        <form method="post" action="/journey/stages" id="stages-form">
          <input type="hidden" name="_csrf" value="{{chrome.csrf}}">
          {{#stages}}<fieldset id="stage-{{key}}"><legend>{{label}}</legend>
            <label for="name_{{key}}">{{t.stage_name}}</label>
            <input id="name_{{key}}" name="name_{{key}}" value="{{name}}" required maxlength="60" {{^canWrite}}disabled{{/canWrite}}>
            {{#hasRule}}<label for="rule_{{key}}">{{t.journey_rule}}</label>
            <input id="rule_{{key}}" name="rule_{{key}}" value="{{rule}}" required maxlength="2000" {{^canWrite}}disabled{{/canWrite}}>{{/hasRule}}
            {{^hasRule}}<p class="meta">{{t.journey_rule}}: {{t.journey_everyone_else}}</p>{{/hasRule}}
          </fieldset>{{/stages}}
          {{#canWrite}}<button type="submit" id="save-stages">{{t.stages_save}}</button>{{/canWrite}}
        </form>
        {{/main}}{{/layout}}
        """
}
