import Foundation

/// How alike two names are, for duplicate detection: accents, case, punctuation and word order do not count.
public enum NameMatching {
    /// A name reduced for comparison: folded to ASCII letters and digits, lower case, words sorted.
    public static func normalised(_ name: String) -> String {
        let folded = name.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: Locale(identifier: "en"))
        let words = folded.lowercased().split { !($0.isLetter || $0.isNumber) }.map(String.init)
        return words.sorted().joined(separator: " ")
    }

    /// A postal code or address line reduced for blocking: upper-case letters and digits only.
    public static func blockingKey(_ text: String?) -> String? {
        guard let text else { return nil }
        let key = String(text.uppercased().unicodeScalars.filter(\.isASCIIAlphanumeric).map(Character.init))
        return key.isEmpty ? nil : key
    }

    /// Jaro-Winkler similarity from 0 (nothing alike) to 1 (equal) of two normalised names.
    public static func similarity(_ left: String, _ right: String) -> Double {
        if left == right { return left.isEmpty ? 0 : 1 }
        let a = Array(left.utf8), b = Array(right.utf8)
        guard !a.isEmpty, !b.isEmpty else { return 0 }
        let window = max(0, max(a.count, b.count) / 2 - 1)
        var matchedA = [Bool](repeating: false, count: a.count), matchedB = [Bool](repeating: false, count: b.count)
        var matches = 0
        for i in a.indices {
            let low = max(0, i - window), high = min(b.count - 1, i + window)
            guard low <= high else { continue }
            for j in low...high where !matchedB[j] && a[i] == b[j] {
                matchedA[i] = true
                matchedB[j] = true
                matches += 1
                break
            }
        }
        guard matches > 0 else { return 0 }
        var transpositions = 0, k = 0
        for i in a.indices where matchedA[i] {
            while !matchedB[k] { k += 1 }
            if a[i] != b[k] { transpositions += 1 }
            k += 1
        }
        let m = Double(matches)
        let jaro = (m / Double(a.count) + m / Double(b.count) + (m - Double(transpositions) / 2) / m) / 3
        let prefix = zip(a, b).prefix(4).prefix { $0 == $1 }.count
        return jaro + Double(prefix) * 0.1 * (1 - jaro)
    }
}
