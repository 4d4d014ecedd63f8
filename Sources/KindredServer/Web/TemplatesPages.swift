/// The dashboard, people and settings pages (see `LayoutTemplates` for escaping).
enum PageTemplates {
    /// Key figures and charts.
    static let dashboard = """
        {{<layout}}{{$main}}
        <h1>{{t.dashboard_title}}{{#organisation}} · {{organisation}}{{/organisation}}</h1>
        {{#principles}}<aside class="principles" aria-label="{{t.guiding_principles}}"><h2>{{t.guiding_principles}}</h2><p>{{principles}}</p></aside>{{/principles}}
        <section class="figures" aria-label="{{t.dashboard_title}}">
          {{#figures}}<div class="figure" id="figure-{{id}}"><span class="figure-label">{{label}}</span><span class="figure-value">{{value}}</span></div>{{/figures}}
        </section>
        <section class="charts">
          {{#charts}}{{{.}}}{{/charts}}
        </section>
        <p class="muted" id="population-as-of">{{t.population_as_of}}: {{populationAsOf}}</p>
        {{/main}}{{/layout}}
        """

    /// The people list: search, filters, export, bulk tagging, paging.
    static let people = """
        {{<layout}}{{$main}}
        <div class="title-row"><h1>{{t.people_title}}</h1>{{#canTag}}<span><a class="button" href="/duplicates" id="duplicates-link">{{t.duplicates_title}}</a> <a class="button primary" href="/people/new" id="new-person">{{t.new_person}}</a></span>{{/canTag}}</div>
        <form method="get" action="/people" class="search" role="search">
          <label for="q">{{t.search_label}}</label>
          <input id="q" name="q" type="search" value="{{query}}" data-live-search>
          <div class="filters">
            <span><label for="filter-role">{{t.roles}}</label><select id="filter-role" name="role"><option value="">{{t.any}}</option>{{#roles}}<option value="{{value}}" {{#selected}}selected{{/selected}}>{{label}}</option>{{/roles}}</select></span>
            <span><label for="filter-tag">{{t.tags}}</label><input id="filter-tag" name="tag" value="{{tag}}" maxlength="100"></span>
            <span><label for="filter-loyalty">{{t.loyalty}}</label><select id="filter-loyalty" name="loyalty"><option value="">{{t.any}}</option>{{#loyaltyLevels}}<option value="{{value}}" {{#selected}}selected{{/selected}}>{{label}}</option>{{/loyaltyLevels}}</select></span>
            <span><label for="filter-engagement">{{t.engagement}}</label><select id="filter-engagement" name="engagement"><option value="">{{t.any}}</option>{{#engagementLevels}}<option value="{{value}}" {{#selected}}selected{{/selected}}>{{label}}</option>{{/engagementLevels}}</select></span>
            <span><label for="sort">{{t.order_by}}</label><select id="sort" name="sort">{{#orders}}<option value="{{value}}" {{#selected}}selected{{/selected}}>{{label}}</option>{{/orders}}</select></span>
            <span><label for="filter-segment">{{t.nav_segments}}</label><select id="filter-segment" name="segment"><option value="">{{t.any}}</option>{{#segments}}<option value="{{value}}" {{#selected}}selected{{/selected}}>{{label}}</option>{{/segments}}</select></span>
          </div>
          <button type="submit">{{t.search}}</button>
          <a class="button" href="{{exportLink}}" id="export-people">{{t.export_csv}}</a>
        </form>
        <div id="people-results">
        {{#givingOrder}}<p class="muted" id="giving-order-note">{{t.giving_order_note}} {{currency}}.</p>{{/givingOrder}}
        {{#hasPeople}}
        <form method="post" action="/people/tag">
          <input type="hidden" name="_csrf" value="{{chrome.csrf}}">
          <input type="hidden" name="back" value="{{chrome.path}}">
          <table class="list">
            <thead><tr>{{#canTag}}<th scope="col"><span class="visually-hidden">{{t.select}}</span></th>{{/canTag}}<th scope="col" {{#nameSort}}aria-sort="{{nameSort}}"{{/nameSort}}><a href="{{nameSortLink}}" id="sort-by-name">{{t.name}}</a></th><th scope="col">{{t.email}}</th><th scope="col">{{t.city}}</th><th scope="col">{{t.roles}}</th><th scope="col">{{t.last_gift}}</th><th scope="col">{{t.total_given}} ({{currency}})</th></tr></thead>
            <tbody>{{#people}}<tr>{{#canTag}}<td><input type="checkbox" name="ids" value="{{id}}" aria-label="{{t.select}} {{name}}"></td>{{/canTag}}<td><a href="/people/{{id}}">{{name}}</a></td><td>{{email}}</td><td>{{city}}</td><td>{{roles}}</td><td>{{lastGift}}</td><td class="number">{{totalGiven}}</td></tr>{{/people}}</tbody>
          </table>
          {{#canTag}}<p class="bulk"><label for="bulk-tag">{{t.tag_selected}}</label> <input id="bulk-tag" name="tag" maxlength="100"> <button type="submit" id="bulk-tag-button">{{t.add_tag}}</button></p>{{/canTag}}
        </form>
        {{/hasPeople}}
        {{^hasPeople}}<p class="empty">{{t.no_people}}</p>{{/hasPeople}}
        {{#nextPage}}<p><a href="{{nextPage}}" rel="next">{{t.next_page}}</a></p>{{/nextPage}}
        </div>
        {{/main}}{{/layout}}
        """

