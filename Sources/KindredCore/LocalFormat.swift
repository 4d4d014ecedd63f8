import Foundation

/// Money and dates written the way each language writes them, for pages and messages alike.
public enum LocalFormat {
    /// The locale whose conventions a language follows.
    public static func locale(_ language: Language) -> Locale {
        switch language {
        case .en: Locale(identifier: "en_GB")
        case .nl: Locale(identifier: "nl_NL")
        case .fr: Locale(identifier: "fr_FR")
        }
    }

    /// An amount in minor units as money in its currency (€ 1.234,50 · €1,234.50 · 1 234,50 €).
    public static func money(_ minor: Int64, _ currencyCode: String, _ language: Language) -> String {
        let digits = Currency(code: currencyCode)?.minorUnitDigits ?? 2
        let formatter = NumberFormatter()
        formatter.locale = locale(language)
        formatter.numberStyle = .currency
        formatter.currencyCode = currencyCode
        formatter.minimumFractionDigits = digits
        formatter.maximumFractionDigits = digits
        let major = Decimal(minor) / pow(Decimal(10), digits)
        return formatter.string(from: major as NSDecimalNumber) ?? "\(currencyCode) \(major)"
    }

    /// An instant in the language's date and time styles, in `timeZone`.
    public static func instant(_ instant: Timestamp, _ language: Language, _ timeZone: TimeZone, date: DateFormatter.Style, time: DateFormatter.Style) -> String {
        let formatter = DateFormatter()
        formatter.locale = locale(language)
        formatter.timeZone = timeZone
        formatter.dateStyle = date
        formatter.timeStyle = time
        return formatter.string(from: Date(timeIntervalSince1970: Double(instant.millisecondsSinceEpoch) / 1000))
    }
}
