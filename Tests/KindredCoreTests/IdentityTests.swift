import KindredCore
import Testing

@Suite struct IdentityTests {
    @Test func namesCompareWithoutAccentsCaseOrOrder() {
        #expect(NameMatching.normalised("  Jansen, ANNA ") == "anna jansen")
        #expect(NameMatching.normalised("Hélène Dubois-Müller") == "dubois helene muller")
        #expect(NameMatching.similarity("martha", "marhta") > 0.96)
        #expect(NameMatching.similarity("anna jansen", "anna janssen") >= DuplicateRules.defaults.nameSimilarity)
        #expect(NameMatching.similarity("anna jansen", "piet peeters") < 0.7)
        #expect(NameMatching.similarity("", "") == 0)
        #expect(NameMatching.blockingKey("1234 ab") == "1234AB" && NameMatching.blockingKey(" - ") == nil)
    }

    @Test func scoresAddTheWeightsOfWhatMatched() {
        let rules = DuplicateRules.defaults
        let pair = DuplicatePair("b", "a", matched: [.email, .namePostalCode], rules: rules)
        #expect(pair.firstId == "a" && pair.score == 110 && pair.matched == [.email, .namePostalCode])
        #expect(rules.score([.phone]) < rules.suggestThreshold)
        #expect(rules.score([.email, .namePostalCode]) >= rules.mergeThreshold)
    }

    @Test func blocksYieldPairsWithoutComparingEveryone() {
        #expect(DuplicateBlocking.exactPairs(["c", "a", "b", "a"]).map { [$0.0, $0.1] } == [["a", "b"], ["a", "c"], ["b", "c"]])
        let big = (0..<200).map { "id\(1000 + $0)" }
        #expect(DuplicateBlocking.exactPairs(big).count == 199)
        let members = [BlockMember(id: "1", name: "anna jansen"), BlockMember(id: "2", name: "anna janssen"), BlockMember(id: "3", name: "piet peeters")]
        #expect(DuplicateBlocking.similarNames(members, threshold: 0.92).map { [$0.0, $0.1] } == [["1", "2"]])
    }

    @Test func aMergeKeepsTheSurvivorAndUnitesTheRest() throws {
        let survivor = try ConstituentInput(givenName: "Anna", familyName: "Jansen", emails: ["anna@example.org"], roles: [.donor],
                                            tags: ["Major"], customFields: ["size": "M"]).validated()
        let duplicate = try ConstituentInput(givenName: "Annie", familyName: "Jansen", emails: ["a.jansen@work.example", "anna@example.org"],
                                             phones: ["+31612345678"], address: PostalAddress(postalCode: "1234 AB"), roles: [.volunteer],
                                             tags: ["major", "Newsletter"], customFields: ["size": "L", "shoe": 38]).validated()
        let merged = MergePlan.merged(survivor: survivor, duplicate: duplicate, taking: [])
        #expect(merged.givenName == "Anna" && merged.address?.postalCode == "1234 AB")
        #expect(merged.emails == ["anna@example.org", "a.jansen@work.example"] && merged.phones == ["+31612345678"])
        #expect(merged.roles == [.donor, .volunteer] && merged.tags == ["Major", "Newsletter"])
        #expect(merged.customFields == ["size": "M", "shoe": 38])
        #expect(MergePlan.merged(survivor: survivor, duplicate: duplicate, taking: [.givenName]).givenName == "Annie")
    }
}
