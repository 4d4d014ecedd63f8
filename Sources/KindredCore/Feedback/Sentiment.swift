import Foundation

/// The languages feedback is scored in.
public enum FeedbackLanguage: String, Vocabulary {
    case en, nl, fr
}

/// How a text reads: a score from −1 (very negative) to +1 (very positive) and the words that made it.
public struct Sentiment: Sendable, Hashable, Codable {
    /// The score, −1 to +1: the opinion words' summed valence v normalised as v / √(v² + 15).
    public let score: Double
    /// The language the text was scored in.
    public let language: FeedbackLanguage
    /// The opinion words found, each with the valence it contributed after negation and intensity.
    public let words: [ScoredWord]

    /// Positive, negative or neutral by the conventional ±0.05 cut-offs.
    public var label: SentimentLabel { SentimentLabel(score: score) }

    /// One opinion word and what it contributed.
    public struct ScoredWord: Sendable, Hashable, Codable {
        /// The word as written (folded).
        public let word: String
        /// Its contribution.
        public let valence: Double
        /// Whether a negation turned it.
        public let negated: Bool
    }
}

/// The three readings of a sentiment score.
public enum SentimentLabel: String, Vocabulary {
    case positive, neutral, negative

    /// Positive from 0.05, negative from −0.05, neutral between (the conventional cut-offs).
    public init(score: Double) {
        self = score >= 0.05 ? .positive : score <= -0.05 ? .negative : .neutral
    }
}

/// A lexicon-based sentiment scorer for English, Dutch and French: each opinion word's valence, turned (and weakened)
/// by a negation up to three words before it in the same clause ("not good", "niet tevreden", "ne … pas content"),
/// scaled by an intensifier just before it ("very", "erg", "très"), and with the clause after a contrast ("but",
/// "maar", "mais") counting 1.5 times and the one before half; a plural finds its singular ("gentils"). Pure and
/// deterministic; explains every score.
public enum SentimentScorer {
    /// How far a negation reaches, in words.
    static let negationReach = 3
    /// What a negated word keeps of its valence, with the sign turned.
    static let negationFactor = -0.75

    /// Scores `text` in `language`, or in the language whose small words it uses most when none is given.
    public static func score(_ text: String, language: FeedbackLanguage? = nil) -> Sentiment {
        let tokens = tokens(of: text)
        let language = language ?? detectLanguage(tokens)
        let valence = SentimentLexicon.valence[language] ?? [:], negators = SentimentLexicon.negators[language] ?? []
        let intensity = SentimentLexicon.intensity[language] ?? [:], contrasts = SentimentLexicon.contrasts[language] ?? []
        var words: [Sentiment.ScoredWord] = [], weights: [Double] = [], weight = 1.0
        var sinceNegation = Int.max, sinceBoost = Int.max, boost = 1.0
        for token in tokens {
            (sinceNegation, sinceBoost) = (min(sinceNegation, .max - 1) + 1, min(sinceBoost, .max - 1) + 1)
            if token == clauseBreak || contrasts.contains(token) {
                (sinceNegation, sinceBoost) = (.max, .max)
                if token != clauseBreak { (weights, weight) = (weights.map { _ in 0.5 }, 1.5) }
            } else if negators.contains(token) {
                sinceNegation = 0
            } else if let factor = intensity[token] {
                (boost, sinceBoost) = (factor, 0)
            } else if let base = valence[token] ?? (token.count > 3 && token.hasSuffix("s") ? valence[String(token.dropLast())] : nil) {
                let negated = sinceNegation <= negationReach, strength = sinceBoost <= 2 ? boost : 1
                words.append(.init(word: token, valence: base * strength * (negated ? negationFactor : 1), negated: negated))
                weights.append(weight)
                sinceBoost = .max
            }
        }
        let total = zip(words, weights).reduce(0) { $0 + $1.0.valence * $1.1 }
        return Sentiment(score: total / (total * total + 15).squareRoot(), language: language, words: words)
    }

    /// The language whose marker words occur most in `tokens`; English on a tie or none.
    public static func detectLanguage(_ tokens: [String]) -> FeedbackLanguage {
        let counts = FeedbackLanguage.allCases.map { language in
            (language, tokens.filter { SentimentLexicon.markers[language]?.contains($0) == true }.count)
        }
        return counts.max { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0 != .en && $1.0 == .en) }?.0 ?? .en
    }

    /// The token standing for a clause boundary (punctuation that ends a clause).
    static let clauseBreak = "."

    /// The words of `text`, folded (lower case, accents removed, "n't" read as "not", French elisions split so "n'"
    /// reads as "n"), with every clause-ending mark as `clauseBreak`.
    static func tokens(of text: String) -> [String] {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
            .replacingOccurrences(of: "’", with: "'").replacingOccurrences(of: "n't", with: " not")
        var tokens: [String] = [], word = ""
        for character in folded {
            if character.isLetter || character.isNumber {
                word.append(character)
                continue
            }
            if !word.isEmpty { tokens.append(word) }
            word = ""
            if ".,;:!?()\n".contains(character) { tokens.append(clauseBreak) }
        }
        if !word.isEmpty { tokens.append(word) }
        return tokens
    }
}
