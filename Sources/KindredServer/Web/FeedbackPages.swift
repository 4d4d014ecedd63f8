import Foundation
import Hummingbird
import KindredCore
import KindredStore

/// The person page's feedback: what the person told the organisation, how it reads, and the form to log more.
struct PersonFeedback {
    /// One piece of feedback as the page lists it.
    struct Row { let date: String; let channel: String; let rating: String; let sentiment: String; let tone: String; let reason: String?; let text: String }

    let items: [Row]
    let channels: [FilterOption]
    let canWrite: Bool
    /// The open surveys a personal link can be made for.
    let surveys: [FilterOption]
    let hasSurveys: Bool
    /// A personal link just made, shown this once.
    let surveyLink: String?
    /// The staff who can own the account (follow-ups go to the owner first), the current one selected.
    let owners: [FilterOption]
}

extension WebRoutes {
    /// The person page's feedback section: the last twenty pieces, newest first, and the survey-link form.
    func personFeedback(of id: String, session: WebSession, surveyLink: String?) async throws -> PersonFeedback {
        let canWrite = AccessPolicy.allows(session.user.role, .write, .feedback)
        let surveys = canWrite ? try await openSurveys(by: session.actor) : []
        let owner = try await store.constituents.get(id, by: session.actor).fields.accountOwnerId
        let owners = try await StaffDirectory(database: store.database).users()
            .filter { !$0.disabled && AccessPolicy.allows($0.role, .write, .feedback) }
            .map { FilterOption(value: $0.id, label: $0.email, selected: $0.id == owner) }
        let language = session.language, t = Catalogue.strings(language), zone = try await OrganisationSettingsStore.profile(in: store.database).zone
        let items = try await store.feedback.list(filters: [("constituent_id", id)], cursor: nil, limit: 20, newestFirst: true, by: session.actor).items
        return PersonFeedback(
            items: items.map { record in
                let fields = record.fields
                return .init(date: WebFormat.date(fields.receivedAt ?? record.createdAt, language, timeZone: zone),
                             channel: VocabularyLabels.label("feedback_channel", fields.channel.rawValue, language),
                             rating: fields.rating.map { "\($0) (\(VocabularyLabels.label("rating_scale", fields.scale?.rawValue ?? "", language)))" } ?? "",
                             sentiment: t["sentiment_\(fields.sentiment.label.rawValue)"]!, tone: fields.sentiment.label.rawValue,
                             reason: fields.recoveryReason.map { t["recovery_\($0.rawValue)"]! }, text: fields.text)
            },
            channels: VocabularyLabels.options(FeedbackChannel.self, "feedback_channel", language, selected: .phone),
            canWrite: canWrite, surveys: surveys, hasSurveys: !surveys.isEmpty, surveyLink: surveyLink, owners: owners)
    }

    /// Sets (or clears) the person's account owner: the staff member their follow-ups go to first.
    func setAccountOwner(_ request: Request, _ context: KindredRequestContext) async throws -> Response {
        let (actor, id, form) = try await personPost(request, context, .constituents)
        var fields = try await store.constituents.get(id, by: actor).fields
        fields.accountOwnerId = form["owner"]
        _ = try await store.constituents.update(id, with: try ConstituentInput(fields).validated(), by: actor)
        return WebRenderer.redirect("/people/\(id)#feedback-heading")
    }

