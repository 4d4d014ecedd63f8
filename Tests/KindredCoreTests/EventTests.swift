import KindredCore
import Testing

@Suite struct TrackingMessageTests {
    let now = Timestamp(iso8601: "2026-06-15T12:00:00Z")!

    func parse(_ value: JSONValue, expected: TrackingCall? = nil, size: Int = 100) throws(MessageRejection) -> TrackingMessage {
        try TrackingMessageParser.parse(value, byteCount: size, expected: expected, receivedAt: now, newMessageId: { "generated" })
    }

    func reason(_ value: JSONValue, expected: TrackingCall? = nil, size: Int = 100) -> String? {
        do {
            _ = try parse(value, expected: expected, size: size)
            return nil
        } catch {
            return error.reason
        }
    }

    @Test func aTrackCallKeepsEveryField() throws {
        let message = try parse(["type": "track", "userId": "u-1", "anonymousId": "a-1", "event": "Article Read", "messageId": "m-1",
                                 "properties": ["title": "<script>x</script>"], "context": ["userAgent": "curl"],
                                 "timestamp": "2025-01-02T03:04:05+01:00"], expected: .track)
        #expect(message.type == .track && message.name == "Article Read" && message.messageId == "m-1")
        #expect(message.userId == "u-1" && message.anonymousId == "a-1")
        #expect(message.properties["title"] == .string("<script>x</script>"))
        #expect(message.timestamp == Timestamp(iso8601: "2025-01-02T02:04:05Z"))
    }

    @Test func missingMessageIdAndTimestampAreFilledIn() throws {
        let message = try parse(["type": "page", "anonymousId": "a"])
        #expect(message.messageId == "generated")
        #expect(message.timestamp == now)
    }

    @Test func invalidCallsAreRefusedWithTheReason() {
        #expect(reason(["userId": "u", "event": "x"])?.contains("type is required") == true)
        #expect(reason(["type": "group", "userId": "u"])?.contains("type must be one of") == true)
        #expect(reason(["type": "track", "event": "x"]) == "userId or anonymousId is required")
        #expect(reason(["type": "track", "userId": "u"]) == "event is required for a track call")
        #expect(reason(["type": "track", "userId": 42, "event": "x"]) == "userId must be a string")
        #expect(reason(["type": "track", "userId": "  ", "event": "x"]) == "userId must not be empty")
        #expect(reason(["type": "track", "userId": "u", "event": "x", "properties": [1]]) == "properties must be a JSON object")
        #expect(reason(["type": "track", "userId": "u", "event": "x", "timestamp": "yesterday"])?.hasPrefix("timestamp must be") == true)
        #expect(reason(["type": "alias", "userId": "u"]) == "an alias call needs both previousId and userId")
        #expect(reason(["type": "identify", "userId": "u"], expected: .track)?.contains("accepts only \"track\"") == true)
        #expect(reason("just text") == "a message must be a JSON object")
        #expect(reason(["type": "track", "userId": "u", "event": .string(String(repeating: "x", count: 201))]) != nil)
        #expect(reason(["type": "track", "userId": "u\u{0}", "event": "x"]) == "userId must not contain control characters")
    }

    @Test func oversizeMessagesAreMarkedTooLarge() throws {
        do {
            _ = try parse(["type": "page", "anonymousId": "a"], size: TrackingMessageParser.maxMessageBytes + 1)
            Issue.record("accepted an oversize message")
        } catch {
            #expect(error.isTooLarge)
        }
    }

    @Test func sizeEstimateIsCloseToTheJSON() {
        let value: JSONValue = ["a": "xyz", "b": [1, true, .null]]
        #expect(value.encodedSizeEstimate == #"{"a":"xyz","b":[1.0,true,null]}"#.utf8.count)
    }
}

