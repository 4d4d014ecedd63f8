import KindredCore
import Testing

/// The sentiment scorer on labelled examples in English, Dutch and French; NPS and CSAT arithmetic on hand-worked
/// cases; the service-recovery rule; and feedback validation.
@Suite struct FeedbackTests {
    /// Labelled examples written for Kindred: what supporters say to a nonprofit, with negation, intensifiers,
    /// contrasts and hostile text among them.
    static let labelled: [(FeedbackLanguage, String, SentimentLabel)] = [
        (.en, "Thank you so much, the volunteers were wonderful and really friendly!", .positive),
        (.en, "The donation form was quick and easy. Great work.", .positive),
        (.en, "I am not happy with how my complaint was handled.", .negative),
        (.en, "I was charged twice and nobody answered my emails. Unacceptable.", .negative),
        (.en, "The newsletter isn't bad at all.", .positive),
        (.en, "It wasn't a good experience.", .negative),
        (.en, "The event was nice but the follow-up calls were pushy and annoying.", .negative),
        (.en, "The website was confusing at first, but your team was incredibly helpful.", .positive),
        (.en, "I received the letter on Tuesday.", .neutral),
        (.en, "Please stop sending me spam.", .negative),
        (.en, "<script>alert('great')</script> terrible service'; DROP TABLE feedback;--", .negative),
        (.en, "I don't recommend this charity any more.", .negative),
        (.nl, "Heel erg bedankt, de vrijwilligers waren geweldig!", .positive),
        (.nl, "Ik ben niet tevreden over de manier waarop mijn klacht is behandeld.", .negative),
        (.nl, "Het formulier was snel en duidelijk, prima geregeld.", .positive),
        (.nl, "Twee keer afgeschreven en niemand reageert. Onacceptabel.", .negative),
        (.nl, "De nieuwsbrief is helemaal niet slecht.", .positive),
        (.nl, "Geen goede ervaring met de telefonische werving.", .negative),
        (.nl, "Het evenement was leuk, maar de bellers waren opdringerig en onvriendelijk.", .negative),
        (.nl, "De website was verwarrend, maar jullie team was ontzettend behulpzaam.", .positive),
        (.nl, "Ik heb de brief op dinsdag ontvangen.", .neutral),
        (.nl, "Ik ben erg teleurgesteld.", .negative),
        (.fr, "Merci beaucoup, les bénévoles étaient formidables et très gentils !", .positive),
        (.fr, "Je ne suis pas satisfait du traitement de ma plainte.", .negative),
        (.fr, "Le formulaire de don était rapide et facile.", .positive),
        (.fr, "J'ai été prélevé deux fois et personne ne répond. C'est inacceptable.", .negative),
        (.fr, "La lettre d'information n'est pas mauvaise du tout.", .positive),
        (.fr, "Pas une bonne expérience.", .negative),
        (.fr, "L'événement était sympathique, mais les appels étaient insistants et agaçants.", .negative),
        (.fr, "Le site était confus, mais votre équipe a été vraiment efficace.", .positive),
        (.fr, "J'ai reçu la lettre mardi.", .neutral),
        (.fr, "Je suis très déçue.", .negative),
    ]

    @Test func labelledExamplesReadAsLabelledInEachLanguage() {
        for (language, text, label) in Self.labelled {
            let given = SentimentScorer.score(text, language: language)
            #expect(given.label == label, "\(language): \(text) scored \(given.score) from \(given.words)")
            #expect((-1...1).contains(given.score))
            let detected = SentimentScorer.score(text)
            #expect(detected.language == language && detected.label == label, "detected \(detected.language) for \(text)")
        }
    }

