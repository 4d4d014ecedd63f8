import ArgumentParser
import Foundation
import KindredCore
import KindredStore

/// `kindred report`: retention, RFM, engagement and loyalty from the command line.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Reports: donor retention, RFM, a person's engagement and loyalty, feedback; recompute engagement.",
        subcommands: [RetentionReportCommand.self, RFMReportCommand.self, EngagementReportCommand.self, LoyaltyReportCommand.self,
                      FeedbackReportCommand.self, ExperienceReturnCommand.self, RecomputeCommand.self])
}

/// `--currency CODE`, shared by the reports that sum money.
struct CurrencyOption: ParsableArguments {
    @Option(help: "An ISO 4217 currency (default: the organisation's).") var currency: String?

    /// The currency asked for, if any.
    func value() throws -> Currency? {
        guard let currency else { return nil }
        guard let value = Currency(code: currency) else { throw ValidationError("--currency must be an ISO 4217 code such as EUR") }
        return value
    }

    func validate() throws { _ = try value() }
}

/// A rate from 0 to 1 as a percentage with one decimal, or – when there is none.
func percentText(_ rate: Double?) -> String {
    rate.map { String(format: "%.1f %%", $0 * 100) } ?? "–"
}

/// `--year Y`: a fiscal year, named by the calendar year it ends in.
struct FiscalYearOption: ParsableArguments {
    @Option(help: "The fiscal year, named by the calendar year it ends in (1900–2200).") var year: Int?

    func validate() throws {
        if let year, !(1900...2200).contains(year) { throw ValidationError("--year must be from 1900 to 2200") }
    }

    /// The year asked for, else the organisation's current fiscal year less `yearsBack`.
    func resolve(in store: KindredStore, yearsBack: Int = 0) async throws -> Int {
        if let year { return year }
        let profile = try await OrganisationSettingsStore.profile(in: store.database)
        return profile.fiscalCalendar.fiscalYear(of: profile.localDate(store.clock())) - yearsBack
    }
}

/// `kindred report retention --year Y`.
struct RetentionReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retention", abstract: "Donor retention for a fiscal year against the year before.",
        discussion: "Counts completed gifts with an amount; fiscal years follow the organisation's start month and are named by the year they end in. "
            + "The year is the current one unless --year says otherwise.")

    @OptionGroup var fiscalYear: FiscalYearOption
    @OptionGroup var currency: CurrencyOption
    @OptionGroup var databaseOptions: DatabaseOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await databaseOptions.withStore(logger: commandLogger()) { store in
            let report = try await store.loyalty.retention(year: try await fiscalYear.resolve(in: store), currency: try currency.value())
            try output.print(report, text: """
                Fiscal year \(report.year) against \(report.year - 1), \(report.currency)
                donors \(report.donorsPriorYear) → \(report.donorsCurrentYear): \(report.retainedDonors) retained, \(report.newDonors) new, \
                \(report.recapturedDonors) recaptured, \(report.lapsedDonors) lapsed (\(report.upgradedDonors) upgraded, \(report.downgradedDonors) downgraded)
                retention \(percentText(report.donorRetentionRate)) (new donors \(percentText(report.newDonorRetentionRate)), \
                repeat donors \(percentText(report.repeatDonorRetentionRate))), dollar retention \(percentText(report.dollarRetentionRate))
                given \(report.amountPriorYear) → \(report.amountCurrentYear) (minor units)
                """)
        }
    }
}

/// `kindred report rfm`.
struct RFMReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rfm", abstract: "Recompute every donor's RFM scores and print the donors per group.")

    @Option(help: "The window in years (default 5).") var windowYears = 5
    @OptionGroup var currency: CurrencyOption
    @OptionGroup var databaseOptions: DatabaseOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard (1...50).contains(windowYears) else { throw ValidationError("--window-years must be from 1 to 50") }
    }

    func run() async throws {
        try await databaseOptions.withStore(logger: commandLogger()) { store in
            let summary = try await store.loyalty.refreshRFM(windowYears: windowYears, currency: try currency.value())
            try output.print(summary, text: "\(summary.donors) donors scored (\(summary.currency), \(summary.windowYears) years)\n"
                + RFMGroup.allCases.map { "\($0.rawValue)\t\(summary.groups[$0.rawValue] ?? 0)" }.joined(separator: "\n"))
        }
    }
}