    /// Logs feedback from the person page's form (a rating only with its scale) and returns there; an unhappy
    /// supporter's feedback opens a follow-up task, shown in the tasks section and the inbox.
    func addFeedback(_ request: Request, _ context: KindredRequestContext) async throws -> Response {
        let (actor, id, form) = try await personPost(request, context, .feedback)
        var issues: [FieldIssue] = []
        let channel = form["channel"].flatMap(FeedbackChannel.init(rawValue:))
        if form["channel"] != nil, channel == nil { issues.append(FieldIssue(field: "channel", message: "must be one of: \(FeedbackChannel.allowedValues)")) }
        let scale = form["scale"].flatMap(RatingScale.init(rawValue:))
        if form["scale"] != nil, scale == nil { issues.append(FieldIssue(field: "scale", message: "must be nps or csat")) }
        let rating = form["rating"].flatMap { Int($0) }
        if form["rating"] != nil, rating == nil { issues.append(FieldIssue(field: "rating", message: "must be a whole number")) }
        guard issues.isEmpty else { throw ValidationFailure(issues) }
        let input = FeedbackInput(constituentId: id, channel: channel, text: form["text"], rating: rating, scale: scale,
                                  complaint: form["complaint"] == "on")
        _ = try await store.feedback.create(try input.validated(), by: actor)
        return WebRenderer.redirect("/people/\(id)#feedback-heading")
    }
}

/// The person page's feedback section.
enum FeedbackTemplates {
    static let personFeedback = """
        <section class="card" aria-labelledby="feedback-heading">
          <h2 id="feedback-heading">{{t.feedback}}</h2>
          {{#feedback}}
          <ul class="feedback" id="feedback-list">{{#items}}<li><time>{{date}}</time> <strong>{{channel}}</strong> {{rating}}
            <span class="sentiment sentiment-{{tone}}">{{sentiment}}</span>{{#reason}} <span class="badge warn">{{reason}}</span>{{/reason}}
            <span class="feedback-text">{{text}}</span></li>{{/items}}</ul>
          {{^items}}<p class="empty">{{t.no_feedback}}</p>{{/items}}
          {{#canWrite}}<details><summary>{{t.feedback_log}}</summary>
            <form method="post" action="/people/{{person.id}}/feedback">
              <input type="hidden" name="_csrf" value="{{chrome.csrf}}">
              <label for="feedback-channel">{{t.channel}}</label>
              <select id="feedback-channel" name="channel">{{#channels}}<option value="{{value}}" {{#selected}}selected{{/selected}}>{{label}}</option>{{/channels}}</select>
              <label for="feedback-text">{{t.feedback_text}}</label><textarea id="feedback-text" name="text" rows="3" maxlength="10000"></textarea>
              <label for="feedback-scale">{{t.feedback_scale}}</label>
              <select id="feedback-scale" name="scale"><option value="">{{t.feedback_no_rating}}</option><option value="nps">NPS 0–10</option><option value="csat">CSAT 1–5</option></select>
              <label for="feedback-rating">{{t.feedback_rating}}</label><input id="feedback-rating" name="rating" type="number" min="0" max="10" inputmode="numeric">
              <label class="check"><input type="checkbox" id="feedback-complaint" name="complaint"> {{t.feedback_complaint}}</label>
              <button type="submit" id="log-feedback">{{t.feedback_log}}</button>
            </form>
          </details>
          {{#hasSurveys}}<form method="post" action="/people/{{person.id}}/survey-links" class="inline" id="survey-link-form">
            <input type="hidden" name="_csrf" value="{{chrome.csrf}}">
            <label for="survey-choice">{{t.survey_send_link}}</label>
            <select id="survey-choice" name="survey">{{#surveys}}<option value="{{value}}">{{label}}</option>{{/surveys}}</select>
            <button type="submit" id="make-survey-link">{{t.survey_link_for}}</button>
          </form>{{/hasSurveys}}
          <form method="post" action="/people/{{person.id}}/owner" class="inline" id="owner-form">
            <input type="hidden" name="_csrf" value="{{chrome.csrf}}">
            <label for="account-owner">{{t.account_owner}}</label>
            <select id="account-owner" name="owner"><option value="">{{t.no_owner}}</option>{{#owners}}<option value="{{value}}" {{#selected}}selected{{/selected}}>{{label}}</option>{{/owners}}</select>
            <button type="submit" id="set-owner">{{t.save}}</button>
          </form>
          {{#surveyLink}}<p class="notice" role="status">{{t.survey_link_created}} <input id="survey-link" readonly value="{{surveyLink}}"></p>{{/surveyLink}}
          {{/canWrite}}
          {{/feedback}}
        </section>
        """
}
