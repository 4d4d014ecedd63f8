import Foundation
import KindredCore
import Testing

/// Survey definitions (templates, validation), answer checking, the feedback a response becomes, and the results
/// arithmetic on hand-worked cases.
@Suite struct SurveyTests {
    static let custom = SurveyInput(name: "Open day 2026", questions: [
        SurveyQuestionInput(key: "recommend", kind: .nps, text: Wording(en: "Recommend us?", nl: "Aanbevelen?", fr: "Recommander ?"), required: true),
        SurveyQuestionInput(key: "topics", kind: .multipleChoice, text: Wording(en: "Which topics?"), options: [
            SurveyOption(key: "water", label: Wording(en: "Water", nl: "Water", fr: "Eau")),
            SurveyOption(key: "schools", label: Wording(en: "Schools", nl: "Scholen", fr: "Écoles")),
            SurveyOption(key: "health", label: Wording(en: "Health"))]),
        SurveyQuestionInput(key: "channel", kind: .singleChoice, text: Wording(en: "How did you hear of us?"), options: [
            SurveyOption(key: "friend", label: Wording(en: "A friend")), SurveyOption(key: "web", label: Wording(en: "The web"))]),
        SurveyQuestionInput(key: "involved", kind: .scale, text: Wording(en: "How involved do you feel?"), scaleMin: 1, scaleMax: 5),
        SurveyQuestionInput(key: "anything", kind: .freeText, text: Wording(en: "Anything else?")),
    ])

    @Test func templatesGiveTheStandardQuestionInThreeLanguages() throws {
        let survey = try SurveyInput(name: "Quarterly NPS", template: .nps).validated()
        #expect(survey.status == .open)
        #expect(survey.questions.map(\.key) == ["recommend"])
        #expect(survey.questions[0].range == 0...10)
        #expect(survey.questions[0].text.text(in: .nl).hasPrefix("Hoe waarschijnlijk"))
        #expect(survey.questions[0].followUpText(in: .fr) == "Quelle est la raison principale de votre note ?")
        #expect(survey.title.text(in: .fr) == "Votre avis nous intéresse")
        let csat = try SurveyInput(name: "After the call", template: .csat).validated()
        #expect(csat.questions[0].range == 1...5 && csat.questions[0].kind == .csat)
    }

    @Test func wordingFallsBackToEnglish() {
        let wording = Wording(en: "Thanks", nl: "Bedankt")
        #expect(wording.text(in: .nl) == "Bedankt" && wording.text(in: .fr) == "Thanks")
    }

    @Test func customQuestionsAreCheckedForTheirKind() throws {
        let survey = try Self.custom.validated()
        #expect(survey.questions.count == 5)
        #expect(survey.questions[3].range == 1...5)
        #expect(survey.questions[1].followUpText(in: .en) == nil)
    }

