import Foundation

/// The values a message template can use, written `{{givenName}}` or with a fallback `{{givenName|friend}}`.
public enum MessageVariable: String, Vocabulary {
    /// The person's given name (the display name when there is none).
    case givenName
    /// The person's family name.
    case familyName
    /// The name the person is shown by.
    case displayName
    /// The last gift's amount, as money in the person's language.
    case lastGiftAmount
    /// The last gift's date, in the person's language.
    case lastGiftDate
    /// The campaign of the last gift.
    case lastGiftCampaign
    /// The loyalty level (new, repeat, structural…), in the person's language.
    case loyaltyLevel
    /// The ask ladder's three amounts, lowest first, from the predictions.
    case askLow, askMiddle, askHigh
    /// The impact text of the message's campaign.
    case campaignImpact
    /// The organisation's name.
    case organisationName
    /// The person's one-click unsubscribe link.
    case unsubscribeURL
    /// The person's preference centre link.
    case preferencesURL
}

/// Template text: literal text and `{{variable}}` / `{{variable|fallback}}` placeholders.
public enum MessageText {
    /// A piece of template text.
    enum Piece: Equatable {
        case literal(Substring)
        case placeholder(MessageVariable, fallback: Substring)
    }

    /// Why the text is not a valid template (an unclosed or unknown placeholder, with the character where it starts),
    /// or nil when it is.
    public static func problem(in text: String) -> String? {
        switch parse(text) {
        case .success: nil
        case .failure(let problem): problem.message
        }
    }

    /// The text with every placeholder replaced by its value (or its fallback when the value is missing), each value
    /// passed through `escape`; literal text is passed through `literal`. Invalid text is rendered as it stands.
    public static func render(_ text: String, values: [MessageVariable: String], escape: (MessageVariable, String) -> String = { $1 },
                              literal: (String) -> String = { $0 }) -> String {
        guard case .success(let pieces) = parse(text) else { return literal(text) }
        var output = ""
        for piece in pieces {
            switch piece {
            case .literal(let part): output += literal(String(part))
            case .placeholder(let variable, let fallback):
                let value = values[variable].flatMap { $0.isEmpty ? nil : $0 } ?? String(fallback)
                output += escape(variable, value)
            }
        }
        return output
    }

    /// A parse problem with its message.
    struct Problem: Error { let message: String }

    /// The pieces of `text`, or the first problem.
    static func parse(_ text: String) -> Result<[Piece], Problem> {
        var pieces: [Piece] = []
        var rest = text[...]
        while let open = rest.range(of: "{{") {
            if open.lowerBound > rest.startIndex { pieces.append(.literal(rest[rest.startIndex..<open.lowerBound])) }
            let position = text.distance(from: text.startIndex, to: open.lowerBound) + 1
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                return .failure(Problem(message: "has a placeholder opened at character \(position) but never closed with }}"))
            }
            let inside = rest[open.upperBound..<close.lowerBound]
            let parts = inside.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
            let name = parts[0].trimmingCharacters(in: .whitespaces)
            guard let variable = MessageVariable(rawValue: name) else {
                return .failure(Problem(message: "has an unknown placeholder {{\(name.prefix(40))}} at character \(position); known: \(MessageVariable.allowedValues)"))
            }
            pieces.append(.placeholder(variable, fallback: parts.count > 1 ? parts[1] : ""))
            rest = rest[close.upperBound...]
        }
        if !rest.isEmpty { pieces.append(.literal(rest)) }
        return .success(pieces)
    }
}
