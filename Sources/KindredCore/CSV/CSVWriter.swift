/// Writes RFC 4180 CSV (UTF-8, CRLF) that is safe to open in a spreadsheet: a cell beginning with `=`, `+`, `-`,
/// `@`, a tab or a carriage return is prefixed with `'` so that it is shown as text, never run as a formula.
public enum CSVWriter {
    /// One record as a line, ending in CRLF.
    public static func line(_ fields: [String]) -> String {
        fields.map(cell).joined(separator: ",") + "\r\n"
    }

    /// One cell: neutralised against formulas, then quoted when it holds a comma, quote or line break.
    public static func cell(_ value: String) -> String {
        var text = value
        if let first = text.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) { text = "'" + text }
        guard text.unicodeScalars.contains(where: { [",", "\"", "\n", "\r", ";"].contains($0) }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
