import Foundation

/// Reads the values exports write: dates in several shapes, yes/no in three languages, payment methods and
/// frequencies by their common names.
public enum ImportValues {
    /// An instant from an RFC 3339 date-time, or a local `YYYY-MM-DD[ HH:MM[:SS]]`, `DD-MM-YYYY`, `DD/MM/YYYY`
    /// or `DD.MM.YYYY` (day first, as Dutch and French exports write it) in `timeZone`; a date alone means its
    /// start.
    public static func instant(_ text: String, timeZone: TimeZone) -> Timestamp? {
        if let exact = Timestamp(iso8601: text) { return exact }
        var characters = Array(text)
        if characters.count > 10, characters[10] == "T" || characters[10] == "t" { characters[10] = " " }
        let parts = String(characters).split(separator: " ", maxSplits: 1).map(String.init)
        let dateText = parts.first ?? text
        let timeText = parts.count > 1 ? parts[1] : nil
        guard let date = calendarDate(dateText) else { return nil }
        var seconds: Int64 = 0
        if let timeText {
            let pieces = timeText.split(separator: ":").map { Int64($0) }
            guard (2...3).contains(pieces.count), pieces.allSatisfy({ $0 != nil }),
                  let hour = pieces[0], let minute = pieces[1], hour < 24, minute < 60,
                  (pieces.count == 2 || pieces[2]! < 60) else { return nil }
            seconds = hour * 3600 + minute * 60 + (pieces.count == 3 ? pieces[2]! : 0)
        }
        let localMilliseconds = (date.daysSinceEpoch * 86_400 + seconds) * 1000
        let guess = Date(timeIntervalSince1970: Double(localMilliseconds) / 1000)
        let offset = Int64(timeZone.secondsFromGMT(for: guess.addingTimeInterval(-Double(timeZone.secondsFromGMT(for: guess)))))
        return Timestamp(millisecondsSinceEpoch: localMilliseconds - offset * 1000)
    }

    /// A calendar date from `YYYY-MM-DD` or day-first `DD-MM-YYYY`, `DD/MM/YYYY`, `DD.MM.YYYY`.
    public static func calendarDate(_ text: String) -> CalendarDate? {
        if let iso = CalendarDate(iso8601: text) { return iso }
        let pieces = text.split(whereSeparator: { $0 == "-" || $0 == "/" || $0 == "." })
        guard pieces.count == 3, pieces[2].count == 4, (1...2).contains(pieces[0].count), (1...2).contains(pieces[1].count),
              let day = Int(pieces[0]), let month = Int(pieces[1]), let year = Int(pieces[2]) else { return nil }
        return CalendarDate(year: year, month: month, day: day)
    }

    /// Yes or no, in English, Dutch or French, or as 1/0 and true/false; nil when it is neither.
    public static func boolean(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "1", "true", "yes", "y", "ja", "j", "oui", "o", "x": true
        case "0", "false", "no", "n", "nee", "non": false
        default: nil
        }
    }

    /// The recurring frequency a value names; nil for one-off gifts. Throws nothing: an unknown word is one-off.
    public static func frequency(_ text: String) -> RecurringFrequency? {
        switch text.looseKey {
        case "monthly", "month", "maandelijks", "mensuel", "periodic", "recurring", "true", "yes", "1", "ja", "oui": .monthly
        case "quarterly", "quarter", "perkwartaal", "trimestriel": .quarterly
        case "yearly", "annually", "annual", "year", "jaarlijks", "annuel": .yearly
        default: nil
        }
    }

    /// The payment method a value names; `other` when it is not recognised.
    public static func paymentMethod(_ text: String) -> PaymentMethod {
        switch text.looseKey {
        case "card", "creditcard", "debitcard", "visa", "mastercard", "amex", "bancontact", "cartebancaire": .card
        case "ideal": .ideal
        case "paypal": .paypal
        case "directdebit", "sepa", "sepadirectdebit", "incasso", "automatischeincasso", "domiciliation", "prelevement": .directDebit
        case "banktransfer", "transfer", "eft", "overboeking", "virement", "wire": .bankTransfer
        case "cash", "contant", "especes": .cash
        case "check", "cheque": .cheque
        case "inkind": .inKind
        default: .other
        }
    }

    /// The device class a value names; `unknown` when it is not recognised.
    public static func device(_ text: String) -> Device {
        switch text.looseKey {
        case "desktop", "computer", "pc", "laptop": .desktop
        case "mobile", "phone", "smartphone", "mobiel": .mobile
        case "tablet": .tablet
        default: .unknown
        }
    }
}
