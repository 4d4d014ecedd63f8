import Foundation
import Hummingbird
import KindredCore
import KindredStore

/// A key figure on the dashboard.
struct KeyFigure {
    let id: String
    let label: String
    let value: String
}

/// The dashboard's view model.
struct DashboardView {
    let chrome: PageChrome
    let t: [String: String]
    let figures: [KeyFigure]
    let charts: [String]
    let populationAsOf: String
    let organisation: String?
    let principles: String?
}

extension WebRoutes {
    /// The dashboard: key figures of the current fiscal year and the charts behind them.
    func dashboard(_ request: Request, _ context: KindredRequestContext) async throws -> Response {
        let session = try context.requireSession()
        guard AccessPolicy.allows(session.user.role, .read, .reports) else { return WebRenderer.redirect("/people") }  // programme staff
        let language = session.language, t = Catalogue.strings(language)
        let dashboard = try await store.segments.dashboard()
        let profile = try await OrganisationSettingsStore.profile(in: store.database)
        let current = dashboard.retention.last
        let money = { (minor: Int64) in WebFormat.money(minor, dashboard.currency, language) }
        let figures = [
            KeyFigure(id: "donors", label: t["figure_donors"]!, value: WebFormat.number(current?.donorsCurrentYear ?? 0, language)),
            KeyFigure(id: "retention", label: t["figure_retention"]!, value: WebFormat.percent(current?.donorRetentionRate, language)),
            KeyFigure(id: "revenue", label: t["figure_revenue"]!, value: money(current?.amountCurrentYear ?? 0)),
            KeyFigure(id: "new-donors", label: t["figure_new_donors"]!, value: WebFormat.number(current?.newDonors ?? 0, language)),
            KeyFigure(id: "quietly-engaged", label: t["figure_quietly_engaged"]!, value: WebFormat.number(dashboard.quietlyEngaged, language)),
        ]
        func chart(_ id: String, _ titleKey: String, _ labelKey: String, _ valueKey: String, _ bars: [ChartBar]) -> String {
            SVGChart.bars(id: id, title: t[titleKey]!, labelHeading: t[labelKey]!, valueHeading: t[valueKey]!, bars: bars, empty: t["chart_empty"]!)
        }
        func givingBars(_ buckets: [GivingBucket], vocabulary: String? = nil) -> [ChartBar] {
            buckets.map { bucket in
                ChartBar(label: vocabulary.map { VocabularyLabels.label($0, bucket.key, language) } ?? bucket.key, value: Double(bucket.totalMinor),
                         display: money(bucket.totalMinor))
            }
        }
        let retention = dashboard.retention.filter { $0.donorRetentionRate != nil }.map {
            ChartBar(label: String($0.year), value: $0.donorRetentionRate!, display: WebFormat.percent($0.donorRetentionRate, language))
        }
        let loyalty = LoyaltyLevel.allCases.map { level in
            ChartBar(label: t["loyalty_\(level.rawValue)"]!, value: Double(dashboard.loyalty[level.rawValue] ?? 0),
                     display: WebFormat.number(dashboard.loyalty[level.rawValue] ?? 0, language))
        }
        let engagement = EngagementLevel.allCases.map { level in
            ChartBar(label: t["engagement_\(level.rawValue)"]!, value: Double(dashboard.engagementLevels[level.rawValue] ?? 0),
                     display: WebFormat.number(dashboard.engagementLevels[level.rawValue] ?? 0, language))
        }
        let charts = [
            chart("chart-retention", "chart_retention", "column_year", "column_rate", retention),
            chart("chart-loyalty", "chart_loyalty", "column_level", "column_people", loyalty),
            chart("chart-engagement", "chart_engagement", "column_level", "column_people", engagement),
            chart("chart-month", "chart_giving_month", "column_month", "column_amount", givingBars(Array(dashboard.givingByMonth.suffix(12)))),
            chart("chart-channel", "chart_giving_channel", "column_channel", "column_amount", givingBars(dashboard.givingByChannel, vocabulary: "gift_channel")),
            chart("chart-device", "chart_giving_device", "column_device", "column_amount", givingBars(dashboard.givingByDevice, vocabulary: "device")),
            chart("chart-source", "chart_giving_source", "column_source", "column_amount", givingBars(Array(dashboard.givingBySource.prefix(10)))),
        ]
        let pattern = try await store.sendTimes.pattern()
        let days = (1...7).map { t["weekday_\($0)"]! }
        let heatMap = SVGChart.heatMap(id: "chart-send-times", title: t["chart_send_times"]!, days: days, hourHeading: t["column_hour"]!,
                                       values: pattern?.hours ?? [], empty: t["chart_empty"]!)
        let view = DashboardView(chrome: PageChrome(titleKey: "dashboard_title", session: session, language: language, csrf: session.csrfToken, path: "/"),
                                 t: t, figures: figures, charts: charts + [heatMap],
                                 populationAsOf: WebFormat.dateTime(dashboard.populationAsOf, language, timeZone: profile.zone),
                                 organisation: profile.name, principles: profile.guidingPrinciples)
        return renderer.page("dashboard", view)
    }
}
