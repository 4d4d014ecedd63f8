/// A postal address; `country` is an ISO 3166-1 alpha-2 code.
public struct PostalAddress: Sendable, Hashable, Codable {
    /// Street and number.
    public var line1: String?
    /// Second address line.
    public var line2: String?
    /// Postal code.
    public var postalCode: String?
    /// City or town.
    public var city: String?
    /// Region, province or state.
    public var region: String?
    /// ISO 3166-1 alpha-2 country code, upper case.
    public var country: String?

    /// Creates a value from its parts.
    public init(line1: String? = nil, line2: String? = nil, postalCode: String? = nil, city: String? = nil, region: String? = nil, country: String? = nil) {
        self.line1 = line1
        self.line2 = line2
        self.postalCode = postalCode
        self.city = city
        self.region = region
        self.country = country
    }
}

/// The validated fields of a constituent: a person or an organisation the nonprofit knows.
public struct ConstituentFields: Sendable, Hashable, Codable {
    /// Person or organisation.
    public var kind: ConstituentKind
    /// Given (first) name.
    public var givenName: String?
    /// Family (last) name.
    public var familyName: String?
    /// The name shown everywhere; derived from the names of a person when not given.
    public var displayName: String
    /// Normalised email addresses, primary first.
    public var emails: [String]
    /// E.164 phone numbers, primary first.
    public var phones: [String]
    /// Postal address.
    public var address: PostalAddress?
    /// The language to write to them in.
    public var preferredLanguage: Language
    /// Roles held, sorted.
    public var roles: [ConstituentRole]
    /// Free tags.
    public var tags: [String]
    /// Organisation-defined fields with scalar values.
    public var customFields: [String: JSONValue]
    /// The household the constituent belongs to.
    public var householdId: String?
    /// The staff user who looks after this supporter (follow-ups go to them first), if any.
    public var accountOwnerId: String?
    /// The system the record came from.
    public var source: String?
    /// The record's id in that system.
    public var externalId: String?

    /// True when the record holds sensitive client data (a client or a caregiver).
    public var isSensitive: Bool { !ConstituentRole.sensitive.isDisjoint(with: roles) }

    /// Creates a value from its parts.
    public init(kind: ConstituentKind, givenName: String? = nil, familyName: String? = nil, displayName: String, emails: [String], phones: [String], address: PostalAddress? = nil, preferredLanguage: Language, roles: [ConstituentRole], tags: [String], customFields: [String: JSONValue], householdId: String? = nil, source: String? = nil, externalId: String? = nil,
                accountOwnerId: String? = nil) {
        self.accountOwnerId = accountOwnerId
        self.kind = kind
        self.givenName = givenName
        self.familyName = familyName
        self.displayName = displayName
        self.emails = emails
        self.phones = phones
        self.address = address
        self.preferredLanguage = preferredLanguage
        self.roles = roles
        self.tags = tags
        self.customFields = customFields
        self.householdId = householdId
        self.source = source
        self.externalId = externalId
    }
}

/// A constituent as sent to the API: every field optional until validated.
public struct ConstituentInput: RecordInput {
    /// `ConstituentFields.kind`, as sent; checked by `validated()`.
    public var kind: ConstituentKind?
    /// `ConstituentFields.givenName`, as sent; checked by `validated()`.
    public var givenName: String?
    /// `ConstituentFields.familyName`, as sent; checked by `validated()`.
    public var familyName: String?
    /// `ConstituentFields.displayName`, as sent; checked by `validated()`.
    public var displayName: String?
    /// `ConstituentFields.emails`, as sent; checked by `validated()`.
    public var emails: [String]?
    /// `ConstituentFields.phones`, as sent; checked by `validated()`.
    public var phones: [String]?
    /// `ConstituentFields.address`, as sent; checked by `validated()`.
    public var address: PostalAddress?
    /// `ConstituentFields.preferredLanguage`, as sent; checked by `validated()`.
    public var preferredLanguage: Language?
    /// `ConstituentFields.roles`, as sent; checked by `validated()`.
    public var roles: [ConstituentRole]?
    /// `ConstituentFields.tags`, as sent; checked by `validated()`.
    public var tags: [String]?
    /// `ConstituentFields.customFields`, as sent; checked by `validated()`.
    public var customFields: [String: JSONValue]?
    /// `ConstituentFields.householdId`, as sent; checked by `validated()`.
    public var householdId: String?
    /// `ConstituentFields.accountOwnerId`, as sent: a staff user's id.
    public var accountOwnerId: String?
    /// `ConstituentFields.source`, as sent; checked by `validated()`.
    public var source: String?
    /// `ConstituentFields.externalId`, as sent; checked by `validated()`.
    public var externalId: String?