    @Test func invalidSurveysNameEveryProblem() {
        let input = SurveyInput(name: "  ", title: Wording(en: " "), questions: [
            SurveyQuestionInput(key: "Bad Key", kind: .freeText, text: Wording(en: "?")),
            SurveyQuestionInput(key: "pick", kind: .singleChoice, text: Wording(en: "Pick"), options: [SurveyOption(key: "a", label: Wording(en: "A"))]),
            SurveyQuestionInput(key: "words", kind: .freeText, text: Wording(en: "Say"), options: [SurveyOption(key: "a", label: Wording(en: "A")),
                                                                                                   SurveyOption(key: "b", label: Wording(en: "B"))]),
            SurveyQuestionInput(key: "range", kind: .scale, text: Wording(en: "Rate"), scaleMin: 5, scaleMax: 5),
            SurveyQuestionInput(key: "why", kind: .freeText, text: Wording(en: "Why"), followUp: Wording(en: "Really?")),
            SurveyQuestionInput(key: "score", kind: .nps, text: Wording(en: "NPS"), scaleMax: 7),
            SurveyQuestionInput(kind: .freeText),
        ])
        let fields = Set(((try? input.validated()).map { _ in [] } ?? Self.issues(input)).map(\.field))
        #expect(fields == ["name", "title.en", "questions[0].key", "questions[1].options", "questions[2].options", "questions[3].scaleMax",
                           "questions[4].followUp", "questions[5].scaleMin", "questions[6].key", "questions[6].text"])
        #expect(Self.issues(SurveyInput(name: "x")).map(\.field) == ["questions"])
        #expect(Self.issues(SurveyInput(name: "x", questions: [])).map(\.field) == ["questions"])
        let twice = SurveyInput(name: "x", questions: [SurveyQuestionInput(key: "recommend", kind: .freeText, text: Wording(en: "?"))], template: .nps)
        #expect(Self.issues(twice).map(\.message) == ["key recommend is used twice"])
        let many = SurveyInput(name: "x", questions: (0..<31).map { SurveyQuestionInput(key: "q\($0)", kind: .freeText, text: Wording(en: "?")) })
        #expect(Self.issues(many).map(\.message) == ["must have at most 30 questions"])
    }

    @Test func answersAreCheckedQuestionByQuestion() throws {
        let survey = try Self.custom.validated()
        let good = survey.check(raw: ["recommend": ["9"], "topics": ["health", "water", "water"], "channel": ["web"], "involved": ["4"],
                                      "anything": ["  <script>alert(1)</script> '; DROP TABLE surveys;-- "], "stray": ["x"]],
                                reasons: ["recommend": "Great\u{0007} work", "anything": "ignored: not a rating"])
        #expect(good.problems.isEmpty)
        #expect(good.answers.values == ["recommend": .number(9), "topics": .list(["water", "health"]), "channel": .text("web"), "involved": .number(4),
                                        "anything": .text("<script>alert(1)</script> '; DROP TABLE surveys;--")])
        #expect(good.answers.reasons == ["recommend": "Great work"])
        let bad = survey.check(raw: ["recommend": ["11"], "topics": ["water", "=cmd|' /C calc'!A0"], "channel": ["web", "friend"], "involved": ["four"],
                                     "anything": [String(repeating: "a", count: 5_001)]])
        #expect(bad.problems == ["recommend": .outOfRange, "topics": .unknownOption, "channel": .oneOnly, "involved": .notAWholeNumber, "anything": .tooLong])
        #expect(bad.answers.values.isEmpty)
        #expect(survey.check(raw: ["recommend": ["  "]]).problems == ["recommend": .required])
        #expect(survey.check(raw: ["recommend": ["7"]], reasons: ["recommend": String(repeating: "b", count: 5_001)]).problems == ["recommend": .tooLong])
    }

    @Test func aDetractorsAnswerBecomesFeedbackThatNeedsAFollowUp() throws {
        let survey = try Self.custom.validated(), time = Timestamp(iso8601: "2026-11-02T10:00:00Z")!
        let id = "0190a7c4-1234-7abc-8def-0123456789ab"
        let answers = SurveyAnswers(values: ["recommend": .number(3), "anything": .text("more photos")], reasons: ["recommend": "Nobody answered my emails"])
        let feedback = survey.feedback(from: answers, constituentId: id, language: .nl, at: time)
        #expect(feedback.count == 1)
        #expect(feedback[0].rating == 3 && feedback[0].scale == .nps && feedback[0].channel == .survey && feedback[0].language == .nl)
        #expect(feedback[0].text == "Nobody answered my emails" && feedback[0].recoveryReason == .detractor && feedback[0].receivedAt == time)
        let wordsOnly = survey.feedback(from: SurveyAnswers(values: ["anything": .text("Terrible, unacceptable service")]), constituentId: id, language: .en, at: time)
        #expect(wordsOnly.count == 1 && wordsOnly[0].rating == nil && wordsOnly[0].recoveryReason == .negativeSentiment)
        #expect(survey.feedback(from: SurveyAnswers(values: ["topics": .list(["water"])]), constituentId: id, language: .en, at: time).isEmpty)
    }

    /// Ten answers 10, 10, 9, 9, 9, 8, 7, 6, 3, 0: 5 promoters, 2 passives, 3 detractors, NPS = 50 − 30 = 20, mean 7.1.
    @Test func resultsTallyByHand() throws {
        let survey = try Self.custom.validated()
        let scores = [10, 10, 9, 9, 9, 8, 7, 6, 3, 0]
        var responses = scores.map { SurveyAnswers(values: ["recommend": .number($0)]) }
        responses[0].values["topics"] = .list(["water", "health"])
        responses[1].values["topics"] = .list(["water"])
        responses[2].values["channel"] = .text("friend")
        responses[8].reasons["recommend"] = "slow replies"
        responses[9].values["anything"] = .text("<b>bold</b>")
        responses[9].reasons["recommend"] = "charged twice"
        let results = SurveyResults(survey: survey, responses: responses)
        #expect(results.responses == 10)
        let nps = results.questions[0]
        #expect(nps.answers == 10 && nps.nps?.promoters == 5 && nps.nps?.passives == 2 && nps.nps?.detractors == 3 && nps.nps?.score == 20)
        #expect(nps.mean == 7.1 && nps.distribution.count == 11 && nps.distribution[9].count == 3 && nps.distribution[0].count == 1)
        #expect(nps.verbatims == ["charged twice", "slow replies"])
        #expect(results.questions[1].options == [OptionCount(key: "water", count: 2), OptionCount(key: "schools", count: 0), OptionCount(key: "health", count: 1)])
        #expect(results.questions[2].options.map(\.count) == [1, 0] && results.questions[2].answers == 1)
        #expect(results.questions[3].answers == 0 && results.questions[3].mean == nil && results.questions[3].distribution.map(\.count) == [0, 0, 0, 0, 0])
        #expect(results.questions[4].verbatims == ["<b>bold</b>"])
        #expect(SurveyResults(survey: survey, responses: []).questions[0].nps?.score == nil)
    }

    @Test func answerValuesReadAndWritePlainJSON() throws {
        let answers = SurveyAnswers(values: ["a": .number(3), "b": .text("x"), "c": .list(["p", "q"])], reasons: ["a": "why"])
        let data = try JSONEncoder().encode(answers)
        #expect(try JSONDecoder().decode(SurveyAnswers.self, from: data) == answers)
        #expect(SurveyAnswerValue.list(["p", "q"]).formValues == ["p", "q"] && SurveyAnswerValue.number(3).formValues == ["3"])
    }

    private static func issues(_ input: SurveyInput) -> [FieldIssue] {
        do { _ = try input.validated(); return [] } catch { return error.issues }
    }
}