    @Test func negationTurnsAndWeakensAWordAndIsExplained() {
        let plain = SentimentScorer.score("good", language: .en), negated = SentimentScorer.score("not good", language: .en)
        #expect(plain.words.map(\.valence) == [2] && negated.words.map(\.valence) == [-1.5] && negated.words[0].negated)
        #expect(SentimentScorer.score("not at all good", language: .en).words[0].negated, "within three words")
        #expect(!SentimentScorer.score("not that I mind, the staff were good", language: .en).words[0].negated, "a comma ends the clause")
        #expect(SentimentScorer.score("very good", language: .en).words.map(\.valence) == [3])
        #expect(SentimentScorer.score("", language: .en).score == 0 && SentimentScorer.score("", language: .en).label == .neutral)
        let contrast = SentimentScorer.score("good but terrible", language: .en)
        #expect(abs(contrast.score - (2 * 0.5 - 4 * 1.5) / ((25.0) + 15).squareRoot()) < 1e-12)
    }

    @Test func npsArithmeticOnHandWorkedCases() {
        // 10 answers: 9, 10, 10 promoters (3); 7, 8 passives (2); 0, 3, 5, 6, 6 detractors (5) → 30 % − 50 % = −20.
        let nps = NetPromoterScore([9, 10, 10, 7, 8, 0, 3, 5, 6, 6])
        #expect(nps.promoters == 3 && nps.passives == 2 && nps.detractors == 5 && nps.score == -20)
        #expect(NetPromoterScore([10, 9, 9, 9]).score == 100 && NetPromoterScore([0]).score == -100)
        #expect(NetPromoterScore([7, 8]).score == 0 && NetPromoterScore([Int]()).score == nil)
        #expect(NetPromoterScore([11, -1, 10]).answers == 1, "answers off the scale are not answers")
        #expect(NPSCategory(score: 6) == .detractor && NPSCategory(score: 7) == .passive && NPSCategory(score: 9) == .promoter && NPSCategory(score: 11) == nil)
        // 2 of 3 answers at 4 or 5 → 66.7 %.
        let csat = SatisfactionScore([5, 4, 2, 0, 6])
        #expect(csat.answers == 3 && csat.satisfied == 2 && abs(csat.score! - 200.0 / 3) < 1e-12 && SatisfactionScore([]).score == nil)
    }

    @Test func unhappyFeedbackNeedsRecoveryInOrderOfPrecedence() throws {
        func reason(_ input: FeedbackInput) throws -> RecoveryReason? {
            var input = input
            input.constituentId = "0190f1a2-0000-7000-8000-000000000001"
            let fields = try input.validated()
            #expect(fields.sentiment == SentimentScorer.score(fields.text, language: fields.language))
            return fields.recoveryReason
        }
        #expect(try reason(FeedbackInput(channel: .email, text: "Wonderful", complaint: true)) == .complaint)
        #expect(try reason(FeedbackInput(channel: .survey, text: "Fine", rating: 6, scale: .nps)) == .detractor)
        #expect(try reason(FeedbackInput(channel: .survey, rating: 7, scale: .nps)) == nil)
        #expect(try reason(FeedbackInput(channel: .survey, rating: 2, scale: .csat)) == .lowSatisfaction)
        #expect(try reason(FeedbackInput(channel: .phone, text: "Rude and slow, very disappointed.", language: .en)) == .negativeSentiment)
        #expect(try reason(FeedbackInput(channel: .phone, text: "Lovely people.", language: .en)) == nil)
        #expect(try reason(FeedbackInput(channel: .web, text: "12345")) == nil, "no opinion words, no verdict")
    }

