/// What Kindred reads out of an event's context, traits and properties: the device, the referrer and UTM
/// fields, a gift, and a person's fields.
public enum EventEnrichment {
    /// The device class of a user agent: tablets first (iPad, Android without "Mobile"), then phones.
    public static func device(userAgent: String?) -> Device {
        guard let userAgent, !userAgent.isEmpty else { return .unknown }
        let agent = Array(userAgent.utf8.prefix(1024).map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 })
        func has(_ word: StaticString) -> Bool {
            let needle = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
            guard needle.count <= agent.count else { return false }
            return (0...(agent.count - needle.count)).contains { start in needle.indices.allSatisfy { agent[start + $0] == needle[$0] } }
        }
        if has("bot") || has("spider") || has("crawl") { return .unknown }
        if has("ipad") || has("tablet") || (has("android") && !has("mobile")) { return .tablet }
        if has("mobi") || has("iphone") || has("ipod") || has("android") { return .mobile }
        return .desktop
    }

    /// The referrer (`context.page.referrer`) and UTM fields (`context.campaign`: source, medium, name).
    public static func attribution(context: JSONValue.Object) -> GiftAttribution? {
        let page = context["page"]?.objectValue ?? [:], campaign = context["campaign"]?.objectValue ?? [:]
        let attribution = GiftAttribution(
            referrer: page["referrer"]?.stringValue, utmSource: campaign["source"]?.stringValue,
            utmMedium: campaign["medium"]?.stringValue, utmCampaign: campaign["name"]?.stringValue)
        return attribution == GiftAttribution() ? nil : attribution
    }

    /// The gift a donation event records for `constituentId`, or nil when it carries no amount and no currency.
    /// The gift's external id is the order id when there is one, else the message id, so a retry records it once.
    public static func gift(from message: TrackingMessage, constituentId: String) throws(MessageRejection) -> GiftFields? {
        let properties = message.properties
        let amountValue = ["amount", "revenue", "total", "value"].lazy.compactMap { properties[$0] }.first
        let currencyValue = properties["currency"]
        if amountValue == nil && currencyValue == nil { return nil }
        guard let currencyCode = currencyValue?.stringValue, let currency = Currency(code: currencyCode) else {
            throw MessageRejection("properties.currency must be an ISO 4217 currency code such as EUR to record a donation")
        }
        let amountMinor: Int64?
        switch amountValue {
        case .number(let number)?: amountMinor = DecimalAmount.minorUnits(number, currency: currency)
        case .string(let text)?: amountMinor = DecimalAmount.minorUnits(text, currency: currency)
        default: amountMinor = nil
        }
        guard let amountMinor else {
            throw MessageRejection("properties.amount must be a positive amount with at most \(currency.minorUnitDigits) decimals to record a donation")
        }
        let orderId = ["order_id", "orderId", "donation_id", "donationId"].lazy.compactMap { properties[$0]?.scalarText }.first
        let input = GiftInput(
            constituentId: constituentId, amountMinor: amountMinor, currency: currency, receivedAt: message.timestamp,
            channel: .online, paymentMethod: (properties["payment_method"] ?? properties["paymentMethod"])?.stringValue
                .flatMap { PaymentMethod(rawValue: $0.lowercased()) },
            device: device(userAgent: message.context["userAgent"]?.stringValue),
            attribution: attribution(context: message.context),
            softCredits: [], inKind: false, status: .completed,
            source: "event_api", externalId: orderId.map { "order:" + $0 } ?? "message:" + message.messageId)
        do {
            return try input.validated()
        } catch {
            throw MessageRejection("the donation is not valid: \(error.summary)")
        }
    }

    /// A constituent input from identify traits (`firstName`, `lastName`, `name`, `email`, `phone`, `address`,
    /// `language`), starting from `base` (the person as stored, or empty). Named traits replace; a new email or
    /// phone becomes the primary one and the others are kept.
    public static func constituent(traits: JSONValue.Object, base: ConstituentInput) throws(MessageRejection) -> ConstituentInput {
        var input = base
        func string(_ keys: String..., in object: JSONValue.Object = traits, path: String = "traits.") throws(MessageRejection) -> String? {
            for key in keys {
                guard let value = object[key], value != .null else { continue }
                guard case .string(let text) = value else { throw MessageRejection("\(path)\(key) must be a string") }
                if text.trimmingWhitespace().isEmpty { continue }
                return text
            }
            return nil
        }
        if let given = try string("firstName", "first_name") { input.givenName = given }
        if let family = try string("lastName", "last_name") { input.familyName = family }
        if let name = try string("name") { input.displayName = name }
        if let email = try string("email") { input.emails = [email] + (input.emails ?? []).filter { $0 != ContactNormalisation.email(email) } }
        if let phone = try string("phone") { input.phones = [phone] + (input.phones ?? []).filter { $0 != ContactNormalisation.phone(phone) } }
        if let language = try string("language", "locale"), let code = Language(rawValue: String(language.lowercased().prefix(2))) {
            input.preferredLanguage = code
        }
        if let address = traits["address"], address != .null {
            guard case .object(let parts) = address else { throw MessageRejection("traits.address must be a JSON object") }
            let path = "traits.address."
            let read = PostalAddress(
                line1: try string("street", "line1", in: parts, path: path), line2: try string("line2", in: parts, path: path),
                postalCode: try string("postalCode", "postal_code", in: parts, path: path), city: try string("city", in: parts, path: path),
                region: try string("state", "region", in: parts, path: path), country: try string("country", in: parts, path: path))
            if read != PostalAddress() { input.address = read }
        }
        if input.displayName == nil, input.givenName == nil, input.familyName == nil {
            input.displayName = input.emails?.first ?? "Unnamed supporter"
        }
        do {
            _ = try input.validated()
        } catch {
            throw MessageRejection("the traits are not valid: \(error.summary)")
        }
        return input
    }
}

extension JSONValue {
    /// The string, or nil when the value is not a string.
    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// A string or a whole number as text (ids are sent either way), else nil.
    public var scalarText: String? {
        switch self {
        case .string(let text): return text
        case .number(let number) where number.rounded() == number && abs(number) < 1e15: return String(Int64(number))
        default: return nil
        }
    }
}
