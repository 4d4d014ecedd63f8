import Foundation
import Hummingbird
import KindredCore
import KindredStore

/// The person page's view model: every section of the 360° view.
struct PersonView {
    struct Person { let id: String; let name: String; let roles: [String]; let tags: [String]; let email: String; let city: String }
    struct Loyalty { let level: String; let acquisition: String?; let stage: String?; let stagePath: String? }
    struct Dimension { let label: String; let score: Int }
    struct Contribution { let type: String; let date: String; let points: String }
    struct Engagement {
        let score: Int; let level: String; let trend: String; let quietlyEngaged: Bool; let selfReported: String?
        let dimensions: [Dimension]; let contributions: [Contribution]
    }
    struct Rollup { let currency: String; let total: String; let count: Int; let first: String; let last: String; let largest: String }
    struct Entry { let date: String; let type: String; let channel: String; let amount: String; let text: String }
    struct ChannelOption { let value: String; let label: String; let selected: Bool }

    let chrome: PageChrome
    let t: [String: String]
    let person: Person
    let loyalty: Loyalty
    let engagement: Engagement
    let rollups: [Rollup]
    let givingChart: String
    let defaultCurrency: String
    let today: String
    let giftChannels: [FilterOption]
    let campaigns: [FilterOption]
    let frequencies: [FilterOption]
    let channels: [ChannelOption]
    let hasTimeline: Bool
    let timeline: [Entry]
    let connections: PersonConnections
    let tasks: PersonTasks
    let feedback: PersonFeedback
    let outlook: PersonOutlook?
}

