import Foundation

/// The organisation-wide settings reports use: when the fiscal year starts, the currency reports are in and the time
/// zone days and months are counted in.
public struct OrganisationProfile: Sendable, Hashable, Codable {
    /// The month the fiscal year starts in, 1 (calendar year, the default) to 12.
    public var fiscalYearStartMonth: Int
    /// The currency of reports unless one is asked for.
    public var currency: Currency
    /// The organisation's name, shown in the web app.
    public var name: String?
    /// The principles the organisation works by, shown on the dashboard.
    public var guidingPrinciples: String?
    /// The IANA time zone (`Europe/Brussels`) in which a gift's day and month are counted and dates are shown.
    public var timeZone: String

    /// Creates a profile; the defaults are the calendar year, euros and UTC.
    public init(fiscalYearStartMonth: Int = 1, currency: Currency = Currency(code: "EUR")!, name: String? = nil, guidingPrinciples: String? = nil,
                timeZone: String = "UTC") {
        self.fiscalYearStartMonth = fiscalYearStartMonth
        self.currency = currency
        self.name = name
        self.guidingPrinciples = guidingPrinciples
        self.timeZone = timeZone
    }

    private enum CodingKeys: String, CodingKey { case fiscalYearStartMonth, currency, name, guidingPrinciples, timeZone }

    /// Decodes a profile; a profile stored before time zones existed (or sent without one, or with null) is in UTC.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(fiscalYearStartMonth: try container.decode(Int.self, forKey: .fiscalYearStartMonth),
                  currency: try container.decode(Currency.self, forKey: .currency),
                  name: try container.decodeIfPresent(String.self, forKey: .name),
                  guidingPrinciples: try container.decodeIfPresent(String.self, forKey: .guidingPrinciples),
                  timeZone: try container.decodeIfPresent(String.self, forKey: .timeZone) ?? "UTC")
    }

    /// The time zone (UTC if the stored name were ever unknown to this system).
    public var zone: TimeZone { TimeZone(identifier: timeZone) ?? TimeZone(identifier: "UTC")! }

    /// The calendar day of an instant in the organisation's time zone.
    public func localDate(_ instant: Timestamp) -> CalendarDate { CurrencyRollup.localDate(instant, zone) }

    /// The fiscal calendar of the profile.
    public var fiscalCalendar: FiscalCalendar { FiscalCalendar(startMonth: fiscalYearStartMonth) }

    /// The profile with its texts trimmed (empty ones dropped), if the month is 1 to 12 and the texts fit.
    public func validated() throws(ValidationFailure) -> OrganisationProfile {
        var issues = IssueCollector()
        if !(1...12).contains(fiscalYearStartMonth) { issues.add("fiscalYearStartMonth", "must be a month number from 1 to 12") }
        var valid = self
        valid.name = issues.text(name, "name", maxLength: 200)
        valid.guidingPrinciples = issues.text(guidingPrinciples, "guidingPrinciples", maxLength: 4000)
        let zoneName = timeZone.trimmingCharacters(in: .whitespaces)
        if zoneName.count > 64 || zoneName.isEmpty || TimeZone(identifier: zoneName) == nil {
            issues.add("timeZone", "must be an IANA time zone name such as Europe/Brussels or UTC")
        } else {
            valid.timeZone = TimeZone(identifier: zoneName)!.identifier
        }
        try issues.throwIfAny()
        return valid
    }
}