/// The token bucket behind the public pages' rate limit.
@Suite struct TokenBucketTests {
    @Test func aBurstUpToCapacityThenOneTokenPerRefillInterval() {
        var bucket = TokenBucket(capacity: 3, period: 60, now: 0)
        #expect(bucket.take(now: 0) == nil && bucket.take(now: 0) == nil && bucket.take(now: 0) == nil)
        #expect(bucket.take(now: 0) == 20, "one token comes back every 60/3 = 20 seconds")
        #expect(bucket.take(now: 10) == 10)
        #expect(bucket.take(now: 20) == nil)
        #expect(bucket.take(2, now: 20) == 40)
        #expect(!bucket.isFull(at: 30) && bucket.isFull(at: 80))
        #expect(bucket.take(now: 10) == 20, "a clock going backwards adds nothing")
        var costly = TokenBucket(capacity: 2, period: 10, now: 0)
        #expect(costly.take(5, now: 0) == nil && costly.take(now: 0) == 5, "a cost above capacity takes a full bucket")
    }
}

/// The staff pulse's anonymity threshold: nothing shown under five answers, overall or per group, nor what the shown
/// groups leave over.
@Suite struct StaffPulseTests {
    static let survey = try! SurveyInput(name: "Pulse", template: .enps).validated()

