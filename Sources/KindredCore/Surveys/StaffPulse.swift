/// One group's results in a staff pulse survey.
public struct PulseGroup: Sendable, Hashable, Encodable {
    /// The group (the staff role at the time of answering).
    public let key: String
    /// Its results.
    public let results: SurveyResults
}

/// The results of a staff pulse survey, anonymous by construction: nothing is shown for fewer than
/// `minimumGroup` answers — not overall, not for any group, and not for what the shown groups leave over.
public struct PulseResults: Sendable, Hashable, Encodable {
    /// How many staff have answered.
    public let responses: Int
    /// Whether the overall results are withheld (fewer than `minimumGroup` answers).
    public let withheld: Bool
    /// The results of every answer, when at least `minimumGroup`.
    public let overall: SurveyResults?
    /// The results of each group with at least `minimumGroup` answers.
    public let byGroup: [PulseGroup]
    /// How many groups had answers but too few to show.
    public let groupsWithheld: Int
    /// The smallest number of answers shown as results.
    public let minimumGroup: Int

    /// The least number of answers ever shown.
    public static let minimumGroup = 5

    /// Tallies `answers` (each with its group) against `survey`, showing only groups of at least `minimum` answers.
    public init(survey: SurveyFields, answers: [(group: String, answers: SurveyAnswers)], minimum: Int = Self.minimumGroup) {
        let threshold = max(minimum, Self.minimumGroup)
        responses = answers.count
        withheld = answers.count < threshold
        overall = withheld ? nil : SurveyResults(survey: survey, responses: answers.map(\.answers))
        let groups = Dictionary(grouping: answers, by: \.group)
        var shown = withheld ? [] : groups.keys.filter { groups[$0]!.count >= threshold }.sorted { (groups[$0]!.count, $0) < (groups[$1]!.count, $1) }
        // What the shown groups leave of the overall results must be nobody or a group of its own size, or it could be
        // worked out by subtraction: hold back the smallest shown groups until it is.
        var rest = answers.count - shown.reduce(0) { $0 + groups[$1]!.count }
        while (1..<threshold).contains(rest), !shown.isEmpty { rest += groups[shown.removeFirst()]!.count }
        byGroup = shown.sorted().map { PulseGroup(key: $0, results: SurveyResults(survey: survey, responses: groups[$0]!.map(\.answers))) }
        groupsWithheld = groups.count - byGroup.count
        minimumGroup = threshold
    }
}
