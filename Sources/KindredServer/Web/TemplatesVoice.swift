/// The staff pages of supporter events and the ideas board.
enum VoiceTemplates {
    /// Events and the form for a new one.
    static let events = """
        {{<layout}}{{$main}}
        <h1>{{t.events_title}}</h1>
        <p><a href="/feedback">{{t.feedback_dashboard}}</a> · <a href="/surveys">{{t.surveys_title}}</a> · <a href="/ideas">{{t.ideas_title}}</a></p>
        <section class="card">
          {{#hasEvents}}<table id="event-list"><thead><tr><th scope="col">{{t.name}}</th><th scope="col">{{t.event_starts}}</th>
            <th scope="col">{{t.registrations}}</th><th scope="col">{{t.status}}</th></tr></thead>
            <tbody>{{#events}}<tr><td><a href="/events/{{id}}">{{name}}</a></td><td>{{when}}</td><td>{{registered}}</td><td>{{status}}</td></tr>{{/events}}</tbody></table>{{/hasEvents}}
          {{^hasEvents}}<p class="empty">{{t.no_events}}</p>{{/hasEvents}}
        </section>
        {{#canWrite}}<section class="card narrow" aria-labelledby="new-event-heading"><h2 id="new-event-heading">{{t.event_new}}</h2>
          <form method="post" action="/events">
            <input type="hidden" name="_csrf" value="{{chrome.csrf}}">
            <label for="event-name">{{t.name}}</label><input id="event-name" name="name" required maxlength="200">
            <label for="event-starts">{{t.event_starts}}</label><input id="event-starts" name="startsAt" type="datetime-local" required>
            <label for="event-location">{{t.event_location}}</label><input id="event-location" name="location" maxlength="300">
            <label for="event-capacity">{{t.event_capacity}}</label><input id="event-capacity" name="capacity" type="number" min="1" max="100000" inputmode="numeric">
            <label for="event-description">{{t.event_description}}</label><textarea id="event-description" name="description" rows="3" maxlength="4000"></textarea>
            <label for="event-survey">{{t.event_survey}}</label>
            <select id="event-survey" name="survey"><option value="">{{t.event_no_survey}}</option>{{#surveys}}<option value="{{value}}">{{label}}</option>{{/surveys}}</select>
            <button type="submit" id="create-event">{{t.event_create}}</button>
          </form>
        </section>{{/canWrite}}
        {{/main}}{{/layout}}
        """

    /// One event: its public link and registrations with check-in.
    static let event = """
        {{<layout}}{{$main}}
        <h1>{{name}}</h1>
        <p>{{when}}</p>
        <p>{{t.event_public_link}} <input id="event-link" readonly value="{{publicLink}}"></p>
        <section class="card" aria-labelledby="registrations-heading"><h2 id="registrations-heading">{{t.registrations}}</h2>
          {{#hasRegistrations}}<ul id="registration-list">{{#registrations}}<li><a href="/people/{{personId}}">{{name}}</a> · {{registered}}
            {{#attended}}<span class="badge">{{t.checked_in}}</span>{{/attended}}
            {{^attended}}{{#canWrite}}<form method="post" action="/events/{{id}}/check-ins" class="inline">
              <input type="hidden" name="_csrf" value="{{chrome.csrf}}"><input type="hidden" name="constituentId" value="{{personId}}">
              <button type="submit" class="check-in">{{t.check_in}}</button></form>{{/canWrite}}{{/attended}}</li>{{/registrations}}</ul>{{/hasRegistrations}}
          {{^hasRegistrations}}<p class="empty">{{t.no_registrations}}</p>{{/hasRegistrations}}
        </section>
        {{/main}}{{/layout}}
        """

    /// Every idea with its votes, status and campaign.
    static let ideas = """
        {{<layout}}{{$main}}
        <h1>{{t.ideas_title}}</h1>
        <p>{{t.idea_board_link}} <input id="board-link" readonly value="{{boardLink}}"></p>
        {{#hasIdeas}}<ol class="ideas" id="staff-idea-list">{{#ideas}}<li class="card">
          <h2>{{title}}</h2>{{#body}}<p>{{body}}</p>{{/body}}<p><strong>{{votes}}</strong> {{t.votes}}</p>
          {{#canWrite}}<form method="post" action="/ideas/{{id}}" class="inline">
            <input type="hidden" name="_csrf" value="{{chrome.csrf}}">
            <label for="idea-status-{{id}}">{{t.status}}</label>
            <select id="idea-status-{{id}}" name="status">{{#statuses}}<option value="{{value}}" {{#selected}}selected{{/selected}}>{{label}}</option>{{/statuses}}</select>
            <label for="idea-campaign-{{id}}">{{t.campaign}}</label>
            <select id="idea-campaign-{{id}}" name="campaign"><option value="">{{t.no_campaign}}</option>{{#campaigns}}<option value="{{value}}" {{#selected}}selected{{/selected}}>{{label}}</option>{{/campaigns}}</select>
            <button type="submit">{{t.save}}</button>
          </form>{{/canWrite}}
        </li>{{/ideas}}</ol>{{/hasIdeas}}
        {{^hasIdeas}}<p class="empty">{{t.no_ideas}}</p>{{/hasIdeas}}
        {{/main}}{{/layout}}
        """
}
