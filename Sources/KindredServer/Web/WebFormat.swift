import Foundation
import KindredCore

/// Text for pages: HTML escaping for markup built in Swift (charts), and numbers, money and dates in the reader's language.
enum WebFormat {
    /// `text` with the five HTML-significant characters escaped, safe in element content and quoted attributes.
    static func escape(_ text: String) -> String { HTMLText.escape(text) }

    /// The locale whose conventions a language's pages follow.
    static func locale(_ language: Language) -> Locale { LocalFormat.locale(language) }

    /// A whole number with the language's grouping (1,234 · 1.234 · 1 234).
    static func number(_ value: Int, _ language: Language) -> String {
        let formatter = NumberFormatter()
        formatter.locale = locale(language)
        formatter.numberStyle = .decimal
        return formatter.string(from: NSNumber(value: value)) ?? String(value)
    }

    /// A number with one decimal (1.4 · 1,4).
    static func decimal(_ value: Double, _ language: Language) -> String {
        let formatter = NumberFormatter()
        formatter.locale = locale(language)
        formatter.numberStyle = .decimal
        formatter.maximumFractionDigits = 1
        formatter.minimumFractionDigits = 1
        return formatter.string(from: NSNumber(value: value)) ?? String(format: "%.1f", value)
    }

    /// A fraction as a percentage with one decimal, or "–" when absent.
    static func percent(_ value: Double?, _ language: Language) -> String {
        guard let value else { return "–" }
        let formatter = NumberFormatter()
        formatter.locale = locale(language)
        formatter.numberStyle = .percent
        formatter.maximumFractionDigits = 1
        formatter.minimumFractionDigits = 1
        return formatter.string(from: NSNumber(value: value)) ?? "\(value * 100)%"
    }

    /// An amount in minor units as money in its currency (€ 1.234,50 · €1,234.50 · 1 234,50 €).
    static func money(_ minor: Int64, _ currencyCode: String, _ language: Language) -> String { LocalFormat.money(minor, currencyCode, language) }

    /// A calendar date in the language's long form (3 March 2026 · 3 maart 2026 · 3 mars 2026).
    static func date(_ instant: Timestamp, _ language: Language, timeZone: TimeZone) -> String {
        formatted(instant, language, timeZone, date: .long, time: .none)
    }

    /// A calendar day (no time, no zone) in the language's long form.
    static func day(_ day: CalendarDate, _ language: Language) -> String {
        formatted(Timestamp(millisecondsSinceEpoch: day.daysSinceEpoch * 86_400_000 + 43_200_000), language, TimeZone(identifier: "UTC")!,
                  date: .long, time: .none)
    }

    /// A date and time in the language's medium form.
    static func dateTime(_ instant: Timestamp, _ language: Language, timeZone: TimeZone) -> String {
        formatted(instant, language, timeZone, date: .medium, time: .short)
    }

    private static func formatted(_ instant: Timestamp, _ language: Language, _ timeZone: TimeZone,
                                  date: DateFormatter.Style, time: DateFormatter.Style) -> String {
        LocalFormat.instant(instant, language, timeZone, date: date, time: time)
    }
}
