import ArgumentParser
import Foundation
import KindredCore
import KindredStore

/// `kindred model`: the repeat-giving models fitted to the organisation's gifts.
struct ModelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model", abstract: "Repeat-giving models (BG/BB, BG/NBD, Gamma-Gamma) fitted to the organisation's gifts.",
        subcommands: [ModelFitCommand.self, ModelPredictCommand.self, ModelListCommand.self])
}

extension RepeatGivingModel: ExpressibleByArgument {}

/// `kindred model fit bgbb|bgnbd|gammagamma`.
struct ModelFitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit", abstract: "Fit a model by maximum likelihood, store the fit and print its parameters.",
        discussion: """
            bgbb needs --cohort-year and --last-year (fiscal years: the donors whose first counted gift falls in the cohort \
            year, observed in each later year up to the last); bgnbd and gammagamma need --calibration-end (a date: donors \
            whose first gift is on or before it, gifts up to and including it, same-day gifts as one, weeks of 7 days).
            """)

    @Argument(help: "bgbb, bgnbd or gammagamma.") var model: RepeatGivingModel
    @Option(help: "BG/BB: the cohort's fiscal year.") var cohortYear: Int?
    @Option(help: "BG/BB: the last fiscal year observed.") var lastYear: Int?
    @Option(help: "BG/NBD and Gamma-Gamma: the calibration end date (YYYY-MM-DD).") var calibrationEnd: String?
    @OptionGroup var currency: CurrencyOption
    @OptionGroup var databaseOptions: DatabaseOptions
    @OptionGroup var output: OutputOptions

    /// The request the options make.
    private func request() throws -> ModelFitRequest {
        var date: CalendarDate?
        if let calibrationEnd {
            guard let parsed = CalendarDate(iso8601: calibrationEnd) else { throw ValidationError("--calibration-end must be a date written YYYY-MM-DD") }
            date = parsed
        }
        let request = ModelFitRequest(model: model, cohortYear: cohortYear, lastYear: lastYear, calibrationEnd: date, currency: try currency.value())
        do {
            return try request.validated()
        } catch {
            throw ValidationError(error.issues.map { "--\(Self.option($0.field)) \($0.message)" }.joined(separator: "; "))
        }
    }

    /// The command-line spelling of a request field.
    private static func option(_ field: String) -> String {
        ["cohortYear": "cohort-year", "lastYear": "last-year", "calibrationEnd": "calibration-end"][field] ?? field
    }

    func validate() throws { _ = try request() }

    func run() async throws {
        let request = try request()
        try await databaseOptions.withStore(logger: commandLogger()) { store in
            let fit = try await store.models.fit(request)
            guard output.json else {
                print("\(model.rawValue) fitted to \(fit.donors) donors in \(String(format: "%.3f", fit.seconds)) s, \(fit.iterations) iterations (fit \(fit.id))")
                for (name, value) in fit.orderedParameters { print("  \(name) = \(String(format: "%.6f", value))") }
                if let logLikelihood = fit.logLikelihood { print("  log-likelihood = \(String(format: "%.4f", logLikelihood))") }
                return
            }
            let params = fit.orderedParameters.map { "\"\($0.name)\":\($0.value)" }.joined(separator: ",")
            print("{\"model\":\"\(model.rawValue)\",\"n\":\(fit.donors),\"params\":{\(params)}" + (fit.logLikelihood.map { ",\"logLikelihood\":\($0)" } ?? "") + "}")
        }
    }
}

/// `kindred model predict`: refit at today and refresh every donor's prediction and ask ladder.
struct ModelPredictCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict", abstract: "Refit BG/NBD and Gamma-Gamma to every gift up to today and refresh every donor's prediction.")

    @OptionGroup var databaseOptions: DatabaseOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await databaseOptions.withStore(logger: commandLogger()) { store in
            let refresh = try await store.predictions.refreshAll()
            var lines = ["predicted \(refresh.donors) donors as of \(refresh.asOf)"]
            for fit in [refresh.transactionsFit] + (refresh.valueFit.map { [$0] } ?? []) {
                lines.append("  \(fit.model.rawValue) (\(fit.donors) donors): " + fit.orderedParameters.map { "\($0.name) \(String(format: "%.6f", $0.value))" }.joined(separator: ", "))
            }
            if let problem = refresh.valueFitProblem { lines.append("  gammagamma: \(problem); each donor's own average gift stands in") }
            try output.print(refresh, text: lines.joined(separator: "\n"))
        }
    }
}

/// `kindred model list`: the stored fits, newest first.
struct ModelListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the stored model fits, newest first.")

    @Option(help: "How many fits to list (1 to 500).") var limit = 20
    @OptionGroup var databaseOptions: DatabaseOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard (1...500).contains(limit) else { throw ValidationError("--limit must be from 1 to 500") }
    }

    func run() async throws {
        try await databaseOptions.withStore(logger: commandLogger()) { store in
            let fits = try await store.models.list(limit: limit)
            let lines = fits.map { fit in
                let data = fit.data.calibrationEnd.map { "gifts to \($0)" } ?? "cohort \(fit.data.cohortYear ?? 0) to \(fit.data.lastYear ?? 0)"
                return "\(fit.fittedAt)  \(fit.model.rawValue)  \(data)  \(fit.donors) donors" + (fit.forPredictions ? "  (predictions)" : "")
            }
            try output.print(fits, text: lines.isEmpty ? "no model has been fitted yet" : lines.joined(separator: "\n"))
        }
    }
}