    /// Creates an input; used by importers and the demo generator.
    public init(kind: ConstituentKind? = nil, givenName: String? = nil, familyName: String? = nil, displayName: String? = nil,
                emails: [String]? = nil, phones: [String]? = nil, address: PostalAddress? = nil,
                preferredLanguage: Language? = nil, roles: [ConstituentRole]? = nil, tags: [String]? = nil,
                customFields: [String: JSONValue]? = nil, householdId: String? = nil, source: String? = nil, externalId: String? = nil,
                accountOwnerId: String? = nil) {
        self.accountOwnerId = accountOwnerId
        self.kind = kind; self.givenName = givenName; self.familyName = familyName; self.displayName = displayName
        self.emails = emails; self.phones = phones; self.address = address; self.preferredLanguage = preferredLanguage
        self.roles = roles; self.tags = tags; self.customFields = customFields; self.householdId = householdId
        self.source = source; self.externalId = externalId
    }

    /// The input that validates back to `fields`: the base of an update built on a stored record.
    public init(_ fields: ConstituentFields) {
        self.init(kind: fields.kind, givenName: fields.givenName, familyName: fields.familyName, displayName: fields.displayName,
                  emails: fields.emails, phones: fields.phones, address: fields.address, preferredLanguage: fields.preferredLanguage,
                  roles: fields.roles, tags: fields.tags, customFields: fields.customFields, householdId: fields.householdId,
                  source: fields.source, externalId: fields.externalId, accountOwnerId: fields.accountOwnerId)
    }

    /// Validates names, contact details, address, custom fields and references.
    public func validated() throws(ValidationFailure) -> ConstituentFields {
        var issues = IssueCollector()
        let kind = self.kind ?? .person
        let given = issues.text(givenName, "givenName", maxLength: 100)
        let family = issues.text(familyName, "familyName", maxLength: 100)
        var display = issues.text(displayName, "displayName", maxLength: 200)
        if display == nil {
            let derived = [given, family].compactMap { $0 }.joined(separator: " ")
            if derived.isEmpty {
                issues.add("displayName", kind == .organisation ? "is required for an organisation" : "is required when there is no given or family name")
            } else {
                display = derived
            }
        }
        let fields = ConstituentFields(
            kind: kind, givenName: given, familyName: family, displayName: display ?? "",
            emails: Self.unique(emails, "emails", &issues, message: "is not a valid email address", normalise: ContactNormalisation.email),
            phones: Self.unique(phones, "phones", &issues, message: "must be a phone number with its country code, e.g. +31 6 1234 5678",
                                normalise: ContactNormalisation.phone),
            address: Self.validatedAddress(address, &issues),
            preferredLanguage: preferredLanguage ?? .en,
            roles: Array(Set(roles ?? [])).sorted { $0.rawValue < $1.rawValue },
            tags: issues.labels(tags, "tags"),
            customFields: Self.validatedCustomFields(customFields, &issues),
            householdId: issues.identifier(householdId, "householdId"),
            source: nil, externalId: nil, accountOwnerId: issues.identifier(accountOwnerId, "accountOwnerId"))
        var result = fields
        (result.source, result.externalId) = issues.externalReference(source: source, externalId: externalId)
        try issues.throwIfAny()
        return result
    }

    private static func unique(_ values: [String]?, _ field: String, _ issues: inout IssueCollector,
                               message: String, normalise: (String) -> String?) -> [String] {
        var result: [String] = []
        for (index, raw) in (values ?? []).enumerated() {
            guard let normalised = normalise(raw) else {
                issues.add("\(field)[\(index)]", message)
                continue
            }
            if !result.contains(normalised) { result.append(normalised) }
        }
        if result.count > 20 { issues.add(field, "must have at most 20 entries") }
        return result
    }

    private static func validatedAddress(_ address: PostalAddress?, _ issues: inout IssueCollector) -> PostalAddress? {
        guard let address else { return nil }
        var result = PostalAddress(
            line1: issues.text(address.line1, "address.line1"), line2: issues.text(address.line2, "address.line2"),
            postalCode: issues.text(address.postalCode, "address.postalCode", maxLength: 20),
            city: issues.text(address.city, "address.city", maxLength: 100),
            region: issues.text(address.region, "address.region", maxLength: 100),
            country: issues.text(address.country, "address.country", maxLength: 2)?.uppercased())
        if let country = result.country, country.count != 2 || !country.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) }) {
            issues.add("address.country", "must be an ISO 3166-1 alpha-2 country code such as NL")
            result.country = nil
        }
        let isEmpty = [result.line1, result.line2, result.postalCode, result.city, result.region, result.country].allSatisfy { $0 == nil }
        return isEmpty ? nil : result
    }

    private static func validatedCustomFields(_ fields: [String: JSONValue]?, _ issues: inout IssueCollector) -> [String: JSONValue] {
        guard let fields else { return [:] }
        if fields.count > 100 { issues.add("customFields", "must have at most 100 fields") }
        for (key, value) in fields {
            let validKey = (1...64).contains(key.count)
                && key.unicodeScalars.allSatisfy { $0.isASCIIAlphanumeric || $0 == "_" || $0 == "-" }
            if !validKey { issues.add("customFields", "field names must be 1–64 letters, digits, _ or -") }
            if !value.isScalar { issues.add("customFields.\(key)", "must be a string, number, boolean or null") }
            if case .string(let text) = value, text.count > 2000 { issues.add("customFields.\(key)", "must be at most 2000 characters") }
        }
        return fields.filter { $0.value != .null }
    }
}
