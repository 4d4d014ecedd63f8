/// The ways two records can show they are the same person.
public enum MatchRule: String, Vocabulary {
    /// The same normalised email address.
    case email
    /// The same E.164 phone number.
    case phone
    /// Alike names (Jaro-Winkler) and the same postal code.
    case namePostalCode = "name_postal_code"
    /// Alike names and the same street address.
    case nameAddress = "name_address"
}

/// The weights of the match rules and the thresholds, as CiviCRM's dedupe rules have them, with defaults that work.
public struct DuplicateRules: Sendable, Hashable, Codable {
    /// Points for an email match.
    public var email: Int
    /// Points for a phone match.
    public var phone: Int
    /// Points for alike names with the same postal code.
    public var namePostalCode: Int
    /// Points for alike names with the same street address.
    public var nameAddress: Int
    /// How alike names must be (Jaro-Winkler, 0–1).
    public var nameSimilarity: Double
    /// Pairs scoring at least this are suggested for review.
    public var suggestThreshold: Int
    /// Pairs scoring at least this may be merged without review.
    public var mergeThreshold: Int

    /// The defaults: email 60, phone 40, name and postal code 50, name and address 50; names at least 0.92 alike;
    /// suggest from 60, merge automatically from 110 (e.g. email plus name and postal code).
    public static let defaults = DuplicateRules(email: 60, phone: 40, namePostalCode: 50, nameAddress: 50, nameSimilarity: 0.92,
                                                suggestThreshold: 60, mergeThreshold: 110)

    /// Creates rules.
    public init(email: Int, phone: Int, namePostalCode: Int, nameAddress: Int, nameSimilarity: Double, suggestThreshold: Int, mergeThreshold: Int) {
        self.email = email
        self.phone = phone
        self.namePostalCode = namePostalCode
        self.nameAddress = nameAddress
        self.nameSimilarity = nameSimilarity
        self.suggestThreshold = suggestThreshold
        self.mergeThreshold = mergeThreshold
    }

    /// The points of one rule.
    public func weight(_ rule: MatchRule) -> Int {
        switch rule {
        case .email: email
        case .phone: phone
        case .namePostalCode: namePostalCode
        case .nameAddress: nameAddress
        }
    }

    /// The score of a pair that matched these rules: each rule counts once.
    public func score(_ matched: Set<MatchRule>) -> Int { matched.reduce(0) { $0 + weight($1) } }
}

/// Two records that may be the same person, with what matched.
public struct DuplicatePair: Sendable, Hashable, Codable {
    /// The older record's id (ids are time-ordered), the natural survivor.
    public let firstId: String
    /// The newer record's id.
    public let secondId: String
    /// The rules that matched.
    public let matched: [MatchRule]
    /// The sum of their weights.
    public let score: Int

    /// Creates a pair; ids are put in order.
    public init(_ one: String, _ other: String, matched: Set<MatchRule>, rules: DuplicateRules) {
        firstId = min(one, other)
        secondId = max(one, other)
        self.matched = matched.sorted { $0.rawValue < $1.rawValue }
        score = rules.score(matched)
    }
}

/// A person inside a block, as name matching sees them.
public struct BlockMember: Sendable, Hashable {
    /// The record id.
    public let id: String
    /// The normalised name.
    public let name: String

    /// Creates a member.
    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }
}

/// Pairs within one block (people sharing a blocking key), never all pairs of the database. A block larger than
/// `cap` (a shared mailbox, a big town's postal code) is compared only with its neighbours in name order.
public enum DuplicateBlocking {
    /// The largest block compared pair by pair.
    public static let cap = 50

    /// Every pair of ids that share an exact key (email, phone); very large blocks only pair neighbours.
    public static func exactPairs(_ ids: [String]) -> [(String, String)] {
        let unique = Array(Set(ids)).sorted()
        guard unique.count > 1 else { return [] }
        if unique.count > cap { return zip(unique, unique.dropFirst()).map { ($0, $1) } }
        return unique.indices.flatMap { i in unique[(i + 1)...].map { (unique[i], $0) } }
    }

    /// The pairs of a block whose names are at least `threshold` alike.
    public static func similarNames(_ members: [BlockMember], threshold: Double) -> [(String, String)] {
        let sorted = members.sorted { ($0.name, $0.id) < ($1.name, $1.id) }
        let reach = sorted.count > cap ? 5 : sorted.count
        var pairs: [(String, String)] = []
        for i in sorted.indices {
            for j in (i + 1)..<min(sorted.count, i + 1 + reach) where sorted[i].id != sorted[j].id
                && NameMatching.similarity(sorted[i].name, sorted[j].name) >= threshold {
                pairs.append((sorted[i].id, sorted[j].id))
            }
        }
        return pairs
    }
}
