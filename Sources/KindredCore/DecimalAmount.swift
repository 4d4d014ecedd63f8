/// Reads amounts written as people and exports write them ("25.00", "25,00", "1.234,56", 25.5) into integer
/// minor units of a currency. Never goes through floating point for text.
public enum DecimalAmount {
    /// The minor units of a decimal text. The decimal separator is `separator` when given, else inferred: the
    /// last `.` or `,` is decimal unless it is followed by exactly three digits and the currency has fewer than
    /// three minor digits (then it groups thousands). Spaces and `'` also group. Nil when the text is not a
    /// positive amount with at most the currency's minor digits.
    public static func minorUnits(_ text: String, currency: Currency, separator: Character? = nil) -> Int64? {
        let trimmed = text.trimmingWhitespace()
        guard !trimmed.isEmpty, trimmed.count <= 40 else { return nil }
        let decimalIndex = decimalSeparatorIndex(in: trimmed, currency: currency, separator: separator)
        let whole = decimalIndex.map { trimmed[..<$0] } ?? trimmed[...]
        let fraction = decimalIndex.map { trimmed[trimmed.index(after: $0)...] } ?? ""
        let groups = whole.split(omittingEmptySubsequences: false) { [" ", "\u{00A0}", "\u{202F}", "'", ".", ","].contains($0) }
        let wellGrouped = groups.count == 1 || (groups.first.map { (1...3).contains($0.count) } ?? false)
            && groups.dropFirst().allSatisfy { $0.count == 3 }
        let wholeDigits = groups.joined()
        guard wellGrouped, !wholeDigits.isEmpty || !fraction.isEmpty,
              wholeDigits.allSatisfy(\.isASCIIDigit), fraction.allSatisfy(\.isASCIIDigit),
              fraction.count <= currency.minorUnitDigits, wholeDigits.count <= 15 else { return nil }
        let padded = fraction + String(repeating: "0", count: currency.minorUnitDigits - fraction.count)
        guard let value = Int64(wholeDigits.isEmpty ? padded : wholeDigits + padded) else { return nil }
        return (1...maximumAmountMinor).contains(value) ? value : nil
    }

    /// The minor units of a JSON number; nil when it has more decimals than the currency allows or is not positive.
    public static func minorUnits(_ value: Double, currency: Currency) -> Int64? {
        guard value.isFinite, value > 0 else { return nil }
        var scale = 1.0
        for _ in 0..<currency.minorUnitDigits { scale *= 10 }
        let scaled = value * scale
        let rounded = scaled.rounded()
        guard abs(scaled - rounded) < 1e-6 * max(1, rounded), rounded <= Double(maximumAmountMinor) else { return nil }
        let minor = Int64(rounded)
        return minor > 0 ? minor : nil
    }

    /// Minor units written as a decimal with a point: 2550 EUR → `25.50`, 500 JPY → `500`.
    public static func text(_ minor: Int64, currency: Currency) -> String {
        let digits = currency.minorUnitDigits
        guard digits > 0 else { return String(minor) }
        let padded = String(repeating: "0", count: max(0, digits + 1 - String(minor).count)) + String(minor)
        return String(padded.dropLast(digits)) + "." + String(padded.suffix(digits))
    }

    private static func decimalSeparatorIndex(in text: String, currency: Currency, separator: Character?) -> String.Index? {
        if let separator { return text.lastIndex(of: separator) }
        guard let last = text.lastIndex(where: { $0 == "." || $0 == "," }) else { return nil }
        let digitsAfter = text.distance(from: text.index(after: last), to: text.endIndex)
        let usedTwice = text.filter { $0 == text[last] }.count > 1
        if usedTwice || (digitsAfter == 3 && currency.minorUnitDigits < 3) { return nil }
        return last
    }
}

extension Character {
    /// True for the ASCII digits 0–9.
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
