import ArgumentParser
import Foundation
import KindredCore
import KindredStore

/// `kindred report feedback [--from DATE] [--to DATE]`.
struct FeedbackReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feedback", abstract: "NPS, CSAT, sentiment and follow-ups of the feedback received in a period, by channel and month.",
        discussion: "Days are UTC and both ends count; the period is the last 365 days up to today by default.")

    @Option(help: "The first day, YYYY-MM-DD (default: 364 days before --to).") var from: String?
    @Option(help: "The last day, YYYY-MM-DD (default: today).") var to: String?
    @OptionGroup var databaseOptions: DatabaseOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        for (name, value) in [("from", from), ("to", to)] {
            if let value, CalendarDate(iso8601: value) == nil { throw ValidationError("--\(name) must be a date such as 2026-01-31") }
        }
        if let from = from.flatMap(CalendarDate.init(iso8601:)), let to = to.flatMap(CalendarDate.init(iso8601:)), from > to {
            throw ValidationError("--from must be on or before --to")
        }
    }

    func run() async throws {
        try await databaseOptions.withStore(logger: commandLogger()) { store in
            let to = to.flatMap(CalendarDate.init(iso8601:)) ?? store.clock().utcDate
            let from = from.flatMap(CalendarDate.init(iso8601:)) ?? CalendarDate(daysSinceEpoch: to.daysSinceEpoch - 364)
            guard from <= to else { throw ValidationError("--from must be on or before --to") }
            let report = try await store.feedbackReport(from: from, to: to, by: .system)
            let groups = report.byChannel + report.byMonth + report.byLoyalty + report.byCampaign
            let lines = ["Feedback \(report.from) to \(report.to): " + Self.describe(report.overall)] + groups.map { "  \($0.key): " + Self.describe($0.figures) }
            try output.print(report, text: lines.joined(separator: "\n"))
        }
    }

    /// One line of figures.
    static func describe(_ figures: FeedbackFigures) -> String {
        let nps = figures.nps.score.map { String(format: "NPS %+.1f of %d", $0, figures.nps.answers) } ?? "no NPS answers"
        let csat = figures.csat.score.map { String(format: "CSAT %.1f %% of %d", $0, figures.csat.answers) } ?? "no CSAT answers"
        return "\(figures.feedback) pieces, \(nps), \(csat), \(figures.positive) positive / \(figures.neutral) neutral / "
            + "\(figures.negative) negative, \(figures.needingFollowUp) needed a follow-up"
    }
}

/// `kindred report cx-roi [--year Y] [--currency C]`.
struct ExperienceReturnCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cx-roi", abstract: "What promoters, passives and detractors, and each engagement level, gave the year after.",
        discussion: "Groups the supporters by their last NPS answer in the fiscal year (the last complete one unless --year says otherwise), "
            + "and everyone by engagement level now.")

    @OptionGroup var fiscalYear: FiscalYearOption
    @OptionGroup var currency: CurrencyOption
    @OptionGroup var databaseOptions: DatabaseOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await databaseOptions.withStore(logger: commandLogger()) { store in
            let year = try await fiscalYear.resolve(in: store, yearsBack: 1)
            let report = try await store.experienceReturn(year: year, currency: try currency.value(), by: .system)
            let line = { (group: ExperienceGroup) in
                "  \(group.key): \(group.people) people, \(group.donorsInYear) donors, retention \(percentText(group.retentionRate)), "
                    + "average giving \(group.averageGivingNextYearMinor.map(String.init) ?? "–"), share \(percentText(group.shareOfRevenue)), "
                    + "lifetime value \(group.averageLifetimeValueMinor.map(String.init) ?? "–") (\(group.predicted) predicted)"
            }
            let text = ["NPS answers in fiscal year \(report.year), giving in \(report.year + 1)\(report.nextYearComplete ? "" : " so far") (\(report.currency), minor units)"]
                + report.byNPS.map(line) + ["By engagement level now:"] + report.byEngagement.map(line)
            try output.print(report, text: text.joined(separator: "\n"))
        }
    }
}
