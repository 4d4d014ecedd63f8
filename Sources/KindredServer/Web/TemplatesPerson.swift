/// The person page: the 360° view of one constituent (see `LayoutTemplates` for escaping).
enum PersonTemplates {
    /// Header, loyalty, engagement, giving, gifts, timeline and the forms to record a gift or a note.
    static let person = """
        {{<layout}}{{$main}}
        <header class="person-head">
          <h1 id="person-name">{{person.name}}</h1>
          <p class="meta">{{#person.roles}}<span class="pill">{{.}}</span>{{/person.roles}}{{#person.tags}}<span class="pill tag">{{.}}</span>{{/person.tags}}</p>
          <p class="meta">{{person.email}} {{person.city}}</p>
          <p class="meta"><a href="/people/{{person.id}}/messages" id="person-messages-link">{{t.messages_and_preferences}}</a></p>
        </header>
        <div class="grid">
          <section class="card" aria-labelledby="loyalty-heading">
            <h2 id="loyalty-heading">{{t.loyalty}}</h2>
            <p class="big" id="loyalty-level">{{loyalty.level}}</p>
            {{#loyalty.acquisition}}<p>{{t.acquisition}}: {{loyalty.acquisition}}</p>{{/loyalty.acquisition}}
            {{#loyalty.stage}}<p id="journey-stage">{{t.person_stage}}: {{loyalty.stage}}</p>{{/loyalty.stage}}
            {{#loyalty.stagePath}}<p class="meta" id="journey-path">{{loyalty.stagePath}}</p>{{/loyalty.stagePath}}
          </section>
          <section class="card" aria-labelledby="engagement-heading">
            <h2 id="engagement-heading">{{t.engagement}}</h2>
            <div class="meter" role="meter" aria-valuemin="0" aria-valuemax="100" aria-valuenow="{{engagement.score}}" aria-label="{{t.engagement}}">
              <span style="width: {{engagement.score}}%"></span>
            </div>
            <p><strong id="engagement-score">{{engagement.score}}</strong> · {{engagement.level}} · {{t.trend}}: {{engagement.trend}}
              {{#engagement.quietlyEngaged}}<span class="badge" id="quietly-engaged">{{t.quietly_engaged}}</span>{{/engagement.quietlyEngaged}}</p>
            {{#engagement.selfReported}}<p>{{t.self_reported}}: {{engagement.selfReported}}</p>{{/engagement.selfReported}}
            <ul class="bars">{{#engagement.dimensions}}<li><span class="bar-label">{{label}}</span><span class="bar"><span style="width: {{score}}%"></span></span><span class="bar-value">{{score}}</span></li>{{/engagement.dimensions}}</ul>
            <details><summary>{{t.why_score}}</summary>
              <table class="list"><thead><tr><th scope="col">{{t.type}}</th><th scope="col">{{t.date}}</th><th scope="col">{{t.points}}</th></tr></thead>
              <tbody>{{#engagement.contributions}}<tr><td>{{type}}</td><td>{{date}}</td><td>{{points}}</td></tr>{{/engagement.contributions}}</tbody></table>
            </details>
          </section>
          <section class="card" aria-labelledby="giving-heading">
            <h2 id="giving-heading">{{t.giving}}</h2>
            {{#rollups}}<dl class="rollup" id="rollup-{{currency}}">
              <dt>{{t.total_given}}</dt><dd class="total">{{total}}</dd><dt>{{t.gift_count}}</dt><dd>{{count}}</dd>
              <dt>{{t.first_gift}}</dt><dd>{{first}}</dd><dt>{{t.last_gift}}</dt><dd>{{last}}</dd><dt>{{t.largest_gift}}</dt><dd>{{largest}}</dd>
            </dl>{{/rollups}}
            {{^rollups}}<p class="empty">{{t.no_gifts}}</p>{{/rollups}}
            {{{givingChart}}}
          </section>
          {{> person-outlook}}
        </div>
        <div class="grid">
          <section class="card" aria-labelledby="record-gift-heading">
            <h2 id="record-gift-heading">{{t.record_gift}}</h2>
            <form method="post" action="/people/{{person.id}}/gifts">
              <input type="hidden" name="_csrf" value="{{chrome.csrf}}">
              <label for="amount">{{t.amount}}</label><input id="amount" name="amount" inputmode="decimal" required pattern="[0-9]+([.,][0-9]{1,2})?">
              <label for="currency">{{t.currency}}</label><input id="currency" name="currency" value="{{defaultCurrency}}" maxlength="3" required>
              <label for="receivedOn">{{t.received_on}}</label><input id="receivedOn" name="receivedOn" type="date" value="{{today}}" required>
              <label for="gift-channel">{{t.channel}}</label>
              <select id="gift-channel" name="channel">{{#giftChannels}}<option value="{{value}}">{{label}}</option>{{/giftChannels}}</select>
              <label for="gift-campaign">{{t.campaign}}</label>
              <select id="gift-campaign" name="campaign"><option value="">{{t.no_campaign}}</option>{{#campaigns}}<option value="{{value}}">{{label}}</option>{{/campaigns}}</select>
              <label for="soft-credit">{{t.soft_credit}}</label><input id="soft-credit" name="softCredit" type="email" maxlength="320">
              <button type="submit" class="primary" id="record-gift">{{t.record_gift}}</button>
            </form>
          </section>
          <section class="card" aria-labelledby="plan-heading">
            <h2 id="plan-heading">{{t.recurring_plan}}</h2>
            <form method="post" action="/people/{{person.id}}/plans">
              <input type="hidden" name="_csrf" value="{{chrome.csrf}}">
              <label for="plan-amount">{{t.amount}}</label><input id="plan-amount" name="amount" inputmode="decimal" required pattern="[0-9]+([.,][0-9]{1,2})?">
              <label for="plan-currency">{{t.currency}}</label><input id="plan-currency" name="currency" value="{{defaultCurrency}}" maxlength="3" required>
              <label for="plan-frequency">{{t.frequency}}</label>
              <select id="plan-frequency" name="frequency">{{#frequencies}}<option value="{{value}}" {{#selected}}selected{{/selected}}>{{label}}</option>{{/frequencies}}</select>
              <label for="plan-starts">{{t.starts_on}}</label><input id="plan-starts" name="startsOn" type="date" value="{{today}}" required>
              <button type="submit" id="start-plan">{{t.start_plan}}</button>
            </form>
          </section>
          <section class="card" aria-labelledby="note-heading">
            <h2 id="note-heading">{{t.add_note}}</h2>
            <form method="post" action="/people/{{person.id}}/notes">
              <input type="hidden" name="_csrf" value="{{chrome.csrf}}">
              <label for="note">{{t.note}}</label><textarea id="note" name="note" rows="3" maxlength="5000" required></textarea>
              <button type="submit" id="add-note">{{t.add_note}}</button>
            </form>
          </section>
        </div>
        {{> person-tasks}}
        {{> person-feedback}}
        <div class="grid">
          <section class="card" aria-labelledby="relations-heading">
            <h2 id="relations-heading">{{t.household_and_relations}}</h2>
            {{#connections.household}}<p>{{t.household}}: <strong id="household-name">{{connections.household}}</strong></p>{{/connections.household}}
            <ul id="relations">{{#connections.relations}}<li><a href="/people/{{id}}">{{name}}</a> <span class="muted">{{kind}}</span></li>{{/connections.relations}}</ul>
            {{^connections.relations}}{{^connections.household}}<p class="empty">{{t.no_relations}}</p>{{/connections.household}}{{/connections.relations}}
            <h3>{{t.possible_duplicates}}</h3>
            <ul id="person-duplicates">{{#connections.duplicates}}<li><a href="/people/{{id}}">{{name}}</a> <span class="muted">{{score}} · {{matched}}</span>
              {{#connections.canMerge}}<a class="button" href="{{review}}">{{t.review}}</a>{{/connections.canMerge}}</li>{{/connections.duplicates}}</ul>
            {{^connections.duplicates}}<p class="empty">{{t.no_duplicates}}</p>{{/connections.duplicates}}
          </section>
          <section class="card" aria-labelledby="consent-heading">
            <h2 id="consent-heading">{{t.consent}}</h2>
            <table class="list" id="consent"><thead><tr><th scope="col">{{t.channel}}</th><th scope="col">{{t.status}}</th><th scope="col">{{t.date}}</th></tr></thead>
              <tbody>{{#connections.consent}}<tr><td>{{channel}}</td><td>{{status}}</td><td>{{date}} <span class="muted">{{source}}</span></td></tr>{{/connections.consent}}</tbody></table>
            <form method="post" action="/people/{{person.id}}/consent" class="inline wrap">
              <input type="hidden" name="_csrf" value="{{chrome.csrf}}">
              <label for="consent-channel">{{t.channel}}</label>
              <select id="consent-channel" name="channel">{{#connections.consentChannels}}<option value="{{value}}">{{label}}</option>{{/connections.consentChannels}}</select>
              <label for="consent-status">{{t.status}}</label>
              <select id="consent-status" name="status"><option value="granted">{{t.consent_granted}}</option><option value="withdrawn">{{t.consent_withdrawn}}</option></select>
              <button type="submit" id="record-consent">{{t.save}}</button>
            </form>
          </section>
        </div>
        <section class="card" aria-labelledby="timeline-heading">
          <h2 id="timeline-heading">{{t.timeline}}</h2>
          <form method="get" action="/people/{{person.id}}" class="inline">
            <label for="timeline-channel">{{t.channel}}</label>
            <select id="timeline-channel" name="channel"><option value="">{{t.all_channels}}</option>{{#channels}}<option value="{{value}}" {{#selected}}selected{{/selected}}>{{label}}</option>{{/channels}}</select>
            <button type="submit">{{t.filter}}</button>
          </form>
          {{#hasTimeline}}<ol class="timeline" id="timeline">{{#timeline}}<li><time>{{date}}</time> <strong>{{type}}</strong> <span class="muted">{{channel}}</span> {{amount}} <span class="note-text">{{text}}</span></li>{{/timeline}}</ol>{{/hasTimeline}}
          {{^hasTimeline}}<p class="empty">{{t.no_interactions}}</p>{{/hasTimeline}}
        </section>
        {{/main}}{{/layout}}
        """
}
