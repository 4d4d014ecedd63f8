/// The dashboard, people and settings pages (see `LayoutTemplates` for escaping).
enum PageTemplates {
    /// Key figures and charts.
    static let dashboard = """
        {{<layout}}{{$main}}
        <h1>{{t.dashboard_title}}</h1>
        <section class="figures" aria-label="{{t.dashboard_title}}">
          {{#figures}}<div class="figure" id="figure-{{id}}"><span class="figure-label">{{label}}</span><span class="figure-value">{{value}}</span></div>{{/figures}}
        </section>
        <section class="charts">
          {{#charts}}{{{.}}}{{/charts}}
        </section>
        <p class="muted" id="population-as-of">{{t.population_as_of}}: {{populationAsOf}}</p>
        {{/main}}{{/layout}}
        """

    /// The people list: search, role filter, paging.
    static let people = """
        {{<layout}}{{$main}}
        <div class="title-row"><h1>{{t.people_title}}</h1><a class="button primary" href="/people/new" id="new-person">{{t.new_person}}</a></div>
        <form method="get" action="/people" class="search" role="search">
          <label for="q">{{t.search_label}}</label>
          <input id="q" name="q" type="search" value="{{query}}" data-live-search>
          <button type="submit">{{t.search}}</button>
        </form>
        <div id="people-results">
        {{#hasPeople}}
        <table class="list">
          <thead><tr><th scope="col">{{t.name}}</th><th scope="col">{{t.email}}</th><th scope="col">{{t.city}}</th><th scope="col">{{t.roles}}</th></tr></thead>
          <tbody>{{#people}}<tr><td><a href="/people/{{id}}">{{name}}</a></td><td>{{email}}</td><td>{{city}}</td><td>{{roles}}</td></tr>{{/people}}</tbody>
        </table>
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

    /// Organisation settings (administrators).
    static let settings = """
        {{<layout}}{{$main}}
        <h1>{{t.settings_title}}</h1>
        <section class="card narrow">
          <h2>{{t.organisation}}</h2>
          <form method="post" action="/settings/organisation">
            <input type="hidden" name="_csrf" value="{{chrome.csrf}}">
            <label for="currency">{{t.currency}}</label><input id="currency" name="currency" value="{{currency}}" maxlength="3" required>
            <label for="fiscalYearStartMonth">{{t.fiscal_year_start}}</label>
            <input id="fiscalYearStartMonth" name="fiscalYearStartMonth" type="number" min="1" max="12" value="{{fiscalYearStartMonth}}" required>
            <button type="submit" class="primary">{{t.save}}</button>
          </form>
        </section>
        {{/main}}{{/layout}}
        """
}
