import Foundation

/// What kind of element of the journey a touchpoint is.
public enum TouchpointKind: String, Vocabulary {
    /// A page of the website, matched by its address (the path and anything below it).
    case webPage = "web_page"
    /// A form (donation, sign-up), matched by the address of the page it is on.
    case form
    /// An email, matched by a Kindred message template id, or the `email_id` / `campaign_name` the email tool sends.
    case email
    /// A social media post, matched by its address or its `post_id`.
    case socialPost = "social_post"
    /// A campaign, matched by a Kindred campaign id or the UTM campaign name (`context.campaign.name`).
    case campaign
}

/// A touchpoint: one element of the journey (a page, form, email, post or campaign) and the stages it serves.
public struct TouchpointFields: Sendable, Hashable, Codable {
    /// A name staff recognise it by.
    public var name: String
    /// What it is.
    public var kind: TouchpointKind
    /// What finds its touches: an address for pages, forms and posts; an id or name for emails and campaigns.
    public var match: String
    /// The stages it serves.
    public var stages: [JourneyStageKey]

    /// Creates fields.
    public init(name: String, kind: TouchpointKind, match: String, stages: [JourneyStageKey]) {
        (self.name, self.kind, self.match, self.stages) = (name, kind, match, stages)
    }

    /// Whether a touch is one of this touchpoint's; `address` is this touchpoint's address, parsed once by the caller.
    public func matches(_ touch: Touch, address: TouchpointAddress?) -> Bool {
        let byAddress = address.flatMap { wanted in touch.address.map(wanted.covers) } ?? false
        switch kind {
        case .webPage, .form: return byAddress
        case .socialPost: return byAddress || touch.keys.contains(match.lowercased())
        case .email, .campaign: return touch.keys.contains(match.lowercased())
        }
    }
}

/// A touchpoint as sent to the API.
public struct TouchpointInput: RecordInput {
    /// `TouchpointFields.name`; required.
    public var name: String?
    /// `TouchpointFields.kind`; required.
    public var kind: TouchpointKind?
    /// `TouchpointFields.match`; required. For pages and forms an address (`/donate` or `https://example.org/donate`).
    public var match: String?
    /// `TouchpointFields.stages`; at least one.
    public var stages: [JourneyStageKey]?

    /// Creates an input.
    public init(name: String? = nil, kind: TouchpointKind? = nil, match: String? = nil, stages: [JourneyStageKey]? = nil) {
        (self.name, self.kind, self.match, self.stages) = (name, kind, match, stages)
    }

    /// Checks every field: an address for pages and forms, a stage at least once and each stage once.
    public func validated() throws(ValidationFailure) -> TouchpointFields {
        var issues = IssueCollector()
        let name = issues.text(name, "name", maxLength: 200, required: true)
        let kind = issues.required(kind, "kind")
        let match = issues.text(match, "match", maxLength: 500, required: true)
        if let match, let kind, [.webPage, .form].contains(kind), TouchpointAddress(match) == nil {
            issues.add("match", "must be an address: a path such as /donate or a URL such as https://example.org/donate")
        }
        let stages = stages ?? []
        if stages.isEmpty { issues.add("stages", "must name at least one stage") }
        if Set(stages).count != stages.count { issues.add("stages", "names a stage twice") }
        try issues.throwIfAny()
        return TouchpointFields(name: name!, kind: kind!, match: match!, stages: JourneyStageKey.allCases.filter(stages.contains))
    }
}

/// One recorded moment a person met something: an interaction, or a message Kindred sent.
public struct Touch: Sendable, Hashable {
    /// When.
    public var at: Timestamp
    /// The interaction type (`message_sent` for a message Kindred sent).
    public var type: String
    /// The page's address, when there is one.
    public var url: String? { didSet { address = url.flatMap(TouchpointAddress.init) } }
    /// The page's address as touchpoints match it.
    public private(set) var address: TouchpointAddress?
    /// The device.
    public var device: Device
    /// Lower-cased ids and names that emails, posts and campaigns are matched by.
    public var keys: Set<String>

    /// Creates a touch.
    public init(at: Timestamp, type: String, url: String?, device: Device, keys: Set<String>) {
        (self.at, self.type, self.url, self.device, self.keys) = (at, type, url, device, keys)
        address = url.flatMap(TouchpointAddress.init)
    }

    /// Types that only show someone was reached (a view, an open, a send); every other type is engagement.
    public static let exposureTypes: Set<String> = ["page_viewed", "email_opened", "message_sent"]

    /// Whether the touch is engagement rather than mere exposure.
    public var isEngagement: Bool { !Self.exposureTypes.contains(type) }

    /// The properties whose values match emails, posts and campaigns.
    public static let keyProperties = ["templateId", "template_id", "email_id", "emailId", "campaign_name", "campaign", "campaign_id",
                                       "campaignId", "utm_campaign", "post_id", "postId", "post_url"]

    /// The matching keys among an interaction's properties.
    public static func keys(from properties: JSONValue.Object) -> Set<String> {
        Set(keyProperties.compactMap { properties[$0]?.scalarText?.lowercased() })
    }
}

/// An address as touchpoints match it: an optional host (a leading `www.` ignored) and a lower-cased path; a page covers
/// its own path and the paths below it, never a sibling (`/donate` covers `/donate/monthly`, not `/donate-now`).
public struct TouchpointAddress: Sendable, Hashable {
    /// The host, nil for a bare path.
    public let host: String?
    /// The path, without a trailing slash (except the root).
    public let path: String

    /// The address of a path or an http(s) URL; nil for anything else.
    public init?(_ address: String) {
        let trimmed = address.trimmingWhitespace()
        if trimmed.hasPrefix("/") {
            (host, path) = (nil, Self.normalised(String(trimmed.prefix { $0 != "?" && $0 != "#" })))
            return
        }
        guard let components = URLComponents(string: trimmed), let scheme = components.scheme?.lowercased(),
              ["http", "https"].contains(scheme), var host = components.host?.lowercased(), !host.isEmpty else { return nil }
        if host.hasPrefix("www.") { host.removeFirst(4) }
        (self.host, path) = (host, Self.normalised(components.path.isEmpty ? "/" : components.path))
    }

    /// Whether this (a touchpoint's) address covers another (a touch's).
    public func covers(_ seen: TouchpointAddress) -> Bool {
        if let host, host != seen.host { return false }
        return path == "/" || seen.path == path || seen.path.hasPrefix(path + "/")
    }

    private static func normalised(_ path: String) -> String {
        var path = path.lowercased()
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        return path
    }
}
