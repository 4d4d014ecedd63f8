import Foundation

/// The part of a gift that rollups need.
public struct GiftFact: Sendable, Hashable {
    /// The gift's id; breaks ties between gifts received at the same instant.
    public let id: String
    /// Amount in minor units.
    public let amountMinor: Int64
    /// ISO 4217 code.
    public let currency: String
    /// When it was received.
    public let receivedAt: Timestamp
    /// Only completed gifts count.
    public let status: GiftStatus

    /// Creates a fact.
    public init(id: String, amountMinor: Int64, currency: String, receivedAt: Timestamp, status: GiftStatus) {
        self.id = id; self.amountMinor = amountMinor; self.currency = currency; self.receivedAt = receivedAt; self.status = status
    }
}

/// An amount and the instant it was given.
public struct DatedAmount: Sendable, Hashable, Codable {
    /// Amount in minor units.
    public let amountMinor: Int64
    /// When.
    public let at: Timestamp

    /// Creates a value from its parts.
    public init(amountMinor: Int64, at: Timestamp) {
        self.amountMinor = amountMinor
        self.at = at
    }
}

/// Giving in one calendar month (in the organisation's time zone).
public struct MonthTotal: Sendable, Hashable, Codable {
    /// `YYYY-MM`.
    public let month: String
    /// Sum in minor units.
    public let totalMinor: Int64
    /// Number of gifts.
    public let giftCount: Int

    /// Creates a value from its parts.
    public init(month: String, totalMinor: Int64, giftCount: Int) {
        self.month = month
        self.totalMinor = totalMinor
        self.giftCount = giftCount
    }
}

/// A constituent's stored giving rollup in one currency, maintained with every gift write.
public struct CurrencyRollup: Sendable, Hashable, Codable {
    /// ISO 4217 code.
    public let currency: String
    /// Completed gifts.
    public let giftCount: Int
    /// Sum of completed gifts.
    public let totalMinor: Int64
    /// The earliest gift.
    public let firstGift: DatedAmount
    /// The latest gift.
    public let lastGift: DatedAmount
    /// The largest gift (the earliest of equals).
    public let largestGift: DatedAmount
    /// Totals per month, oldest first.
    public let months: [MonthTotal]

    /// Creates a rollup.
    public init(currency: String, giftCount: Int, totalMinor: Int64, firstGift: DatedAmount, lastGift: DatedAmount,
                largestGift: DatedAmount, months: [MonthTotal]) {
        self.currency = currency; self.giftCount = giftCount; self.totalMinor = totalMinor
        self.firstGift = firstGift; self.lastGift = lastGift; self.largestGift = largestGift; self.months = months
    }

    /// Recomputes every currency's rollup from a constituent's gifts; only completed gifts with an amount count.
    public static func compute(from gifts: [GiftFact], timeZone: TimeZone) -> [CurrencyRollup] {
        let counted = gifts.filter { $0.status == .completed && $0.amountMinor > 0 }
        return Dictionary(grouping: counted, by: \.currency).keys.sorted().map { currency in
            let ordered = counted.filter { $0.currency == currency }.sorted { ($0.receivedAt, $0.id) < ($1.receivedAt, $1.id) }
            let largest = ordered.max { ($0.amountMinor, $1.receivedAt) < ($1.amountMinor, $0.receivedAt) }!
            var months: [String: (Int64, Int)] = [:]
            for gift in ordered {
                let key = monthKey(gift.receivedAt, timeZone)
                let current = months[key] ?? (0, 0)
                months[key] = (current.0 + gift.amountMinor, current.1 + 1)
            }
            return CurrencyRollup(
                currency: currency, giftCount: ordered.count, totalMinor: ordered.reduce(0) { $0 + $1.amountMinor },
                firstGift: DatedAmount(amountMinor: ordered[0].amountMinor, at: ordered[0].receivedAt),
                lastGift: DatedAmount(amountMinor: ordered[ordered.count - 1].amountMinor, at: ordered[ordered.count - 1].receivedAt),
                largestGift: DatedAmount(amountMinor: largest.amountMinor, at: largest.receivedAt),
                months: months.keys.sorted().map { MonthTotal(month: $0, totalMinor: months[$0]!.0, giftCount: months[$0]!.1) })
        }
    }

    /// The `YYYY-MM` month of an instant in a time zone.
    public static func monthKey(_ instant: Timestamp, _ timeZone: TimeZone) -> String {
        String(localDate(instant, timeZone).description.prefix(7))
    }

    /// The calendar date of an instant in a time zone.
    public static func localDate(_ instant: Timestamp, _ timeZone: TimeZone) -> CalendarDate {
        let offset = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(instant.millisecondsSinceEpoch) / 1000))
        return instant.adding(milliseconds: Int64(offset) * 1000).utcDate
    }
}

/// The organisation's fiscal year: it starts on the first of `startMonth` and is named by the calendar year it ends in.
public struct FiscalCalendar: Sendable, Hashable, Codable {
    /// The month the fiscal year starts in, 1 (calendar year) to 12.
    public let startMonth: Int

    /// Creates a fiscal calendar; the month is clamped to 1…12.
    public init(startMonth: Int = 1) {
        self.startMonth = min(12, max(1, startMonth))
    }

    /// The fiscal year a month (`YYYY-MM`) falls in.
    public func fiscalYear(ofMonth month: String) -> Int {
        let parts = month.split(separator: "-")
        guard parts.count >= 2, let year = Int(parts[0]), let monthNumber = Int(parts[1]) else { return 0 }
        return startMonth == 1 || monthNumber < startMonth ? year : year + 1
    }

    /// The fiscal year a date falls in.
    public func fiscalYear(of date: CalendarDate) -> Int {
        startMonth == 1 || date.month < startMonth ? date.year : date.year + 1
    }

    /// The first month (`YYYY-MM`) of a fiscal year.
    public func firstMonth(ofYear fiscalYear: Int) -> String {
        startMonth == 1 ? String(format: "%04d-01", fiscalYear) : String(format: "%04d-%02d", fiscalYear - 1, startMonth)
    }
}