@Suite struct EventMappingTests {
    @Test func everyNamedEventHasADefault() {
        let names = ["Email Opened", "Email Link Clicked", "Email Forwarded", "Newsletter Subscribed", "Newsletter Unsubscribed",
                     "Article Read", "Page Viewed", "Post Liked", "Post Shared", "Comment Posted", "Donation Form Started",
                     "Donation Form Error", "Donation Completed", "Site Searched", "Event Registered", "Event Attended",
                     "Volunteer Shift Completed", "Survey Answered", "Feedback Given", "Fundraising Page Created"]
        for name in names { #expect(EventMapping.defaults.rules[name] != nil, "\(name)") }
        #expect(EventMapping.defaults.rule(for: "email_forwarded").dimension == .advocacy)
        #expect(EventMapping.defaults.rule(for: "Newsletter Unsubscribed").negative)
        #expect(EventMapping.defaults.rule(for: "donation completed").createsGift)
    }

    @Test func unknownNamesBecomeTheirOwnSnakeCaseType() {
        #expect(EventMapping.defaults.rule(for: "Cart Viewed!").interactionType == "cart_viewed")
        #expect(EventMapping.defaults.rule(for: "<script>alert(1)</script>").interactionType == "script_alert_1_script")
        #expect(EventMapping.defaults.rule(for: "2024 Gala").interactionType == "event_2024_gala")
        #expect(EventMapping.defaults.rule(for: "Cart Viewed").dimension == nil)
    }

    @Test func overridesReplaceTheDefault() throws {
        let overrides = try EventMapping.validated(["article read": EventRule(interactionType: "story_read", channel: "web", dimension: .voice)])
        let mapping = EventMapping.defaults.overridden(by: overrides)
        #expect(mapping.rule(for: "Article Read").interactionType == "story_read")
        #expect(mapping.rules.count == EventMapping.defaults.rules.count)
        #expect(throws: ValidationFailure.self) {
            try EventMapping.validated(["x": EventRule(interactionType: "Not Snake", channel: "web", dimension: nil)])
        }
    }
}

@Suite struct EventEnrichmentTests {
    let eur = Currency(code: "EUR")!

    @Test func devicesFromUserAgents() {
        #expect(EventEnrichment.device(userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148") == .mobile)
        #expect(EventEnrichment.device(userAgent: "Mozilla/5.0 (Linux; Android 14; Pixel 8) Mobile Safari/537.36") == .mobile)
        #expect(EventEnrichment.device(userAgent: "Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X)") == .tablet)
        #expect(EventEnrichment.device(userAgent: "Mozilla/5.0 (Linux; Android 13; SM-X200) Safari/537.36") == .tablet)
        #expect(EventEnrichment.device(userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120") == .desktop)
        #expect(EventEnrichment.device(userAgent: "Googlebot/2.1") == .unknown)
        #expect(EventEnrichment.device(userAgent: nil) == .unknown)
    }

    func donation(_ properties: JSONValue.Object, context: JSONValue.Object = [:]) throws(MessageRejection) -> GiftFields? {
        let message = TrackingMessage(type: .track, messageId: "m-9", userId: "u", name: "Donation Completed",
                                      properties: properties, context: context, timestamp: Timestamp(millisecondsSinceEpoch: 0))
        return try EventEnrichment.gift(from: message, constituentId: "01890000-0000-7000-8000-000000000000")
    }

    @Test func aDonationBecomesAGiftWithDeviceAndAttribution() throws {
        let gift = try #require(try donation(
            ["amount": "25,50", "currency": "eur", "order_id": 1234, "payment_method": "iDEAL"],
            context: ["userAgent": "Mozilla/5.0 (iPad)", "page": ["referrer": "https://news.example/"],
                      "campaign": ["source": "newsletter", "medium": "email", "name": "spring"]]))
        #expect(gift.amountMinor == 2550 && gift.currency == eur && gift.device == .tablet && gift.paymentMethod == .ideal)
        #expect(gift.attribution == GiftAttribution(referrer: "https://news.example/", utmSource: "newsletter", utmMedium: "email", utmCampaign: "spring"))
        #expect(gift.source == "event_api" && gift.externalId == "order:1234")
        #expect(try donation(["revenue": 10, "currency": "EUR"])?.externalId == "message:m-9")
        #expect(try donation(["title": "no money"]) == nil)
    }

    @Test func aDonationWithABadAmountOrCurrencyIsRefused() {
        #expect(throws: MessageRejection.self) { try donation(["amount": 10]) }
        #expect(throws: MessageRejection.self) { try donation(["amount": 10, "currency": "XXX"]) }
        #expect(throws: MessageRejection.self) { try donation(["amount": -5, "currency": "EUR"]) }
        #expect(throws: MessageRejection.self) { try donation(["amount": .number(10.005), "currency": "EUR"]) }
        #expect(throws: MessageRejection.self) { try donation(["amount": "=1+1", "currency": "EUR"]) }
    }

    @Test func traitsFillAPersonAndKeepOlderContacts() throws {
        let base = ConstituentInput(givenName: "Anna", emails: ["old@example.org"])
        let input = try EventEnrichment.constituent(
            traits: ["firstName": "Ann", "lastName": "Jansen", "email": "NEW@example.org", "language": "nl-BE",
                     "address": ["street": "Dorpstraat 1", "postalCode": "1234 AB", "city": "Utrecht", "country": "nl"]], base: base)
        let fields = try input.validated()
        #expect(fields.displayName == "Ann Jansen" && fields.emails == ["new@example.org", "old@example.org"])
        #expect(fields.preferredLanguage == .nl && fields.address?.country == "NL")
        #expect(try EventEnrichment.constituent(traits: [:], base: ConstituentInput()).displayName == "Unnamed supporter")
        #expect(throws: MessageRejection.self) { try EventEnrichment.constituent(traits: ["email": 5], base: base) }
        #expect(throws: MessageRejection.self) { try EventEnrichment.constituent(traits: ["email": "not an email"], base: base) }
    }
}

