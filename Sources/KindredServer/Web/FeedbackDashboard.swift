import Foundation
import Hummingbird
import KindredCore
import KindredStore

/// One row of a feedback table: a group and its figures as the page shows them.
struct FeedbackFiguresRow { let label: String; let feedback: String; let nps: String; let csat: String; let negative: String; let followUps: String }

/// One row of the CX ROI table.
struct ExperienceRow { let label: String; let people: String; let retention: String; let averageGiving: String; let share: String; let lifetimeValue: String }

extension WebRoutes {
    /// The feedback dashboard: NPS and CSAT over a period (of a segment's members, when chosen) by month, channel,
    /// loyalty level and campaign, the latest words, and what promoters, passives and detractors gave the year after.
    func feedbackDashboard(_ request: Request, _ context: KindredRequestContext) async throws -> Response {
        let session = try context.requireSession(), actor = try context.authorize(.read, .reports), language = session.language
        let t = Catalogue.strings(language), parameters = QueryParameters(request: request)
        let profile = try await OrganisationSettingsStore.profile(in: store.database)
        let to = try parameters.date("to") ?? profile.localDate(store.clock())
        let from = try parameters.date("from") ?? CalendarDate(daysSinceEpoch: to.daysSinceEpoch - 364)
        guard from <= to else { throw ValidationFailure([FieldIssue(field: "from", message: "must be on or before to")]) }
        let segmentId = try parameters.identifier("segment")
        let report = try await store.feedbackReport(from: from, to: to, segmentId: segmentId, by: actor)
        let roi = try await store.experienceReturn(year: profile.fiscalCalendar.fiscalYear(of: to) - 1, currency: nil, by: actor)
        let segments = try await store.segments.list(cursor: nil, limit: 200).items
        func row(_ label: String, _ figures: FeedbackFigures) -> FeedbackFiguresRow {
            FeedbackFiguresRow(label: label, feedback: WebFormat.number(figures.feedback, language),
                               nps: figures.nps.score.map { WebFormat.number(Int($0.rounded()), language) } ?? "–",
                               csat: WebFormat.percent(figures.csat.score.map { $0 / 100 }, language),
                               negative: WebFormat.number(figures.negative, language), followUps: WebFormat.number(figures.needingFollowUp, language))
        }
        func experience(_ label: String, _ group: ExperienceGroup) -> ExperienceRow {
            ExperienceRow(label: label, people: WebFormat.number(group.people, language), retention: WebFormat.percent(group.retentionRate, language),
                          averageGiving: group.averageGivingNextYearMinor.map { WebFormat.money($0, roi.currency, language) } ?? "–",
                          share: WebFormat.percent(group.shareOfRevenue, language),
                          lifetimeValue: group.averageLifetimeValueMinor.map { WebFormat.money($0, roi.currency, language) } ?? "–")
        }
        struct Verbatim { let date: String; let channel: String; let rating: String; let tone: String; let text: String }
        struct View {
            let chrome: PageChrome; let t: [String: String]; let from: String; let to: String; let segments: [FilterOption]
            let overall: [FeedbackFiguresRow]; let byMonth: [FeedbackFiguresRow]; let byChannel: [FeedbackFiguresRow]
            let byLoyalty: [FeedbackFiguresRow]; let byCampaign: [FeedbackFiguresRow]; let verbatims: [Verbatim]; let hasVerbatims: Bool
            let roiYear: Int; let roiNPS: [ExperienceRow]; let roiEngagement: [ExperienceRow]
        }
        let view = View(
            chrome: chrome("feedback_dashboard", session, "/feedback"), t: t, from: from.description, to: to.description,
            segments: segments.map { FilterOption(value: $0.id, label: $0.name, selected: $0.id == segmentId) },
            overall: [row(t["all_feedback"]!, report.overall)],
            byMonth: report.byMonth.map { row($0.key, $0.figures) },
            byChannel: report.byChannel.map { row(VocabularyLabels.label("feedback_channel", $0.key, language), $0.figures) },
            byLoyalty: report.byLoyalty.map { row(t["loyalty_\($0.key)"] ?? $0.key, $0.figures) },
            byCampaign: report.byCampaign.map { row($0.key == "none" ? t["no_campaign"]! : $0.key, $0.figures) },
            verbatims: report.verbatims.map { verbatim in
                Verbatim(date: WebFormat.date(verbatim.receivedAt, language, timeZone: profile.zone),
                         channel: VocabularyLabels.label("feedback_channel", verbatim.channel.rawValue, language),
                         rating: verbatim.rating.map { "\($0) (\(VocabularyLabels.label("rating_scale", verbatim.scale?.rawValue ?? "", language)))" } ?? "",
                         tone: verbatim.sentiment.rawValue, text: verbatim.text)
            },
            hasVerbatims: !report.verbatims.isEmpty, roiYear: roi.year,
            roiNPS: roi.byNPS.map { experience(t["nps_\($0.key)"]!, $0) },
            roiEngagement: roi.byEngagement.map { experience(t["engagement_\($0.key)"]!, $0) })
        return renderer.page("feedback-dashboard", view)
    }
}