    @Test func feedbackValidationNamesEveryProblem() throws {
        let person = "0190f1a2-0000-7000-8000-000000000001"
        let fields = try FeedbackInput(constituentId: person, channel: .review, text: "  <b>Great</b>  ").validated()
        #expect(fields.text == "<b>Great</b>" && fields.receivedAt == nil && !fields.complaint && fields.sentiment.label == .positive)
        func problems(_ input: FeedbackInput) -> [String] {
            var input = input
            if input.constituentId == nil { input.constituentId = person }
            do { _ = try input.validated(); return [] } catch { return error.issues.map(\.field) }
        }
        #expect(problems(FeedbackInput(text: "x")) == ["channel"])
        #expect(problems(FeedbackInput(channel: .web)) == ["text"])
        #expect(problems(FeedbackInput(channel: .web, rating: 11, scale: .nps)) == ["rating"])
        #expect(problems(FeedbackInput(channel: .web, rating: 0, scale: .csat)) == ["rating"])
        #expect(problems(FeedbackInput(channel: .web, text: "x", rating: 3)) == ["scale"])
        #expect(problems(FeedbackInput(channel: .web, text: "x", scale: .nps)) == ["rating"])
        #expect(problems(FeedbackInput(constituentId: "not-an-id", channel: .web, text: "x")) == ["constituentId"])
        #expect(throws: ValidationFailure.self) { try FeedbackInput(channel: .web, text: "x").validated() }
        #expect(problems(FeedbackInput(channel: .web, text: String(repeating: "a", count: 10_001))) == ["text"])
    }
}

/// The feedback report's grouping and arithmetic on a hand-worked set.
@Suite struct FeedbackReportTests {
    @Test func figuresOverallByChannelAndByMonth() throws {
        let facts = [
            FeedbackFact(channel: .survey, month: "2026-05", rating: 10, scale: .nps, sentiment: .positive, needsFollowUp: false),
            FeedbackFact(channel: .survey, month: "2026-05", rating: 4, scale: .nps, sentiment: .negative, needsFollowUp: true),
            FeedbackFact(channel: .survey, month: "2026-06", rating: 8, scale: .nps, sentiment: .neutral, needsFollowUp: false),
            FeedbackFact(channel: .email, month: "2026-06", rating: 5, scale: .csat, sentiment: .positive, needsFollowUp: false),
            FeedbackFact(channel: .email, month: "2026-06", rating: 1, scale: .csat, sentiment: .negative, needsFollowUp: true),
            FeedbackFact(channel: .phone, month: "2026-04", rating: nil, scale: nil, sentiment: .negative, needsFollowUp: true),
        ]
        let report = FeedbackReport(from: CalendarDate(year: 2026, month: 1, day: 1)!, to: CalendarDate(year: 2026, month: 6, day: 30)!, facts: facts)
        // NPS: 1 promoter, 1 passive, 1 detractor of 3 → 0; CSAT: 1 of 2 → 50 %.
        #expect(report.overall.feedback == 6 && report.overall.nps.score == 0 && report.overall.csat.score == 50)
        #expect(report.overall.positive == 2 && report.overall.neutral == 1 && report.overall.negative == 3 && report.overall.needingFollowUp == 3)
        #expect(report.byChannel.map(\.key) == ["email", "phone", "survey"])
        #expect(report.byChannel.last?.figures.nps.score == 0 && report.byChannel.first?.figures.nps.score == nil)
        #expect(report.byMonth.map(\.key) == ["2026-04", "2026-05", "2026-06"] && report.byMonth[1].figures.nps.score == 0)
        #expect(FeedbackReport(from: report.from, to: report.to, facts: []).overall.nps.score == nil)
    }
}

/// The service-recovery settings and the next-answer outcome.
@Suite struct ServiceRecoverySettingsTests {
    @Test func settingsAreCheckedAndApplied() throws {
        #expect(try ServiceRecoverySettings.defaults.validated() == ServiceRecoverySettings.defaults)
        for bad in [ServiceRecoverySettings(sentimentThreshold: 0.2, businessDaysToFollowUp: 2), ServiceRecoverySettings(sentimentThreshold: .nan, businessDaysToFollowUp: 2),
                    ServiceRecoverySettings(sentimentThreshold: -0.3, businessDaysToFollowUp: 0), ServiceRecoverySettings(sentimentThreshold: -0.3, businessDaysToFollowUp: 31),
                    ServiceRecoverySettings(sentimentThreshold: -0.3, businessDaysToFollowUp: 2, escalationManagerId: "boss")] {
            #expect(throws: ValidationFailure.self) { try bad.validated() }
        }
        let words = try FeedbackInput(constituentId: "0190a7c4-1234-7abc-8def-0123456789ab", channel: .email, text: "Rather disappointing.").validated()
        #expect(words.recoveryReason == .negativeSentiment)
        #expect(ServiceRecoverySettings(sentimentThreshold: -1, businessDaysToFollowUp: 2).applied(to: words).recoveryReason == nil)
    }

