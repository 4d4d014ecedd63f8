/// Where an idea on the ideas board stands.
public enum IdeaStatus: String, Vocabulary {
    case new, underReview = "under_review", planned, inProgress = "in_progress", done, declined
}

/// The validated fields of an idea: what a supporter proposed, where staff have taken it, and the campaign it became.
public struct IdeaFields: Sendable, Hashable, Codable {
    /// A short title.
    public var title: String
    /// The idea in the proposer's words.
    public var body: String
    /// Where it stands.
    public var status: IdeaStatus
    /// The campaign it became, if any.
    public var campaignId: String?
    /// Votes counted (derived: one per voter).
    public var votes: Int

    /// Creates a value from its parts.
    public init(title: String, body: String, status: IdeaStatus = .new, campaignId: String? = nil, votes: Int = 0) {
        (self.title, self.body, self.status, self.campaignId, self.votes) = (title, body, status, campaignId, votes)
    }
}

/// An idea as sent by staff (API) or proposed on the public board.
public struct IdeaInput: RecordInput {
    /// `IdeaFields.title`; required, 3 to 120 characters.
    public var title: String?
    /// `IdeaFields.body`; up to 2,000 characters.
    public var body: String?
    /// `IdeaFields.status`; new when absent.
    public var status: IdeaStatus?
    /// `IdeaFields.campaignId`.
    public var campaignId: String?

    /// Creates a value from its parts.
    public init(title: String? = nil, body: String? = nil, status: IdeaStatus? = nil, campaignId: String? = nil) {
        (self.title, self.body, self.status, self.campaignId) = (title, body, status, campaignId)
    }

    /// Checks the texts and the campaign id; votes start at none.
    public func validated() throws(ValidationFailure) -> IdeaFields {
        var issues = IssueCollector()
        let title = issues.text(title, "title", maxLength: 120, required: true) ?? ""
        if !title.isEmpty, title.count < 3 { issues.add("title", "must be at least 3 characters") }
        let body = issues.text(body, "body", maxLength: 2_000) ?? ""
        let campaignId = issues.identifier(campaignId, "campaignId")
        try issues.throwIfAny()
        return IdeaFields(title: title, body: body, status: status ?? .new, campaignId: campaignId)
    }
}

/// What became of a vote.
public enum VoteOutcome: String, Sendable, Equatable {
    /// Counted.
    case counted
    /// This voter has voted for this idea before.
    case alreadyVoted = "already_voted"
    /// Too many votes for this idea came from the voter's address.
    case addressLimit = "address_limit"
    /// No idea on the board has this id (or it was declined).
    case unknownIdea = "unknown_idea"
}