/// The feedback dashboard's template.
enum FeedbackDashboardTemplates {
    /// A table of feedback figures under a heading.
    private static func table(_ id: String, _ heading: String, _ rows: String) -> String {
        """
        <section class="card" aria-labelledby="\(id)-heading"><h2 id="\(id)-heading">{{t.\(heading)}}</h2>
          <table id="\(id)"><thead><tr><th scope="col"></th><th scope="col">{{t.feedback}}</th><th scope="col">NPS</th><th scope="col">CSAT</th>
            <th scope="col">{{t.sentiment_negative}}</th><th scope="col">{{t.follow_ups}}</th></tr></thead>
          <tbody>{{#\(rows)}}<tr><th scope="row">{{label}}</th><td>{{feedback}}</td><td>{{nps}}</td><td>{{csat}}</td><td>{{negative}}</td><td>{{followUps}}</td></tr>{{/\(rows)}}</tbody></table>
        </section>
        """
    }

    /// A CX ROI table.
    private static func returnTable(_ id: String, _ rows: String) -> String {
        """
        <table id="\(id)"><thead><tr><th scope="col"></th><th scope="col">{{t.people_count}}</th><th scope="col">{{t.retention_next_year}}</th>
          <th scope="col">{{t.giving_per_person}}</th><th scope="col">{{t.share_of_revenue}}</th><th scope="col">{{t.lifetime_value}}</th></tr></thead>
        <tbody>{{#\(rows)}}<tr><th scope="row">{{label}}</th><td>{{people}}</td><td>{{retention}}</td><td>{{averageGiving}}</td><td>{{share}}</td><td>{{lifetimeValue}}</td></tr>{{/\(rows)}}</tbody></table>
        """
    }

    static let dashboard = """
        {{<layout}}{{$main}}
        <h1>{{t.feedback_dashboard}}</h1>
        <p><a href="/surveys">{{t.surveys_title}}</a> · <a href="/events">{{t.events_title}}</a> · <a href="/ideas">{{t.ideas_title}}</a></p>
        <form method="get" action="/feedback" class="card filters">
          <label for="feedback-from">{{t.period_from}}</label><input id="feedback-from" name="from" type="date" value="{{from}}">
          <label for="feedback-to">{{t.period_to}}</label><input id="feedback-to" name="to" type="date" value="{{to}}">
          <label for="feedback-segment">{{t.nav_segments}}</label>
          <select id="feedback-segment" name="segment"><option value="">{{t.everyone}}</option>{{#segments}}<option value="{{value}}" {{#selected}}selected{{/selected}}>{{label}}</option>{{/segments}}</select>
          <button type="submit">{{t.filter}}</button>
        </form>
        \(table("feedback-overall", "all_feedback", "overall"))
        \(table("feedback-by-month", "by_month", "byMonth"))
        \(table("feedback-by-channel", "by_channel", "byChannel"))
        \(table("feedback-by-loyalty", "by_loyalty", "byLoyalty"))
        \(table("feedback-by-campaign", "by_campaign", "byCampaign"))
        <section class="card" aria-labelledby="verbatims-heading"><h2 id="verbatims-heading">{{t.survey_verbatims}}</h2>
          {{#hasVerbatims}}<ul class="feedback" id="feedback-verbatims">{{#verbatims}}<li><time>{{date}}</time> <strong>{{channel}}</strong> {{rating}}
            <span class="sentiment sentiment-{{tone}}">·</span> <span class="feedback-text">{{text}}</span></li>{{/verbatims}}</ul>{{/hasVerbatims}}
          {{^hasVerbatims}}<p class="empty">{{t.no_feedback}}</p>{{/hasVerbatims}}
        </section>
        <section class="card" aria-labelledby="roi-heading"><h2 id="roi-heading">{{t.cx_roi}} {{roiYear}}</h2>
          <p class="note">{{t.cx_roi_intro}}</p>
          \(returnTable("roi-by-nps", "roiNPS"))
          \(returnTable("roi-by-engagement", "roiEngagement"))
        </section>
        {{/main}}{{/layout}}
        """
}
