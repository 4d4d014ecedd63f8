/// The organisation-wide settings reports use: when the fiscal year starts and the currency reports are in.
public struct OrganisationProfile: Sendable, Hashable, Codable {
    /// The month the fiscal year starts in, 1 (calendar year, the default) to 12.
    public var fiscalYearStartMonth: Int
    /// The currency of reports unless one is asked for.
    public var currency: Currency
    /// The organisation's name, shown in the web app.
    public var name: String?
    /// The principles the organisation works by, shown on the dashboard.
    public var guidingPrinciples: String?

    /// Creates a profile; the defaults are the calendar year and euros.
    public init(fiscalYearStartMonth: Int = 1, currency: Currency = Currency(code: "EUR")!, name: String? = nil, guidingPrinciples: String? = nil) {
        self.fiscalYearStartMonth = fiscalYearStartMonth
        self.currency = currency
        self.name = name
        self.guidingPrinciples = guidingPrinciples
    }

    /// The fiscal calendar of the profile.
    public var fiscalCalendar: FiscalCalendar { FiscalCalendar(startMonth: fiscalYearStartMonth) }

    /// The profile with its texts trimmed (empty ones dropped), if the month is 1 to 12 and the texts fit.
    public func validated() throws(ValidationFailure) -> OrganisationProfile {
        var issues = IssueCollector()
        if !(1...12).contains(fiscalYearStartMonth) { issues.add("fiscalYearStartMonth", "must be a month number from 1 to 12") }
        var valid = self
        valid.name = issues.text(name, "name", maxLength: 200)
        valid.guidingPrinciples = issues.text(guidingPrinciples, "guidingPrinciples", maxLength: 4000)
        try issues.throwIfAny()
        return valid
    }
}