extension WebRoutes {
    /// The person page: who they are, loyalty, engagement and why, giving, the timeline (optionally one channel).
    func person(_ request: Request, _ context: KindredRequestContext, surveyLink: String? = nil) async throws -> Response {
        let session = try context.requireSession()
        let id = try context.parameters.require("id"), language = session.language, t = Catalogue.strings(language)
        let channel = request.uri.queryParameters.get("channel").flatMap { $0.isEmpty ? nil : String($0.prefix(64)) }
        let queries = ConstituentQueries(store: store)
        let (record, giving) = try await queries.summary(of: id, by: session.actor)
        let loyalty = try await store.loyalty.loyalty(of: id)
        let engagement = try await store.engagement.profile(of: id)
        let stages = try await store.journey.history(of: id, by: session.actor), stage = stages.first { $0.leftAt == nil }
        let stageNames = try await store.journey.settings()
        let rollups = try await queries.storedRollups(of: id)
        let timeline = try await queries.timeline(of: id, channel: channel, cursor: nil, limit: 100, by: session.actor)
        let notes = try await store.interactions.list(filters: [("constituent_id", id), ("type", "note")], cursor: nil, limit: 100, by: session.actor)
        let noteText = Dictionary(uniqueKeysWithValues: notes.items.map { note -> (String, String) in
            guard case .string(let text) = note.fields.properties["text"] else { return (note.id, "") }
            return (note.id, text)
        })
        let profile = try await OrganisationSettingsStore.profile(in: store.database)
        let date = { (at: Timestamp) in WebFormat.date(at, language, timeZone: profile.zone) }
        let fields = record.fields, connections = try await connections(of: record, session: session)
        let view = PersonView(
            chrome: chrome("nav_people", session, "/people/\(id)"), t: t,
            person: .init(id: id, name: fields.displayName, roles: fields.roles.map { t["role_\($0.rawValue)"]! }, tags: fields.tags,
                          email: fields.emails.first ?? "", city: fields.address?.city ?? ""),
            loyalty: .init(level: t["loyalty_\(loyalty.level.rawValue)"]!, acquisition: loyalty.acquisition.map {
                "\(date($0.receivedAt)) · \(VocabularyLabels.label("gift_channel", $0.channel.rawValue, language)) · \(VocabularyLabels.label("device", $0.device.rawValue, language))" + ($0.throughFriend ? " · \(t["through_friend"]!)" : "")
            }, stage: stage.map { "\(stageNames.label($0.stage, t)) · " + t["person_stage_since"]!.replacingOccurrences(of: "{date}", with: date($0.enteredAt)) },
               stagePath: stages.count > 1 ? stages.prefix(8).reversed().map { "\(stageNames.label($0.stage, t)) (\(date($0.enteredAt)))" }.joined(separator: " → ") : nil),
            engagement: .init(
                score: Int(engagement.score.rounded()), level: t["engagement_\(engagement.level.rawValue)"]!, trend: t["trend_\(engagement.trend.rawValue)"]!,
                quietlyEngaged: engagement.quietlyEngaged,
                selfReported: engagement.selfReported.map { "\($0.value)/5 — \(t["agreement_\($0.agreement.rawValue)"]!)" },
                dimensions: engagement.dimensions.map { .init(label: t["dimension_\($0.dimension.rawValue)"]!, score: Int($0.score.rounded())) },
                contributions: engagement.topContributions.map { .init(type: VocabularyLabels.label("interaction", $0.type, language), date: date($0.occurredAt), points: String(format: "%.1f", $0.points)) }),
            rollups: giving.map { summary in
                let money = { (minor: Int64) in WebFormat.money(minor, summary.currency, language) }
                return .init(currency: summary.currency, total: money(summary.totalMinor), count: summary.giftCount,
                             first: "\(money(summary.firstGift.amountMinor)) · \(date(summary.firstGift.at))",
                             last: "\(money(summary.lastGift.amountMinor)) · \(date(summary.lastGift.at))",
                             largest: "\(money(summary.largestGift.amountMinor)) · \(date(summary.largestGift.at))")
            },
            givingChart: givingByYearChart(rollups, calendar: profile.fiscalCalendar, language: language),
            defaultCurrency: profile.currency.code, today: profile.localDate(store.clock()).description,
            giftChannels: VocabularyLabels.options(GiftChannel.self, "gift_channel", language),
            campaigns: try await store.designations(.campaign).list(cursor: nil, limit: 200, by: session.actor).items
                .map { FilterOption(value: $0.id, label: $0.fields.name, selected: false) },
            frequencies: VocabularyLabels.options(RecurringFrequency.self, "frequency", language, selected: .monthly),
            channels: Set(["email", "web", "phone", "staff", "online", "mail", "event", "social"] + [channel].compactMap { $0 }).sorted()
                .map { .init(value: $0, label: VocabularyLabels.label("channel", $0, language), selected: $0 == channel) },
            hasTimeline: !timeline.items.isEmpty,
            timeline: timeline.items.map { entry in
                .init(date: date(entry.at), type: VocabularyLabels.label("interaction", entry.type, language),
                      channel: VocabularyLabels.label("channel", entry.channel, language),
                      amount: entry.amountMinor.map { WebFormat.money($0, entry.currency ?? profile.currency.code, language) } ?? "",
                      text: noteText[entry.id] ?? "")
            }, connections: connections, tasks: try await personTasks(of: id, session: session),
            feedback: try await personFeedback(of: id, session: session, surveyLink: surveyLink),
            outlook: try await personOutlook(of: id, session: session))
        return renderer.page("person", view)
    }

    /// Giving per fiscal year in every currency, as a bar chart.
    func givingByYearChart(_ rollups: [CurrencyRollup], calendar: FiscalCalendar, language: Language) -> String {
        let t = Catalogue.strings(language)
        var bars: [ChartBar] = []
        for rollup in rollups {
            var years: [Int: Int64] = [:]
            for month in rollup.months { years[calendar.fiscalYear(ofMonth: month.month), default: 0] += month.totalMinor }
            bars += years.sorted { $0.key < $1.key }.map {
                ChartBar(label: rollups.count > 1 ? "\($0.key) \(rollup.currency)" : String($0.key), value: Double($0.value),
                         display: WebFormat.money($0.value, rollup.currency, language))
            }
        }
        return SVGChart.bars(id: "chart-giving-years", title: t["giving_by_year"]!, labelHeading: t["column_year"]!,
                             valueHeading: t["column_amount"]!, bars: bars, empty: t["chart_empty"]!)
    }
}
