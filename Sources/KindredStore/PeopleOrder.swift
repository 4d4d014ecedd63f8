import KindredCore
import SQLKit

/// The orders of the people list. The giving orders count in the organisation's currency and list only the people who
/// gave in it (their rollup leads the query, so a page costs the same at any size).
public enum PeopleOrder: String, Vocabulary {
    /// The order they were added in.
    case added
    /// The most recently added first.
    case newest
    /// By name, A to Z.
    case name
    /// By name, Z to A.
    case nameDescending = "name_desc"
    /// The most recent last gift first.
    case lastGift = "last_gift"
    /// The largest total given first.
    case totalGiven = "total_given"

    /// Whether the order counts giving (and so lists only donors in the organisation's currency).
    public var countsGiving: Bool { self == .lastGift || self == .totalGiven }

    /// The list order; `currency` is the one giving orders count in.
    func listOrder(currency: Currency?) -> ListOrder? {
        let rollup: SQLQueryString = "JOIN constituent_rollups sort_rollup ON sort_rollup.constituent_id = constituents.id AND sort_rollup.currency = \(bind: currency?.code ?? "")"
        switch self {
        case .added: return nil
        case .newest: return ListOrder(key: "constituents.id", join: nil, descending: true, numeric: false)
        case .name: return .column("constituents.search_name")
        case .nameDescending: return .column("constituents.search_name", descending: true)
        case .lastGift: return ListOrder(key: "sort_rollup.last_gift_at", join: rollup, descending: true, numeric: false, tie: "sort_rollup.constituent_id")
        case .totalGiven: return ListOrder(key: "sort_rollup.total_minor", join: rollup, descending: true, numeric: true, tie: "sort_rollup.constituent_id")
        }
    }
}

extension Schema {
    /// Version 14: the name orders read an index on (search_name, id), so a page resumes with a range scan.
    @Sendable static func version14(_ flavor: SQLFlavor) -> [String] {
        ["CREATE INDEX constituents_name_order ON constituents (search_name, id)", "DROP INDEX constituents_search_name"]
    }

    /// Version 12: the people list's giving orders read donors' rollups in order of last gift and of total given.
    @Sendable static func version12(_ flavor: SQLFlavor) -> [String] {
        [
            "CREATE INDEX constituent_rollups_last_gift ON constituent_rollups (currency, last_gift_at, constituent_id)",
            "CREATE INDEX constituent_rollups_total ON constituent_rollups (currency, total_minor, constituent_id)",
        ]
    }
}
