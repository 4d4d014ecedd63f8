/// Total giving in one fiscal year.
public struct FiscalYearTotal: Sendable, Hashable, Codable {
    /// The fiscal year, named by the calendar year it ends in.
    public let fiscalYear: Int
    /// Sum in minor units.
    public let totalMinor: Int64

    /// Creates a value from its parts.
    public init(fiscalYear: Int, totalMinor: Int64) {
        self.fiscalYear = fiscalYear
        self.totalMinor = totalMinor
    }
}

/// A constituent's giving in one currency as of a date: the stored rollup plus the year figures derived from it.
public struct GivingSummary: Sendable, Hashable, Codable {
    /// ISO 4217 code.
    public let currency: String
    /// Completed gifts.
    public let giftCount: Int
    /// Sum of completed gifts.
    public let totalMinor: Int64
    /// Total divided by count, rounded to the nearest minor unit.
    public let averageGiftMinor: Int64
    /// The earliest gift.
    public let firstGift: DatedAmount
    /// The latest gift.
    public let lastGift: DatedAmount
    /// The largest gift.
    public let largestGift: DatedAmount
    /// The fiscal year the summary is taken in.
    public let currentFiscalYear: Int
    /// Given in the current fiscal year.
    public let givenThisYearMinor: Int64
    /// Given in the previous fiscal year.
    public let givenLastYearMinor: Int64
    /// Given two fiscal years ago.
    public let givenTwoYearsAgoMinor: Int64
    /// Number of distinct fiscal years with a gift.
    public let distinctYears: Int
    /// Consecutive fiscal years with a gift, ending this year (or last year, while this year is still open).
    public let consecutiveYearStreak: Int
    /// The fiscal year with the most giving (the earliest of equals).
    public let bestYear: FiscalYearTotal

    /// Derives the summary from a rollup on `today` (a date in the organisation's time zone).
    public init(rollup: CurrencyRollup, today: CalendarDate, calendar: FiscalCalendar) {
        var byYear: [Int: Int64] = [:]
        for month in rollup.months { byYear[calendar.fiscalYear(ofMonth: month.month), default: 0] += month.totalMinor }
        let current = calendar.fiscalYear(of: today)
        var streak = 0
        var year = byYear[current] != nil ? current : current - 1
        while byYear[year] != nil {
            streak += 1
            year -= 1
        }
        let best = byYear.max { ($0.value, $1.key) < ($1.value, $0.key) } ?? (current, 0)
        currency = rollup.currency
        giftCount = rollup.giftCount
        totalMinor = rollup.totalMinor
        averageGiftMinor = rollup.giftCount == 0 ? 0 : (rollup.totalMinor + Int64(rollup.giftCount) / 2) / Int64(rollup.giftCount)
        firstGift = rollup.firstGift
        lastGift = rollup.lastGift
        largestGift = rollup.largestGift
        currentFiscalYear = current
        givenThisYearMinor = byYear[current] ?? 0
        givenLastYearMinor = byYear[current - 1] ?? 0
        givenTwoYearsAgoMinor = byYear[current - 2] ?? 0
        distinctYears = byYear.count
        consecutiveYearStreak = streak
        bestYear = FiscalYearTotal(fiscalYear: best.key, totalMinor: best.value)
    }
}