@Suite struct DecimalAmountTests {
    let eur = Currency(code: "EUR")!, jpy = Currency(code: "JPY")!, kwd = Currency(code: "KWD")!

    @Test func writtenAmounts() {
        #expect(DecimalAmount.minorUnits("25.00", currency: eur) == 2500)
        #expect(DecimalAmount.minorUnits("25,5", currency: eur) == 2550)
        #expect(DecimalAmount.minorUnits("1.234,56", currency: eur) == 123_456)
        #expect(DecimalAmount.minorUnits("1,234.56", currency: eur) == 123_456)
        #expect(DecimalAmount.minorUnits("1 234,56", currency: eur) == 123_456)
        #expect(DecimalAmount.minorUnits("1.234", currency: eur) == 123_400)
        #expect(DecimalAmount.minorUnits("1.234", currency: kwd) == 1234)
        #expect(DecimalAmount.minorUnits("500", currency: jpy) == 500)
        #expect(DecimalAmount.minorUnits("25,00", currency: eur, separator: ",") == 2500)
        #expect(DecimalAmount.minorUnits("25,00", currency: eur, separator: ".") == nil)
    }

    @Test func badAmountsAreRefused() {
        for text in ["", "-5", "0", "0,00", "1.2.3,4", "12,345,6", "abc", "=1+1", "1e5", "25.0001", "5.5", "99999999999999999"] {
            let currency = text == "5.5" ? jpy : eur
            #expect(DecimalAmount.minorUnits(text, currency: currency) == nil, "\(text)")
        }
    }

    @Test func numbers() {
        #expect(DecimalAmount.minorUnits(25.1, currency: eur) == 2510)
        #expect(DecimalAmount.minorUnits(0.1 + 0.2, currency: eur) == 30)
        #expect(DecimalAmount.minorUnits(25.123, currency: eur) == nil)
        #expect(DecimalAmount.minorUnits(.infinity, currency: eur) == nil)
        #expect(DecimalAmount.minorUnits(0, currency: eur) == nil)
    }
}

@Suite struct DecimalTextTests {
    @Test func minorUnitsAsText() {
        #expect(DecimalAmount.text(2550, currency: Currency(code: "EUR")!) == "25.50")
        #expect(DecimalAmount.text(5, currency: Currency(code: "EUR")!) == "0.05")
        #expect(DecimalAmount.text(500, currency: Currency(code: "JPY")!) == "500")
        #expect(DecimalAmount.text(1234, currency: Currency(code: "KWD")!) == "1.234")
    }
}

@Suite struct JSONTextTests {
    @Test func readsWhatFoundationReads() throws {
        let text = #"{"a": [1, -2.5e3, true, false, null], "b": "é \"q\" \u00e9 \ud83d\ude00 \n", "c": {}, "d": []}"#
        let value = try JSONText.parse(Array(text.utf8))
        #expect(value == ["a": [1, -2500, true, false, .null], "b": "é \"q\" é 😀 \n", "c": [:], "d": []])
        #expect(try JSONText.parse(Array(JSONText.serialize(value).utf8)) == value)
        #expect(JSONText.serialize(["b": 1, "a": "x\u{1}"]) == #"{"a":"x\u0001","b":1}"#)
    }

    @Test func refusesWhatIsNotJSON() {
        for text in ["", "{", "[1,]", "{\"a\" 1}", "01", "1.", "nul", "\"\u{1}\"", "[1] x", "{\"a\":1,}", "\"\\x\"", "-", "1e"] {
            #expect(throws: JSONText.SyntaxError.self, "\(text)") { try JSONText.parse(Array(text.utf8)) }
        }
        #expect(throws: JSONText.SyntaxError.self) { try JSONText.parse([0x22, 0xFF, 0x22]) }
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONText.SyntaxError.self) { try JSONText.parse(Array(deep.utf8)) }
        let fine = String(repeating: "[", count: JSONText.maxDepth) + String(repeating: "]", count: JSONText.maxDepth)
        #expect(throws: Never.self) { try JSONText.parse(Array(fine.utf8)) }
    }
}
