/// The readable text form of segment rules: `loyalty = lapsed and engagement.content >= 60 and not tag = "do-not-call"`.
/// Parsing checks every field against the catalogue and points at the offending spot; printing gives the canonical
/// text, which parses back to the same rule.
public enum SegmentText {
    static let keywords: Set<String> = ["and", "or", "not", "in", "exists", "contains", "within", "days", "true", "false"]

    /// Parses (and checks) a rule written as text, at most 10,000 characters.
    public static func parse(_ text: String) throws(SegmentRuleError) -> SegmentRule {
        guard text.count <= 10_000 else { throw SegmentRuleError("the rule is longer than 10000 characters", offset: 10_000) }
        var parser = SegmentParser(tokens: try SegmentLexer.tokens(of: text), end: text.count)
        let rule = try parser.expression(depth: 0)
        if let extra = parser.peek { throw SegmentRuleError("unexpected \(extra.text.prefix(40)) after the end of the rule", offset: extra.offset) }
        return rule
    }

    /// The canonical text of a rule.
    public static func print(_ rule: SegmentRule) -> String {
        switch rule {
        case .and(let rules): rules.map { grouped($0, inside: "and") }.joined(separator: " and ")
        case .or(let rules): rules.map { grouped($0, inside: "or") }.joined(separator: " or ")
        case .not(let inner): "not " + grouped(inner, inside: "not")
        case .condition(let condition): print(condition)
        case .count(let count): print(count)
        }
    }

    private static func grouped(_ rule: SegmentRule, inside parent: String) -> String {
        switch (rule, parent) {
        case (.or, "and"), (.and, "not"), (.or, "not"), (.and, "or"): "(\(print(rule)))"
        default: print(rule)
        }
    }

    private static func print(_ condition: SegmentCondition) -> String {
        guard let value = condition.value else { return "\(condition.field) exists" }
        return "\(condition.field) \(condition.op.rawValue) \(print(value))"
    }

    private static func print(_ count: SegmentCount) -> String {
        let items = count.filters.map(print) + (count.withinDays.map { ["within \($0) days"] } ?? [])
        return "\(count.source.rawValue)(\(items.joined(separator: ", "))) \(count.op.rawValue) \(count.count)"
    }

    static func print(_ value: SegmentValue) -> String {
        switch value {
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let number):
            return number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : "\(number)"
        case .list(let values): return "[" + values.map(print).joined(separator: ", ") + "]"
        case .text(let text):
            let bare = text.first.map { ("a"..."z").contains($0) } == true && !keywords.contains(text)
                && text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
            if bare { return text }
            return "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
    }
}

/// A token of the text form, with its character offset.
struct SegmentToken: Sendable {
    enum Kind { case word, string, number, symbol }
    let kind: Kind
    let text: String
    let offset: Int
}

/// Splits the text form into tokens.
enum SegmentLexer {
    static func tokens(of text: String) throws(SegmentRuleError) -> [SegmentToken] {
        let characters = Array(text)
        var tokens: [SegmentToken] = [], index = 0
        func isWord(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber || c == "_" || c == ".") }
        while index < characters.count {
            let character = characters[index], start = index
            if character.isWhitespace { index += 1; continue }
            if character == "\"" {
                var value = ""
                index += 1
                while index < characters.count, characters[index] != "\"" {
                    if characters[index] == "\\", index + 1 < characters.count { index += 1 }
                    value.append(characters[index])
                    index += 1
                }
                guard index < characters.count else { throw SegmentRuleError("this text has no closing quote", offset: start) }
                index += 1
                tokens.append(SegmentToken(kind: .string, text: value, offset: start))
            } else if character.isASCII, character.isNumber || (character == "-" && index + 1 < characters.count && characters[index + 1].isNumber) {
                index += 1
                while index < characters.count, characters[index].isASCII, characters[index].isNumber || characters[index] == "." { index += 1 }
                tokens.append(SegmentToken(kind: .number, text: String(characters[start..<index]), offset: start))
            } else if character.isASCII, character.isLetter || character == "_" {
                while index < characters.count, isWord(characters[index]) { index += 1 }
                tokens.append(SegmentToken(kind: .word, text: String(characters[start..<index]), offset: start))
            } else if let symbol = ["!=", "<=", ">=", "=", "<", ">", "(", ")", "[", "]", ","].first(where: { matches($0, characters, at: index) }) {
                index += symbol.count
                tokens.append(SegmentToken(kind: .symbol, text: symbol, offset: start))
            } else {
                throw SegmentRuleError("unexpected character \(String(character).debugDescription)", offset: start)
            }
        }
        return tokens
    }

    private static func matches(_ symbol: String, _ characters: [Character], at index: Int) -> Bool {
        let symbolCharacters = Array(symbol)
        return index + symbolCharacters.count <= characters.count && Array(characters[index..<index + symbolCharacters.count]) == symbolCharacters
    }
}
