/// The organisation-wide settings reports use: when the fiscal year starts and the currency reports are in.
public struct OrganisationProfile: Sendable, Hashable, Codable {
    /// The month the fiscal year starts in, 1 (calendar year, the default) to 12.
    public var fiscalYearStartMonth: Int
    /// The currency of reports unless one is asked for.
    public var currency: Currency

    /// Creates a profile; the defaults are the calendar year and euros.
    public init(fiscalYearStartMonth: Int = 1, currency: Currency = Currency(code: "EUR")!) {
        self.fiscalYearStartMonth = fiscalYearStartMonth
        self.currency = currency
    }

    /// The fiscal calendar of the profile.
    public var fiscalCalendar: FiscalCalendar { FiscalCalendar(startMonth: fiscalYearStartMonth) }

    /// The profile if the month is 1 to 12.
    public func validated() throws(ValidationFailure) -> OrganisationProfile {
        var issues = IssueCollector()
        if !(1...12).contains(fiscalYearStartMonth) { issues.add("fiscalYearStartMonth", "must be a month number from 1 to 12") }
        try issues.throwIfAny()
        return self
    }
}