/// `kindred report engagement ID`.
struct EngagementReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engagement", abstract: "A constituent's engagement explained: score, dimensions and top contributions.")

    @Argument(help: "The constituent's id.") var id: String
    @OptionGroup var databaseOptions: DatabaseOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard RecordIdentifier.isValid(id) else { throw ValidationError("\(id) is not a record id") }
    }

    func run() async throws {
        try await databaseOptions.withStore(logger: commandLogger()) { store in
            _ = try await store.constituents.get(id, by: .system)
            let profile = try await store.engagement.profile(of: id)
            let dimensions = profile.dimensions.map { String(format: "  %@\t%.1f points\tscore %.0f", $0.dimension.rawValue, $0.points, $0.score) }
            let top = profile.topContributions.map { String(format: "  %@ %@ (%@)\t%+.2f", $0.occurredAt.description, $0.type, $0.dimension.rawValue, $0.points) }
            var text = String(format: "score %.0f (%@), trend %@, %.1f points (%.1f 90 days ago)", profile.score, profile.level.rawValue,
                              profile.trend.rawValue, profile.points, profile.pointsNinetyDaysAgo)
            if profile.quietlyEngaged { text += "\nquietly engaged: engaged beyond giving" }
            if let said = profile.selfReported { text += "\nsays \(said.value)/5: \(said.agreement.rawValue)" }
            try output.print(profile, text: ([text, "dimensions:"] + dimensions + ["top contributions:"] + top).joined(separator: "\n"))
        }
    }
}

/// `kindred report loyalty ID [--date D]`.
struct LoyaltyReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "loyalty", abstract: "A constituent's loyalty level at a date and how they were acquired.")

    @Argument(help: "The constituent's id.") var id: String
    @Option(help: "The date, YYYY-MM-DD (default: today).") var date: String?
    @OptionGroup var databaseOptions: DatabaseOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard RecordIdentifier.isValid(id) else { throw ValidationError("\(id) is not a record id") }
        if let date, CalendarDate(iso8601: date) == nil { throw ValidationError("--date must be a date such as 2026-01-31") }
    }

    func run() async throws {
        try await databaseOptions.withStore(logger: commandLogger()) { store in
            _ = try await store.constituents.get(id, by: .system)
            let status = try await store.loyalty.loyalty(of: id, on: date.flatMap(CalendarDate.init(iso8601:)))
            let source = status.acquisition.map { "first gift \($0.receivedAt) via \($0.channel.rawValue) on \($0.device.rawValue)\($0.throughFriend ? ", through a friend" : "")" }
            try output.print(status, text: "\(status.level.rawValue) in fiscal year \(status.fiscalYear)" + (source.map { "; \($0)" } ?? ""))
        }
    }
}

/// `kindred report recompute`.
struct RecomputeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recompute", abstract: "Rebuild every giving rollup and engagement sum, the RFM scores, the dashboard's giving rollup and population counts, and the engagement distributions.")

    @OptionGroup var databaseOptions: DatabaseOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await databaseOptions.withStore(logger: commandLogger()) { store in
            var seconds: [String: Double] = [:]
            func timed<T>(_ step: String, _ work: () async throws -> T) async throws -> T {
                let started = ContinuousClock.now
                defer {
                    let elapsed = (ContinuousClock.now - started).components
                    seconds[step] = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
                }
                return try await work()
            }
            _ = try await timed("rollupsAndRetention") { try await store.loyalty.recomputeRollups() }
            let count = try await timed("engagement") { try await store.engagement.recomputeAll() }
            let rfm = try await timed("rfm") { try await store.loyalty.refreshRFM() }
            try await timed("organisationGiving") { try await store.loyalty.rebuildOrganisationGiving() }
            try await timed("engagementDistributions") { try await store.engagement.refreshDistributions() }
            try await timed("dashboardPopulation") { _ = try await store.segments.refreshPopulation() }
            struct Summary: Encodable { let constituents: Int; let donorsScored: Int; let seconds: [String: Double] }
            let steps = seconds.sorted { $0.key < $1.key }.map { "\($0.key) \(String(format: "%.1f", $0.value)) s" }.joined(separator: ", ")
            try output.print(Summary(constituents: count, donorsScored: rfm.donors, seconds: seconds),
                             text: "engagement rebuilt for \(count) constituents; \(rfm.donors) donors RFM-scored (\(steps))")
        }
    }
}
