/// A recursive-descent parser of the text form: `or` binds loosest, then `and`, then `not`; parentheses group.
struct SegmentParser {
    let tokens: [SegmentToken]
    /// The length of the text, where "the end" errors point.
    let end: Int
    var position = 0

    init(tokens: [SegmentToken], end: Int) {
        self.tokens = tokens
        self.end = end
    }

    var peek: SegmentToken? { position < tokens.count ? tokens[position] : nil }

    private func isWord(_ word: String) -> Bool { peek.map { $0.kind == .word && $0.text == word } ?? false }
    private func isSymbol(_ symbol: String) -> Bool { peek.map { $0.kind == .symbol && $0.text == symbol } ?? false }

    private mutating func next(_ expected: String) throws(SegmentRuleError) -> SegmentToken {
        guard let token = peek else { throw SegmentRuleError("expected \(expected) at the end of the rule", offset: end) }
        position += 1
        return token
    }

    private mutating func expectSymbol(_ symbol: String) throws(SegmentRuleError) {
        let offset = peek?.offset ?? end
        let token = try next("\"\(symbol)\"")
        guard token.kind == .symbol, token.text == symbol else {
            throw SegmentRuleError("expected \"\(symbol)\" but found \(token.text.prefix(40))", offset: offset)
        }
    }

    mutating func expression(depth: Int) throws(SegmentRuleError) -> SegmentRule {
        guard depth < 32 else { throw SegmentRuleError("the rule nests deeper than 32 levels", offset: peek?.offset ?? end) }
        var alternatives = [try conjunction(depth: depth)]
        while isWord("or") {
            position += 1
            alternatives.append(try conjunction(depth: depth))
        }
        return alternatives.count == 1 ? alternatives[0] : .or(alternatives)
    }

    private mutating func conjunction(depth: Int) throws(SegmentRuleError) -> SegmentRule {
        var parts = [try unary(depth: depth)]
        while isWord("and") {
            position += 1
            parts.append(try unary(depth: depth))
        }
        return parts.count == 1 ? parts[0] : .and(parts)
    }

    private mutating func unary(depth: Int) throws(SegmentRuleError) -> SegmentRule {
        if isWord("not") {
            position += 1
            return .not(try unary(depth: depth + 1))
        }
        if isSymbol("(") {
            position += 1
            let inner = try expression(depth: depth + 1)
            try expectSymbol(")")
            return inner
        }
        if let token = peek, token.kind == .word, let source = SegmentSource(rawValue: token.text),
           position + 1 < tokens.count, tokens[position + 1].text == "(" {
            return .count(try count(source))
        }
        return .condition(try condition(in: nil))
    }

    private mutating func count(_ source: SegmentSource) throws(SegmentRuleError) -> SegmentCount {
        let start = tokens[position].offset
        position += 2
        var result = SegmentCount(source)
        while !isSymbol(")") {
            if !result.filters.isEmpty || result.withinDays != nil { try expectSymbol(",") }
            if isWord("within") {
                position += 1
                let days = try number(whole: true)
                let unit = try next("days")
                guard unit.text == "days" else { throw SegmentRuleError("expected \"days\" after within", offset: unit.offset) }
                result.withinDays = Int(days)
            } else {
                result.filters.append(try condition(in: source))
            }
        }
        try expectSymbol(")")
        if let token = peek, token.kind == .symbol, let op = SegmentOperator(rawValue: token.text), !["(", ")", "[", "]", ","].contains(token.text) {
            position += 1
            result.op = op
            result.count = Int(try number(whole: true))
        }
        if let problem = SegmentCatalogue.problem(with: SegmentCount(source, withinDays: result.withinDays, op: result.op, count: result.count)) {
            throw SegmentRuleError(problem, offset: start)
        }
        return result
    }

    private mutating func condition(in source: SegmentSource?) throws(SegmentRuleError) -> SegmentCondition {
        let offset = peek?.offset ?? end
        let field = try next("a field")
        guard field.kind == .word, !SegmentText.keywords.contains(field.text) else {
            throw SegmentRuleError("expected a field but found \(field.text.prefix(40))", offset: field.offset)
        }
        let opOffset = peek?.offset ?? end
        let opToken = try next("a comparison")
        guard let op = SegmentOperator(rawValue: opToken.text), opToken.kind == .symbol || [.contains, .exists, .in].contains(op) else {
            throw SegmentRuleError("expected a comparison (=, !=, <, <=, >, >=, contains, in, exists) but found \(opToken.text.prefix(40))", offset: opOffset)
        }
        var condition = SegmentCondition(field.text, op)
        if op == .in {
            try expectSymbol("[")
            var values: [SegmentValue] = []
            while !isSymbol("]") {
                if !values.isEmpty { try expectSymbol(",") }
                values.append(try value())
            }
            try expectSymbol("]")
            condition.value = .list(values)
        } else if op != .exists {
            condition.value = try value()
        }
        if let problem = SegmentCatalogue.problem(with: condition, in: source) { throw SegmentRuleError(problem, offset: offset) }
        return condition
    }

    private mutating func value() throws(SegmentRuleError) -> SegmentValue {
        let offset = peek?.offset ?? end
        let token = try next("a value")
        switch token.kind {
        case .string: return .text(token.text)
        case .number:
            guard let number = Double(token.text) else { throw SegmentRuleError("\(token.text) is not a number", offset: offset) }
            return .number(number)
        case .word where token.text == "true" || token.text == "false": return .bool(token.text == "true")
        case .word where !SegmentText.keywords.contains(token.text): return .text(token.text)
        default: throw SegmentRuleError("expected a value but found \(token.text.prefix(40))", offset: offset)
        }
    }

    private mutating func number(whole: Bool) throws(SegmentRuleError) -> Double {
        let offset = peek?.offset ?? end
        let token = try next("a number")
        guard token.kind == .number, let value = Double(token.text), !whole || (value == value.rounded() && abs(value) <= 1e9) else {
            throw SegmentRuleError("expected a whole number but found \(token.text.prefix(40))", offset: offset)
        }
        return value
    }
}
