import Foundation
import KindredCore
@testable import KindredServer
import Testing

@Suite struct WebCatalogueTests {
    static let english = Set(Catalogue.english.keys)

    /// Every value of the closed vocabularies the pages show, and every default interaction type, has a name in all
    /// three languages.
    @Test func everyShownValueHasANameInEveryLanguage() {
        func values<V: Vocabulary>(_ type: V.Type, _ vocabulary: String) -> [String] { V.allCases.map { "\(vocabulary).\($0.rawValue)" } }
        let interactionTypes = Set(EngagementSettings.defaultWeights.keys).union(EventMapping.defaults.rules.values.map(\.interactionType))
        let wanted = values(GiftChannel.self, "gift_channel") + values(RecurringFrequency.self, "frequency") + values(ConsentChannel.self, "consent_channel")
            + values(GiftStatus.self, "gift_status") + values(Device.self, "device") + values(MatchRule.self, "match")
            + values(RelationshipKind.self, "relationship") + interactionTypes.map { "interaction.\($0)" }
        for key in wanted { #expect(VocabularyLabels.names[key] != nil, "no names for \(key)") }
        for (key, names) in VocabularyLabels.names { #expect(names.count == 3 && names.allSatisfy { !$0.isEmpty }, "\(key)") }
        #expect(VocabularyLabels.label("interaction", "bake_sale_helped", .fr) == "bake sale helped")
        #expect(VocabularyLabels.label("gift_channel", "peer_to_peer", .nl) == "Via een actievoerder")
    }

    /// Every key used anywhere must be in every catalogue, and the catalogues must hold the same keys.
    @Test func everyLanguageHasEveryString() {
        for (name, catalogue) in [("nl", Catalogue.dutch), ("fr", Catalogue.french)] {
            #expect(Set(catalogue.keys) == Self.english, "\(name) differs: missing \(Self.english.subtracting(catalogue.keys).sorted()), extra \(Set(catalogue.keys).subtracting(Self.english).sorted())")
            #expect(catalogue.values.allSatisfy { !$0.isEmpty }, "\(name) has an empty string")
        }
        let dynamic = LoyaltyLevel.allCases.map { "loyalty_\($0.rawValue)" } + EngagementLevel.allCases.map { "engagement_\($0.rawValue)" }
            + EngagementTrend.allCases.map { "trend_\($0.rawValue)" } + EngagementDimension.allCases.map { "dimension_\($0.rawValue)" }
            + SelfReportAgreement.allCases.map { "agreement_\($0.rawValue)" } + Language.allCases.map { "language_\($0.rawValue)" }
            + ["applied", "failed", "dry_run", "rejected", "running"].map { "import_status_\($0)" }
            + ConsentStatus.allCases.map { "consent_\($0.rawValue)" }
        #expect(Set(dynamic).subtracting(Self.english).isEmpty, "missing \(Set(dynamic).subtracting(Self.english).sorted())")
    }

    @Test func templatesUseOnlyDefinedStrings() throws {
        let pattern = try Regex(#"\{\{[#^/]?t\.([a-z0-9_]+)\}\}"#)
        for (name, template) in WebRenderer.templates {
            let keys = template.matches(of: pattern).map { String($0.output[1].substring!) }
            let defined = name.hasPrefix("public-") ? Self.publicKeys : Self.english
            #expect(!keys.isEmpty || name == "layout" || name == "error" || name == "public-message", "\(name) uses no strings")
            #expect(Set(keys).subtracting(defined).isEmpty, "\(name) uses undefined \(Set(keys).subtracting(defined).sorted())")
        }
    }

    static let publicKeys = Set(PublicCatalogue.texts.keys)

    /// The public pages' strings exist in all three languages, including those whose keys are built in code.
    @Test func publicPagesHaveEveryStringInEveryLanguage() {
        for (key, texts) in PublicCatalogue.texts { #expect(texts.count == 3 && texts.allSatisfy { !$0.isEmpty }, "\(key)") }
        let dynamic = SurveyAnswerProblem.allCases.map { "problem_\($0.rawValue)" }
            + ["thanks", "answered", "closed", "unknown", "busy", "too_long"].flatMap { ["\($0)_title", "\($0)_text"] }
        #expect(Set(dynamic).subtracting(Self.publicKeys).isEmpty, "missing \(Set(dynamic).subtracting(Self.publicKeys).sorted())")
        #expect(PublicCatalogue.strings(.fr)["send"] == "Envoyer" && PublicCatalogue.strings(.nl)["send"] == "Versturen")
    }

    @Test func swiftCodeUsesOnlyDefinedStrings() throws {
        let web = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Sources/KindredServer/Web").standardized
        let files = try FileManager.default.contentsOfDirectory(atPath: web.path).filter { $0.hasSuffix(".swift") && !$0.hasPrefix("Catalogue") }
        #expect(files.count >= 10)
        let patterns = try [#"t\["([a-z0-9_]+)"\]"#, #"text\("([a-z0-9_]+)""#, #"[kK]ey: "([a-z0-9_]+)""#, #"chrome\("([a-z0-9_]+)""#,
                            #"chart\("[a-z-]+", "([a-z0-9_]+)""#].map { try Regex($0) }
        var used: Set<String> = [], usedPublicly: Set<String> = []
        for file in files {
            let source = try String(contentsOf: web.appendingPathComponent(file), encoding: .utf8)
            for pattern in patterns {
                let keys = source.matches(of: pattern).map { String($0.output[1].substring!) }
                if file.hasPrefix("Public") { usedPublicly.formUnion(keys) } else { used.formUnion(keys) }
            }
        }
        #expect(usedPublicly.subtracting(Self.publicKeys).isEmpty, "undefined on public pages: \(usedPublicly.subtracting(Self.publicKeys).sorted())")
        #expect(used.count >= 20)
        #expect(used.subtracting(Self.english).isEmpty, "undefined: \(used.subtracting(Self.english).sorted())")
    }

    @Test func numbersMoneyAndDatesFollowTheLanguage() {
        #expect(WebFormat.money(123_450, "EUR", .en) == "€1,234.50")
        #expect(WebFormat.money(123_450, "EUR", .nl).contains("1.234,50"))
        #expect(WebFormat.money(123_450, "EUR", .fr).replacingOccurrences(of: "\u{202F}", with: " ").replacingOccurrences(of: "\u{A0}", with: " ") == "1 234,50 €")
        #expect(WebFormat.money(500, "JPY", .en) == "JP¥500" || WebFormat.money(500, "JPY", .en) == "¥500")
        #expect(WebFormat.number(1_234_567, .nl) == "1.234.567")
        #expect(WebFormat.percent(0.4638, .en) == "46.4%" && WebFormat.percent(nil, .fr) == "–")
        let march = Timestamp(iso8601: "2026-03-03T12:00:00Z")!
        #expect(WebFormat.date(march, .en, timeZone: TimeZone(identifier: "UTC")!) == "3 March 2026")
        #expect(WebFormat.date(march, .nl, timeZone: TimeZone(identifier: "UTC")!) == "3 maart 2026")
        #expect(WebFormat.date(march, .fr, timeZone: TimeZone(identifier: "UTC")!) == "3 mars 2026")
    }

    @Test func chartsEscapeEveryLabel() {
        let svg = SVGChart.bars(id: "c", title: "<b>t</b>", labelHeading: "L", valueHeading: "V",
                                bars: [ChartBar(label: "<script>alert(1)</script>", value: 1, display: "\"1\"")], empty: "none")
        #expect(!svg.contains("<script>") && !svg.contains("<b>") && svg.contains("&lt;script&gt;") && svg.contains("&quot;1&quot;"))
        #expect(svg.contains("role=\"img\"") && svg.contains("<title id=\"c-title\">") && svg.contains("<table>"))
        #expect(SVGChart.bars(id: "e", title: "T", labelHeading: "L", valueHeading: "V", bars: [], empty: "none").contains("none"))
    }
}