    static func answers(_ groups: [(String, Int)]) -> [(group: String, answers: SurveyAnswers)] {
        groups.flatMap { group, count in (0..<count).map { (group: group, answers: SurveyAnswers(values: ["recommend_work": .number(8 + $0 % 3)])) } }
    }

    @Test func fewerThanFiveAnswersShowNothing() {
        #expect(Self.survey.audience == .staff && Self.survey.questions[0].kind == .nps)
        let four = PulseResults(survey: Self.survey, answers: Self.answers([("fundraiser", 3), ("admin", 1)]))
        #expect(four.responses == 4 && four.withheld && four.overall == nil && four.byGroup.isEmpty && four.groupsWithheld == 2)
        let lowered = PulseResults(survey: Self.survey, answers: Self.answers([("fundraiser", 4)]), minimum: 2)
        #expect(lowered.withheld && lowered.minimumGroup == 5, "the threshold cannot be lowered below five")
    }

    @Test func groupsAreShownOnlyWhenNoAnswerCanBeWorkedOutBySubtraction() {
        let five = PulseResults(survey: Self.survey, answers: Self.answers([("fundraiser", 5)]))
        #expect(!five.withheld && five.overall?.questions[0].answers == 5 && five.byGroup.map(\.key) == ["fundraiser"])
        let six = PulseResults(survey: Self.survey, answers: Self.answers([("fundraiser", 5), ("admin", 1)]))
        #expect(six.overall != nil && six.byGroup.isEmpty && six.groupsWithheld == 2, "overall − fundraisers would be the admin's answer")
        let ten = PulseResults(survey: Self.survey, answers: Self.answers([("fundraiser", 5), ("viewer", 5)]))
        #expect(ten.byGroup.map(\.key) == ["fundraiser", "viewer"] && ten.groupsWithheld == 0)
        let eleven = PulseResults(survey: Self.survey, answers: Self.answers([("fundraiser", 5), ("viewer", 5), ("admin", 1)]))
        #expect(eleven.byGroup.map(\.key) == ["viewer"] && eleven.groupsWithheld == 2, "the rest is then six answers, not one")
        let twelve = PulseResults(survey: Self.survey, answers: Self.answers([("fundraiser", 6), ("viewer", 5), ("admin", 5)]))
        #expect(twelve.byGroup.count == 3 && twelve.overall?.questions[0].nps?.answers == 16)
    }
}

/// Supporter event and idea validation.
@Suite struct SupporterEventInputTests {
    @Test func eventsAndIdeasAreChecked() throws {
        let start = Timestamp(iso8601: "2026-09-01T10:00:00Z")!
        let event = try SupporterEventInput(name: " Open day ", startsAt: start, endsAt: start.adding(milliseconds: 3_600_000), capacity: 40).validated()
        #expect(event.name == "Open day" && event.status == .open && event.capacity == 40)
        for bad in [SupporterEventInput(startsAt: start), SupporterEventInput(name: "x"), SupporterEventInput(name: "x", startsAt: start, endsAt: start.adding(milliseconds: -1)),
                    SupporterEventInput(name: "x", startsAt: start, capacity: 0), SupporterEventInput(name: "x", startsAt: start, surveyId: "survey")] {
            #expect(throws: ValidationFailure.self) { try bad.validated() }
        }
        #expect(try IdeaInput(title: "  Plant trees ").validated().title == "Plant trees")
        for bad in [IdeaInput(title: "ab"), IdeaInput(), IdeaInput(title: String(repeating: "x", count: 121)), IdeaInput(title: "Fine", campaignId: "c1")] {
            #expect(throws: ValidationFailure.self) { try bad.validated() }
        }
    }
}