    @Test func theNextAnswerTellsWhetherTheLoopWorked() {
        #expect(RecoveryOutcome.of(before: 3, later: [8, 2]) == .improved)
        #expect(RecoveryOutcome.of(before: 3, later: [3]) == .notImproved)
        #expect(RecoveryOutcome.of(before: 5, later: [1]) == .notImproved)
        #expect(RecoveryOutcome.of(before: 5, later: []) == .awaitingAnswer)
    }
}

/// The CX ROI arithmetic on a hand-worked case.
@Suite struct ExperienceReturnTests {
    /// Revenue next year 1,000 = 200 (promoter) + 100 (passive) + 700 (on fire, no answer); five quiet supporters are Cold.
    @Test func groupsByAnswerAndByEngagementLevel() {
        let facts = [
            ExperienceFact(category: .promoter, level: .hot, givenInYearMinor: 100, givenNextYearMinor: 200, lifetimeValueMinor: 1_000),
            ExperienceFact(category: .promoter, level: .warm, givenInYearMinor: 50, givenNextYearMinor: 0, lifetimeValueMinor: nil),
            ExperienceFact(category: .detractor, level: .cold, givenInYearMinor: 100, givenNextYearMinor: 0, lifetimeValueMinor: 300),
            ExperienceFact(category: .passive, level: .cool, givenInYearMinor: 0, givenNextYearMinor: 100, lifetimeValueMinor: nil),
            ExperienceFact(category: nil, level: .onFire, givenInYearMinor: 0, givenNextYearMinor: 700, lifetimeValueMinor: 2_000),
        ]
        let report = ExperienceReturn(year: 2025, currency: "EUR", nextYearComplete: false, facts: facts, others: 5)
        #expect(report.revenueNextYearMinor == 1_000 && report.byNPS.map(\.key) == ["promoter", "passive", "detractor"])
        let promoters = report.byNPS[0], passives = report.byNPS[1], detractors = report.byNPS[2]
        #expect(promoters.people == 2 && promoters.donorsInYear == 2 && promoters.retainedNextYear == 1 && promoters.retentionRate == 0.5)
        #expect(promoters.givingNextYearMinor == 200 && promoters.averageGivingNextYearMinor == 100 && promoters.shareOfRevenue == 0.2)
        #expect(promoters.predicted == 1 && promoters.averageLifetimeValueMinor == 1_000)
        #expect(passives.donorsInYear == 0 && passives.retentionRate == nil && passives.shareOfRevenue == 0.1 && passives.averageLifetimeValueMinor == nil)
        #expect(detractors.retentionRate == 0 && detractors.givingNextYearMinor == 0 && detractors.averageLifetimeValueMinor == 300)
        #expect(report.byEngagement.map(\.key) == ["cold", "cool", "warm", "hot", "on_fire"])
        #expect(report.byEngagement[0].people == 6 && report.byEngagement[0].donorsInYear == 1 && report.byEngagement[0].averageGivingNextYearMinor == 0)
        #expect(report.byEngagement[4].shareOfRevenue == 0.7 && report.byEngagement.map(\.people).reduce(0, +) == 10)
        let empty = ExperienceReturn(year: 2025, currency: "EUR", nextYearComplete: true, facts: [], others: 0)
        #expect(empty.byNPS.allSatisfy { $0.people == 0 && $0.averageGivingNextYearMinor == nil && $0.shareOfRevenue == nil })
    }
}
