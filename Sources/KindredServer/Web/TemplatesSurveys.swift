/// The staff's survey pages: the list with the form for a new survey, and one survey's results.
enum SurveyTemplates {
    /// Every survey with its responses and headline score.
    static let list = """
        {{<layout}}{{$main}}
        <h1>{{t.surveys_title}}</h1>
        <section class="card">
          {{#hasSurveys}}<table id="survey-list"><thead><tr><th scope="col">{{t.survey_name}}</th><th scope="col">{{t.status}}</th>
            <th scope="col">{{t.survey_responses}}</th><th scope="col">{{t.survey_score}}</th></tr></thead>
            <tbody>{{#surveys}}<tr><td><a href="/surveys/{{id}}">{{name}}</a></td><td>{{status}}</td><td>{{responses}}</td><td>{{headline}}</td></tr>{{/surveys}}</tbody></table>{{/hasSurveys}}
          {{^hasSurveys}}<p class="empty">{{t.no_surveys}}</p>{{/hasSurveys}}
        </section>
        {{#canWrite}}<section class="card narrow" aria-labelledby="new-survey-heading">
          <h2 id="new-survey-heading">{{t.survey_new}}</h2>
          <form method="post" action="/surveys">
            <input type="hidden" name="_csrf" value="{{chrome.csrf}}">
            <label for="survey-name">{{t.survey_name}}</label><input id="survey-name" name="name" required maxlength="200">
            <label for="survey-template">{{t.survey_template}}</label>
            <select id="survey-template" name="template"><option value="nps">{{t.survey_template_nps}}</option><option value="csat">{{t.survey_template_csat}}</option><option value="enps">{{t.survey_template_enps}}</option></select>
            <button type="submit" id="create-survey">{{t.survey_create}}</button>
          </form>
          <p class="note">{{t.survey_custom_note}}</p>
        </section>{{/canWrite}}
        {{/main}}{{/layout}}
        """

    /// One survey: status, links, and each question's results with what people wrote.
    static let survey = """
        {{<layout}}{{$main}}
        <h1>{{name}}</h1>
        <p><strong id="survey-response-count">{{responses}}</strong> {{t.survey_answers}}</p>
        {{#canWrite}}<section class="card">
          <form method="post" action="/surveys/{{id}}/status" class="inline">
            <input type="hidden" name="_csrf" value="{{chrome.csrf}}">
            <label for="survey-status">{{t.status}}</label>
            <select id="survey-status" name="status">{{#statuses}}<option value="{{value}}" {{#selected}}selected{{/selected}}>{{label}}</option>{{/statuses}}</select>
            <button type="submit">{{t.survey_set_status}}</button>
          </form>
          {{^isPulse}}<form method="post" action="/surveys/{{id}}/links" class="inline">
            <input type="hidden" name="_csrf" value="{{chrome.csrf}}">
            <button type="submit" id="make-anonymous-link">{{t.survey_anonymous_link}}</button>
          </form>{{/isPulse}}
          {{#link}}<p class="notice" role="status">{{t.survey_link_created}} <input id="survey-link" readonly value="{{link}}"></p>{{/link}}
        </section>{{/canWrite}}
        {{#isPulse}}<section class="card" id="pulse-note"><p>{{t.pulse_share}} <input id="pulse-link" readonly value="{{pulseLink}}"></p>
          <p class="note">{{t.pulse_anonymous}}</p>
          {{#withheld}}<p class="notice" id="pulse-withheld">{{t.pulse_withheld}}</p>{{/withheld}}
          {{^withheld}}<table id="pulse-groups"><thead><tr><th scope="col">{{t.role}}</th><th scope="col">{{t.survey_responses}}</th><th scope="col">eNPS</th></tr></thead>
            <tbody>{{#groups}}<tr><th scope="row">{{label}}</th><td>{{answers}}</td><td>{{score}}</td></tr>{{/groups}}</tbody></table>
            {{#groupsWithheld}}<p class="note">{{t.pulse_groups_withheld}} {{groupsWithheld}}</p>{{/groupsWithheld}}{{/withheld}}
        </section>{{/isPulse}}
        {{#questions}}<section class="card question-results">
          <h2>{{text}}</h2>
          <p>{{answers}} {{t.survey_answers}}{{#score}} · {{t.survey_score}} <strong class="survey-score">{{score}}</strong>{{/score}}{{#breakdown}} ({{breakdown}}){{/breakdown}}{{#mean}} · {{t.survey_mean}} {{mean}}{{/mean}}</p>
          {{{chart}}}
          {{#hasVerbatims}}<h3>{{t.survey_verbatims}}</h3><ul class="verbatims">{{#verbatims}}<li>{{.}}</li>{{/verbatims}}</ul>{{/hasVerbatims}}
        </section>{{/questions}}
        {{/main}}{{/layout}}
        """
}
