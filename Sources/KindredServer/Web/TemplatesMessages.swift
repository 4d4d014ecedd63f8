/// The staff's message pages (see `LayoutTemplates` for escaping).
enum MessageTemplates {
    /// Templates, the forms to write and send one, and the latest messages.
    static let list = """
        {{<layout}}{{$main}}
        <h1>{{t.messages_title}}</h1>
        <p class="intro">{{t.messages_intro}} <a href="/plans" id="plans-link">{{t.plans_title}}</a></p>
        <section class="card" aria-labelledby="templates-heading"><h2 id="templates-heading">{{t.templates}}</h2>
          {{#hasTemplates}}<table class="list" id="template-list"><thead><tr><th scope="col">{{t.template_name}}</th><th scope="col">{{t.template_channel}}</th>
            <th scope="col">{{t.template_topic}}</th><th scope="col">{{t.template_languages}}</th>{{#canWrite}}<th scope="col">{{t.send_to_segment}}</th>{{/canWrite}}</tr></thead>
          <tbody>{{#templates}}<tr><td>{{name}}</td><td>{{channel}}</td><td>{{topic}}</td><td>{{languages}}</td>
            {{#canWrite}}<td><form method="post" action="/messages/send" class="inline send-form">
              <input type="hidden" name="_csrf" value="{{chrome.csrf}}"><input type="hidden" name="template" value="{{id}}">
              <label for="segment-{{id}}" class="visually-hidden">{{t.send_to_segment}}</label>
              <select id="segment-{{id}}" name="segment">{{#segments}}<option value="{{value}}">{{label}}</option>{{/segments}}</select>
              <label for="at-{{id}}">{{t.send_at}}</label><input id="at-{{id}}" name="at" type="datetime-local">
              <label class="check"><input type="checkbox" name="best" id="best-{{id}}"> {{t.send_best_time}}</label>
              <button type="submit" class="send-template">{{t.send}}</button></form></td>{{/canWrite}}</tr>{{/templates}}</tbody></table>{{/hasTemplates}}
          {{^hasTemplates}}<p class="empty">{{t.no_templates}}</p>{{/hasTemplates}}
        </section>
        {{#canWrite}}<section class="card" aria-labelledby="template-new-heading"><h2 id="template-new-heading">{{t.template_new}}</h2>
          <form method="post" action="/messages/templates" id="template-form">
            <input type="hidden" name="_csrf" value="{{chrome.csrf}}">
            <label for="template-name">{{t.template_name}}</label><input id="template-name" name="name" required maxlength="200">
            <label for="template-channel">{{t.template_channel}}</label>
            <select id="template-channel" name="channel">{{#channels}}<option value="{{value}}" {{#selected}}selected{{/selected}}>{{label}}</option>{{/channels}}</select>
            <label for="template-topic">{{t.template_topic}}</label>
            <select id="template-topic" name="topic"><option value="">{{t.template_no_topic}}</option>{{#topics}}<option value="{{value}}">{{label}}</option>{{/topics}}</select>
            <p class="note">{{t.template_placeholders}} <code>{{placeholders}}</code></p>
            <fieldset><legend>English</legend>
              <label for="subject-en">{{t.template_subject}}</label><input id="subject-en" name="subject_en" maxlength="200">
              <label for="body-en">{{t.template_body}}</label><textarea id="body-en" name="body_en" rows="6" maxlength="20000" required></textarea></fieldset>
            <fieldset><legend>Nederlands</legend>
              <label for="subject-nl">{{t.template_subject}}</label><input id="subject-nl" name="subject_nl" maxlength="200">
              <label for="body-nl">{{t.template_body}}</label><textarea id="body-nl" name="body_nl" rows="6" maxlength="20000"></textarea></fieldset>
            <fieldset><legend>Français</legend>
              <label for="subject-fr">{{t.template_subject}}</label><input id="subject-fr" name="subject_fr" maxlength="200">
              <label for="body-fr">{{t.template_body}}</label><textarea id="body-fr" name="body_fr" rows="6" maxlength="20000"></textarea></fieldset>
            <label class="check"><input type="checkbox" id="template-track" name="track"> {{t.template_track}}</label>
            <button type="submit" id="create-template">{{t.template_create}}</button>
          </form>
        </section>{{/canWrite}}
        <section class="card" aria-labelledby="recent-heading"><h2 id="recent-heading">{{t.recent_messages}}</h2>
          {{> message-rows}}
        </section>
        {{/main}}{{/layout}}
        """

    /// A list of messages.
    static let rows = """
        {{#hasMessages}}<table class="list" id="message-list"><thead><tr><th scope="col">{{t.message_to}}</th><th scope="col">{{t.template_subject}}</th>
          <th scope="col">{{t.status}}</th><th scope="col">{{t.date}}</th></tr></thead>
        <tbody>{{#messages}}<tr><td><a href="/people/{{personId}}">{{person}}</a></td><td>{{subject}}</td>
          <td>{{status}}{{#reason}} <span class="badge warn">{{reason}}</span>{{/reason}}</td><td>{{when}}</td></tr>{{/messages}}</tbody></table>{{/hasMessages}}
        {{^hasMessages}}<p class="empty">{{t.no_messages}}</p>{{/hasMessages}}
        """

    /// A person's messages, choices and their history.
    static let person = """
        {{<layout}}{{$main}}
        <h1><a href="/people/{{id}}">{{name}}</a> · {{t.messages_and_preferences}}</h1>
        <section class="card" aria-labelledby="choices-heading"><h2 id="choices-heading">{{t.preferences_current}}</h2>
          <dl class="facts" id="person-choices"><dt>{{t.preferences_channels}}</dt><dd id="choice-channels">{{channels}}</dd>
            <dt>{{t.preferences_declined}}</dt><dd>{{declined}}</dd><dt>{{t.preferences_frequency}}</dt><dd>{{frequency}}</dd>
            <dt>{{t.language}}</dt><dd>{{language}}</dd>{{#involvement}}<dt>{{t.self_reported}}</dt><dd>{{involvement}}</dd>{{/involvement}}
            <dt>{{t.preferences_wishes}}</dt><dd>{{wishes}}</dd></dl>
          {{#link}}<p>{{t.preference_link_once}} <input id="preference-link" readonly value="{{link}}"></p>{{/link}}
          {{#canWrite}}<form method="post" action="/people/{{id}}/preference-link" class="inline"><input type="hidden" name="_csrf" value="{{chrome.csrf}}">
            <button type="submit" id="make-preference-link">{{t.preference_link_make}}</button></form>{{/canWrite}}
        </section>
        <section class="card" aria-labelledby="history-heading"><h2 id="history-heading">{{t.preferences_history}}</h2>
          {{#hasHistory}}<ul id="preference-history">{{#history}}<li><time>{{when}}</time> {{what}}: <strong>{{value}}</strong> ({{source}})</li>{{/history}}</ul>{{/hasHistory}}
          {{^hasHistory}}<p class="empty">{{t.no_preferences}}</p>{{/hasHistory}}
        </section>
        <section class="card" aria-labelledby="person-messages-heading"><h2 id="person-messages-heading">{{t.messages_title}}</h2>
          {{> message-rows}}
        </section>
        {{/main}}{{/layout}}
        """
}
