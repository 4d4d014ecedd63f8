import ArgumentParser
import Foundation
import KindredCore
import KindredStore

/// `kindred model`: the repeat-giving models fitted to the organisation's gifts.
struct ModelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model", abstract: "Repeat-giving models (BG/BB, BG/NBD, Gamma-Gamma) fitted to the organisation's gifts.",
        subcommands: [ModelFitCommand.self])
}

/// The models `kindred model fit` knows.
enum ModelName: String, ExpressibleByArgument, CaseIterable {
    case bgbb, bgnbd, gammagamma
}

/// `kindred model fit bgbb|bgnbd|gammagamma`.
struct ModelFitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit", abstract: "Fit a model by maximum likelihood and print its parameters.",
        discussion: """
            bgbb needs --cohort-year and --last-year (fiscal years: the donors whose first counted gift falls in the cohort \
            year, observed in each later year up to the last); bgnbd and gammagamma need --calibration-end (a date: donors \
            whose first gift is on or before it, gifts up to and including it, same-day gifts as one, weeks of 7 days).
            """)

    @Argument(help: "bgbb, bgnbd or gammagamma.") var model: ModelName
    @Option(help: "BG/BB: the cohort's fiscal year.") var cohortYear: Int?
    @Option(help: "BG/BB: the last fiscal year observed.") var lastYear: Int?
    @Option(help: "BG/NBD and Gamma-Gamma: the calibration end date (YYYY-MM-DD).") var calibrationEnd: String?
    @OptionGroup var currency: CurrencyOption
    @OptionGroup var databaseOptions: DatabaseOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        switch model {
        case .bgbb:
            guard let cohortYear, let lastYear else { throw ValidationError("bgbb needs --cohort-year and --last-year") }
            guard (1900...2200).contains(cohortYear), (1900...2200).contains(lastYear) else { throw ValidationError("years must be from 1900 to 2200") }
            guard lastYear > cohortYear else { throw ValidationError("--last-year must come after --cohort-year") }
        case .bgnbd, .gammagamma:
            guard let calibrationEnd else { throw ValidationError("\(model.rawValue) needs --calibration-end YYYY-MM-DD") }
            guard CalendarDate(iso8601: calibrationEnd) != nil else { throw ValidationError("--calibration-end must be a date written YYYY-MM-DD") }
        }
    }

    func run() async throws {
        try await databaseOptions.withStore(logger: commandLogger()) { store in
            let organisationCurrency = try await OrganisationSettingsStore.profile(in: store.database).currency
            let currency = try currency.value() ?? organisationCurrency
            let data = ModelData(store: store)
            switch model {
            case .bgbb:
                let fit = try BGBB.fit(try await data.cohortHistories(cohortYear: cohortYear!, lastYear: lastYear!, currency: currency))
                report(fit.donors, [("alpha", fit.model.alpha), ("beta", fit.model.beta), ("gamma", fit.model.gamma), ("delta", fit.model.delta)],
                       logLikelihood: fit.logLikelihood)
            case .bgnbd:
                let end = CalendarDate(iso8601: calibrationEnd!)!
                let fit = try BGNBD.fit(try await data.repeatHistories(calibrationEnd: end, currency: currency))
                report(fit.donors, [("r", fit.model.r), ("alpha", fit.model.alpha), ("a", fit.model.a), ("b", fit.model.b)], logLikelihood: fit.logLikelihood)
            case .gammagamma:
                let end = CalendarDate(iso8601: calibrationEnd!)!
                let fit = try GammaGamma.fit(try await data.repeatValues(calibrationEnd: end, currency: currency))
                report(fit.donors, [("p", fit.model.p), ("q", fit.model.q), ("gamma", fit.model.gamma)], logLikelihood: nil)
            }
        }
    }

    /// Prints the fit: JSON in the documented key order, or a line per parameter.
    private func report(_ donors: Int, _ parameters: [(String, Double)], logLikelihood: Double?) {
        guard output.json else {
            print("\(model.rawValue) fitted to \(donors) donors")
            for (name, value) in parameters { print("  \(name) = \(String(format: "%.6f", value))") }
            if let logLikelihood { print("  log-likelihood = \(String(format: "%.4f", logLikelihood))") }
            return
        }
        let params = parameters.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",")
        print("{\"model\":\"\(model.rawValue)\",\"n\":\(donors),\"params\":{\(params)}" + (logLikelihood.map { ",\"logLikelihood\":\($0)" } ?? "") + "}")
    }
}