    /// The form for a new person.
    static let personNew = """
        {{<layout}}{{$main}}
        <section class="card narrow">
          <h1>{{t.person_new_title}}</h1>
          <form method="post" action="/people">
            <input type="hidden" name="_csrf" value="{{chrome.csrf}}">
            <label for="givenName">{{t.given_name}}</label><input id="givenName" name="givenName" maxlength="200">
            <label for="familyName">{{t.family_name}}</label><input id="familyName" name="familyName" maxlength="200">
            <label for="email">{{t.email_address}}</label><input id="email" name="email" type="email" maxlength="320">
            <label for="city">{{t.city}}</label><input id="city" name="city" maxlength="200">
            <button type="submit" class="primary" id="create-person">{{t.create}}</button>
          </form>
        </section>
        {{/main}}{{/layout}}
        """

    /// Settings (administrators): the organisation, staff users, API keys, the audit log.
    static let settings = """
        {{<layout}}{{$main}}
        <h1>{{t.settings_title}}</h1>
        {{#secret}}<div class="notice" role="status"><p>{{t.shown_once}}</p><p><code id="new-secret">{{secret}}</code></p></div>{{/secret}}
        <div class="grid">
          <section class="card">
            <h2>{{t.organisation}}</h2>
            <form method="post" action="/settings/organisation">
              <input type="hidden" name="_csrf" value="{{chrome.csrf}}">
              <label for="org-name">{{t.organisation_name}}</label><input id="org-name" name="name" value="{{name}}" maxlength="200">
              <label for="principles">{{t.guiding_principles}}</label><textarea id="principles" name="guidingPrinciples" rows="4" maxlength="4000">{{guidingPrinciples}}</textarea>
              <label for="currency">{{t.currency}}</label><input id="currency" name="currency" value="{{currency}}" maxlength="3" required>
              <label for="timeZone">{{t.time_zone}}</label>
              <select id="timeZone" name="timeZone">{{#timeZones}}<option value="{{value}}" {{#selected}}selected{{/selected}}>{{label}}</option>{{/timeZones}}</select>
              <label for="fiscalYearStartMonth">{{t.fiscal_year_start}}</label>
              <input id="fiscalYearStartMonth" name="fiscalYearStartMonth" type="number" min="1" max="12" value="{{fiscalYearStartMonth}}" required>
              <button type="submit" class="primary">{{t.save}}</button>
            </form>
          </section>
          <section class="card">
            <h2>{{t.staff_users}}</h2>
            <table class="list" id="users"><thead><tr><th scope="col">{{t.email}}</th><th scope="col">{{t.role}}</th></tr></thead>
              <tbody>{{#users}}<tr><td>{{email}}</td><td><form method="post" action="/settings/users/{{id}}" class="inline wrap">
                <input type="hidden" name="_csrf" value="{{chrome.csrf}}">
                <select name="role" aria-label="{{t.role}} {{email}}">{{#roles}}<option value="{{value}}" {{#selected}}selected{{/selected}}>{{label}}</option>{{/roles}}</select>
                <label><input type="checkbox" name="disabled" value="true" {{#disabled}}checked{{/disabled}}> {{t.disabled}}</label>
                <button type="submit">{{t.save}}</button></form></td></tr>{{/users}}</tbody></table>
            <form method="post" action="/settings/users">
              <input type="hidden" name="_csrf" value="{{chrome.csrf}}">
              <label for="new-user-email">{{t.email}}</label><input id="new-user-email" name="email" type="email" required maxlength="320">
              <label for="new-user-role">{{t.role}}</label><select id="new-user-role" name="role">{{#roles}}<option value="{{value}}">{{label}}</option>{{/roles}}</select>
              <button type="submit" id="add-user">{{t.add_user}}</button>
            </form>
          </section>
        </div>
        <section class="card">
          <h2>{{t.engagement_settings}}</h2>
          <form method="post" action="/settings/engagement">
            <input type="hidden" name="_csrf" value="{{chrome.csrf}}">
            <label for="half-life">{{t.half_life}}</label><input id="half-life" name="halfLifeDays" inputmode="decimal" value="{{halfLifeDays}}" required>
            <label for="gift-weight">{{t.gift_weight}}</label><input id="gift-weight" name="giftWeight" inputmode="decimal" value="{{giftWeight}}" required>
            <label for="weights">{{t.interaction_weights}}</label>
            <textarea id="weights" name="weights" rows="10" spellcheck="false">{{weights}}</textarea>
            <p class="muted">{{t.weights_help}}</p>
            <button type="submit" id="save-engagement">{{t.save}}</button>
          </form>
        </section>
        <section class="card">
          <h2>{{t.api_keys}}</h2>
          <table class="list" id="keys"><thead><tr><th scope="col">{{t.name}}</th><th scope="col">{{t.key_start}}</th><th scope="col">{{t.role}}</th><th scope="col">{{t.date}}</th><th scope="col"></th></tr></thead>
            <tbody>{{#keys}}<tr><td>{{name}}</td><td><code>{{prefix}}…</code></td><td>{{role}}</td><td>{{created}}</td>
              <td>{{#revoked}}{{t.revoked}}{{/revoked}}{{^revoked}}<form method="post" action="/settings/keys/{{id}}/revoke"><input type="hidden" name="_csrf" value="{{chrome.csrf}}"><button type="submit">{{t.revoke}}</button></form>{{/revoked}}</td></tr>{{/keys}}</tbody></table>
          <form method="post" action="/settings/keys" class="inline wrap">
            <input type="hidden" name="_csrf" value="{{chrome.csrf}}">
            <label for="new-key-name">{{t.name}}</label><input id="new-key-name" name="name" required maxlength="100">
            <label for="new-key-role">{{t.role}}</label><select id="new-key-role" name="role">{{#roles}}<option value="{{value}}">{{label}}</option>{{/roles}}</select>
            <label class="check"><input type="checkbox" name="writeOnly" value="true"> {{t.write_key}}</label>
            <button type="submit" id="add-key">{{t.add_key}}</button>
          </form>
        </section>
        <section class="card">
          <h2>{{t.audit_log}}</h2>
          <table class="list" id="audit"><thead><tr><th scope="col">{{t.date}}</th><th scope="col">{{t.who}}</th><th scope="col">{{t.action}}</th><th scope="col">{{t.record}}</th></tr></thead>
            <tbody>{{#audit}}<tr><td>{{at}}</td><td>{{actor}}</td><td>{{action}}</td><td>{{entity}} <span class="muted">{{entityId}}</span></td></tr>{{/audit}}</tbody></table>
        </section>
        {{/main}}{{/layout}}
        """
}
