import Foundation

/// A term people searched the site for.
public struct SearchTerm: Sendable, Hashable, Codable {
    /// The term, trimmed, lower-cased, inner spaces collapsed.
    public let term: String
    /// Searches for it.
    public let searches: Int
    /// Searches for it that found nothing.
    public let withoutResults: Int
}

/// What people search the site for and what they do not find (from `site_searched` interactions: `query` and `results`).
public struct SiteSearchReport: Sendable, Hashable, Codable {
    /// Searches counted.
    public let searches: Int
    /// Searches that found nothing.
    public let withoutResults: Int
    /// The most searched terms, most first.
    public let topTerms: [SearchTerm]
    /// The terms that most often found nothing, most first.
    public let termsWithoutResults: [SearchTerm]

    /// Builds the report from each search's term and its number of results (nil when the site did not say); at most
    /// `limit` terms in each list.
    public static func build(_ searches: [(term: String, results: Int?)], limit: Int = 25) -> SiteSearchReport {
        var counts: [String: (searches: Int, empty: Int)] = [:]
        var total = 0, empty = 0
        for search in searches {
            guard let term = normalised(search.term) else { continue }
            let found = search.results.map { $0 > 0 } ?? true
            total += 1
            if !found { empty += 1 }
            counts[term, default: (0, 0)].searches += 1
            if !found { counts[term, default: (0, 0)].empty += 1 }
        }
        let terms = counts.map { SearchTerm(term: $0.key, searches: $0.value.searches, withoutResults: $0.value.empty) }
        let top = terms.sorted { ($0.searches, $1.term) > ($1.searches, $0.term) }.prefix(limit)
        let missing = terms.filter { $0.withoutResults > 0 }.sorted { ($0.withoutResults, $1.term) > ($1.withoutResults, $0.term) }.prefix(limit)
        return SiteSearchReport(searches: total, withoutResults: empty, topTerms: Array(top), termsWithoutResults: Array(missing))
    }

    /// A term as counted: trimmed, lower-cased, spaces collapsed, at most 100 characters; nil when empty.
    static func normalised(_ term: String) -> String? {
        let words = term.lowercased().split(whereSeparator: { $0.isWhitespace })
        return words.isEmpty ? nil : String(words.joined(separator: " ").prefix(100))
    }
}

/// What happened on one donation form on one device.
public struct FormFrictionRow: Sendable, Hashable, Codable {
    /// The form's page (the path of its address, or `(unknown)`).
    public let page: String
    /// The device.
    public let device: Device
    /// Forms started, completed, and errors shown.
    public let starts: Int, completions: Int, errors: Int
    /// Completions per start (nil without starts).
    public let completionRate: Double?
    /// The most frequent error messages, most first (at most five).
    public let topErrors: [String]
}

/// Donation-form friction: starts against completions and errors, by page and device.
public enum FormFriction {
    private struct Tally { var starts = 0, completions = 0, errors = 0, messages: [String: Int] = [:] }

    /// Interaction types counted as a form start, a completion and an error.
    public static let startType = "donation_form_started", errorType = "donation_form_error"
    /// The interaction recorded beside the gift when a `Donation Completed` event carries an amount.
    public static let completedType = "donation_form_completed"
    /// Completion types: the donation event without an amount, or the form completion recorded beside its gift.
    public static let completionTypes: Set<String> = ["donation_completed", completedType]

    /// Builds the rows from each form event's type, page address, device and error message, most started first.
    public static func build(_ events: [(type: String, url: String?, device: Device, error: String?)]) -> [FormFrictionRow] {
        var tallies: [String: Tally] = [:]
        for event in events {
            let page = event.url.flatMap(TouchpointAddress.init)?.path ?? "(unknown)"
            let key = page + "\u{0}" + event.device.rawValue
            if event.type == startType { tallies[key, default: Tally()].starts += 1 }
            else if completionTypes.contains(event.type) { tallies[key, default: Tally()].completions += 1 }
            else if event.type == errorType {
                tallies[key, default: Tally()].errors += 1
                let message = String((event.error ?? "(no message)").trimmingWhitespace().prefix(200))
                tallies[key, default: Tally()].messages[message, default: 0] += 1
            }
        }
        return tallies.map { key, tally in
            let parts = key.split(separator: "\u{0}", omittingEmptySubsequences: false).map(String.init)
            let errors = tally.messages.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(5).map(\.key)
            return FormFrictionRow(page: parts[0], device: Device(rawValue: parts[1]) ?? .unknown, starts: tally.starts,
                                   completions: tally.completions, errors: tally.errors,
                                   completionRate: tally.starts == 0 ? nil : Double(tally.completions) / Double(tally.starts), topErrors: errors)
        }.sorted { ($0.starts, $1.page, $1.device.rawValue) > ($1.starts, $0.page, $0.device.rawValue) }
    }
}
