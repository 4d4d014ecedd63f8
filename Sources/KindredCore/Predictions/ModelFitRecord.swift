import Foundation

/// The repeat-giving models Kindred fits.
public enum RepeatGivingModel: String, Vocabulary {
    case bgbb, bgnbd, gammagamma

    /// The parameters' names in the order the papers (and `--json` output) give them.
    public var parameterNames: [String] {
        switch self {
        case .bgbb: ["alpha", "beta", "gamma", "delta"]
        case .bgnbd: ["r", "alpha", "a", "b"]
        case .gammagamma: ["p", "q", "gamma"]
        }
    }
}

/// Which gifts a fit uses: BG/BB a cohort's fiscal years, BG/NBD and Gamma-Gamma the gifts up to a calibration end,
/// always in one currency (the organisation's when none is named).
public struct ModelFitRequest: Sendable, Hashable, Codable {
    /// The model to fit.
    public var model: RepeatGivingModel
    /// BG/BB: the fiscal year of the donors' first counted gift.
    public var cohortYear: Int?
    /// BG/BB: the last fiscal year observed.
    public var lastYear: Int?
    /// BG/NBD and Gamma-Gamma: the last day whose gifts count.
    public var calibrationEnd: CalendarDate?
    /// The gifts' currency.
    public var currency: Currency?

    /// Creates a request.
    public init(model: RepeatGivingModel, cohortYear: Int? = nil, lastYear: Int? = nil, calibrationEnd: CalendarDate? = nil, currency: Currency? = nil) {
        self.model = model
        self.cohortYear = cohortYear
        self.lastYear = lastYear
        self.calibrationEnd = calibrationEnd
        self.currency = currency
    }

    /// The request if it names what its model needs, else the failures naming each field.
    public func validated() throws(ValidationFailure) -> ModelFitRequest {
        var issues = IssueCollector()
        switch model {
        case .bgbb:
            if cohortYear == nil { issues.add("cohortYear", "is required for bgbb") }
            if lastYear == nil { issues.add("lastYear", "is required for bgbb") }
            for (field, year) in [("cohortYear", cohortYear), ("lastYear", lastYear)] {
                if let year, !(1900...2200).contains(year) { issues.add(field, "must be a year from 1900 to 2200") }
            }
            if let cohortYear, let lastYear, lastYear <= cohortYear { issues.add("lastYear", "must come after cohortYear") }
            if calibrationEnd != nil { issues.add("calibrationEnd", "is for bgnbd and gammagamma, not bgbb") }
        case .bgnbd, .gammagamma:
            if calibrationEnd == nil { issues.add("calibrationEnd", "is required for \(model.rawValue)") }
            if cohortYear != nil || lastYear != nil { issues.add(cohortYear != nil ? "cohortYear" : "lastYear", "is for bgbb only") }
        }
        try issues.throwIfAny()
        return self
    }
}

/// A fitted model as stored: its parameters, what it was fitted to, when, and whether predictions use it.
public struct ModelFitRecord: Sendable, Hashable, Codable {
    /// The fit's id.
    public let id: String
    /// The model.
    public let model: RepeatGivingModel
    /// The parameters by name.
    public let parameters: [String: Double]
    /// The donors fitted to.
    public let donors: Int
    /// The maximised log-likelihood (nil for Gamma-Gamma, whose likelihood conditions on the repeat counts).
    public let logLikelihood: Double?
    /// The optimiser's iterations.
    public let iterations: Int
    /// How long the fit took, in seconds: reading the statistics from the gifts or rollups and optimising.
    public let seconds: Double
    /// The data it was fitted to, with the currency always named.
    public let data: ModelFitRequest
    /// When it was fitted.
    public let fittedAt: Timestamp
    /// Whether the stored per-donor predictions come from it.
    public let forPredictions: Bool

    /// Creates a record.
    public init(id: String, model: RepeatGivingModel, parameters: [String: Double], donors: Int, logLikelihood: Double?, iterations: Int,
                seconds: Double, data: ModelFitRequest, fittedAt: Timestamp, forPredictions: Bool) {
        self.id = id
        self.model = model
        self.parameters = parameters
        self.donors = donors
        self.logLikelihood = logLikelihood
        self.iterations = iterations
        self.seconds = seconds
        self.data = data
        self.fittedAt = fittedAt
        self.forPredictions = forPredictions
    }

    /// The parameters in the papers' order.
    public var orderedParameters: [(name: String, value: Double)] {
        model.parameterNames.map { ($0, parameters[$0] ?? .nan) }
    }
}
