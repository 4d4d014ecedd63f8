import Foundation

/// One problem with one row of an import: the file line, the column and the reason.
public struct RowIssue: Error, Sendable, Hashable, Codable {
    /// The line of the file the row starts on (the header is line 1).
    public let row: Int
    /// The Kindred column (or `row` for the whole row).
    public let column: String
    /// What is wrong.
    public let reason: String

    /// Creates an issue.
    public init(row: Int, column: String, reason: String) {
        self.row = row
        self.column = column
        self.reason = reason
    }
}

/// Every problem with one row.
public struct RowIssues: Error, Sendable, Hashable {
    /// The problems.
    public let issues: [RowIssue]

    /// Wraps the problems.
    public init(_ issues: [RowIssue]) {
        self.issues = issues
    }
}

/// A gift row, read and checked: the donor as the file knows them, the gift, and what it names.
public struct GiftRow: Sendable, Hashable {
    /// The donor's id in the file's source.
    public var donorExternalId: String
    /// The donor as the row describes them, used when they are not yet known.
    public var donor: ConstituentFields
    /// The gift; `constituentId` is filled in when the donor is found.
    public var gift: GiftFields
    /// The campaign's code or name.
    public var campaign: String?
    /// The project's code or name.
    public var project: String?
    /// Who is soft-credited, by their id in the source.
    public var softCreditExternalId: String?
    /// The plan frequency when the gift is part of a recurring plan.
    public var recurring: RecurringFrequency?
    /// Newsletter consent given with the gift.
    public var newsletter: Bool?
}

/// An interaction row, read and checked.
public struct InteractionRow: Sendable, Hashable {
    /// The person's id in the file's source.
    public var personExternalId: String
    /// The person as the row describes them.
    public var person: ConstituentFields
    /// The interaction; `constituentId` is filled in when the person is found.
    public var interaction: InteractionFields
}

/// Reads rows of the generic formats (and the presets, through the layout) into checked records.
public struct ImportRowReader: Sendable {
    /// Where the columns are.
    public let layout: ImportLayout
    /// The source records are tagged with.
    public let source: String
    /// The organisation's time zone, for dates without an offset.
    public let timeZone: TimeZone
    private static let placeholderId = "00000000-0000-7000-8000-000000000000"

    /// Creates a reader.
    public init(layout: ImportLayout, source: String, timeZone: TimeZone) {
        self.layout = layout
        self.source = source
        self.timeZone = timeZone
    }

    /// A gift row, or every problem with it. Without an `external_id`, `contentKey` (see `ImportKeys`) is used.
    public func gift(_ record: CSVRecord, contentKey: (CSVRecord) -> String) -> Result<GiftRow, RowIssues> {
        var issues: [RowIssue] = []
        func fail(_ column: String, _ reason: String) { issues.append(RowIssue(row: record.line, column: column, reason: reason)) }
        let donorId = layout.value("constituent_external_id", in: record)
        if donorId == nil { fail("constituent_external_id", "is required") }
        let currency = layout.value("currency", in: record).flatMap(Currency.init(code:))
        if currency == nil { fail("currency", "must be an ISO 4217 currency code such as EUR") }
        var amount: Int64?
        if let text = layout.value("amount", in: record) {
            let digits = (currency ?? Currency(code: "EUR")!).minorUnitDigits
            amount = DecimalAmount.minorUnits(text, currency: currency ?? Currency(code: "EUR")!)
            if amount == nil { fail("amount", "must be a positive amount such as 25.00 with at most \(digits) decimals") }
        } else {
            fail("amount", "is required")
        }
        let received = layout.value("received_at", in: record).flatMap { ImportValues.instant($0, timeZone: timeZone) }
        if received == nil { fail("received_at", "must be a date (2026-03-01 or 01-03-2026) or an ISO 8601 date-time") }
        var status = GiftStatus.completed
        if let text = layout.value("status", in: record) {
            if let mapped = layout.statuses[text.lowercased()] { status = mapped } else { fail("status", "\"\(text)\" is not a known status") }
        }
        var channel = GiftChannel.other
        if let text = layout.value("channel", in: record) {
            if let known = GiftChannel(rawValue: text.lowercased()) { channel = known } else { fail("channel", "must be one of: \(GiftChannel.allowedValues)") }
        }
        let donor = person(record, externalId: donorId, &issues)
        let attribution = GiftAttribution(referrer: layout.value("referrer", in: record), utmSource: layout.value("utm_source", in: record),
                                          utmMedium: layout.value("utm_medium", in: record), utmCampaign: layout.value("utm_campaign", in: record))
        let input = GiftInput(
            constituentId: Self.placeholderId, amountMinor: amount, currency: currency, receivedAt: received, channel: channel,
            paymentMethod: layout.value("payment_method", in: record).map(ImportValues.paymentMethod),
            device: layout.value("device", in: record).map(ImportValues.device), attribution: attribution,
            status: status, source: source, externalId: layout.value("external_id", in: record) ?? contentKey(record))
        var gift: GiftFields?
        if issues.isEmpty {
            do throws(ValidationFailure) { gift = try input.validated() } catch { issues += error.issues.map { RowIssue(row: record.line, column: Self.column(of: $0.field), reason: $0.message) } }
        }
        guard issues.isEmpty, let gift, let donorId, let donor else { return .failure(RowIssues(issues)) }
        let newsletter = layout.value("newsletter", in: record).flatMap(ImportValues.boolean)
        return .success(GiftRow(
            donorExternalId: donorId, donor: donor, gift: gift, campaign: layout.value("campaign", in: record),
            project: layout.value("project", in: record), softCreditExternalId: layout.value("soft_credit_external_id", in: record),
            recurring: layout.value("recurring", in: record).flatMap(ImportValues.frequency), newsletter: newsletter))
    }

    /// A constituent row, or every problem with it.
    public func constituent(_ record: CSVRecord) -> Result<ConstituentFields, RowIssues> {
        var issues: [RowIssue] = []
        guard let externalId = layout.value("external_id", in: record) else {
            return .failure(RowIssues([RowIssue(row: record.line, column: "external_id", reason: "is required")]))
        }
        let fields = person(record, externalId: externalId, &issues)
        guard issues.isEmpty, let fields else { return .failure(RowIssues(issues)) }
        return .success(fields)
    }

    /// An interaction row, or every problem with it. Columns Kindred does not read become its properties.
    public func interaction(_ record: CSVRecord, header: [String], contentKey: (CSVRecord) -> String) -> Result<InteractionRow, RowIssues> {
        var issues: [RowIssue] = []
        let personId = layout.value("constituent_external_id", in: record)
        if personId == nil { issues.append(RowIssue(row: record.line, column: "constituent_external_id", reason: "is required")) }
        let occurred = layout.value("occurred_at", in: record).flatMap { ImportValues.instant($0, timeZone: timeZone) }
        if occurred == nil { issues.append(RowIssue(row: record.line, column: "occurred_at", reason: "must be a date or an ISO 8601 date-time")) }
        let person = person(record, externalId: personId, &issues)
        var properties: [String: JSONValue] = [:]
        for name in layout.unused {
            guard let index = header.firstIndex(of: name), index < record.fields.count, !record.fields[index].isEmpty else { continue }
            properties[String(name.prefix(64))] = .string(String(record.fields[index].prefix(2000)))
        }
        let input = InteractionInput(
            constituentId: Self.placeholderId, type: layout.value("type", in: record)?.lowercased(),
            channel: layout.value("channel", in: record)?.lowercased(), occurredAt: occurred,
            direction: layout.value("direction", in: record).flatMap { InteractionDirection(rawValue: $0.lowercased()) },
            properties: properties, source: source, externalId: layout.value("external_id", in: record) ?? contentKey(record))
        var interaction: InteractionFields?
        do throws(ValidationFailure) { interaction = try input.validated() } catch { issues += error.issues.map { RowIssue(row: record.line, column: Self.column(of: $0.field), reason: $0.message) } }
        guard issues.isEmpty, let interaction, let personId, let person else { return .failure(RowIssues(issues)) }
        return .success(InteractionRow(personExternalId: personId, person: person, interaction: interaction))
    }

    /// The person a row describes (names, contact details, address), tagged with their external id.
    private func person(_ record: CSVRecord, externalId: String?, _ issues: inout [RowIssue]) -> ConstituentFields? {
        guard let externalId else { return nil }
        let value = { (column: String) in layout.value(column, in: record) }
        let split = { (column: String) -> [String]? in
            value(column)?.split(separator: "|").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
        }
        var roles: [ConstituentRole] = []
        for name in split("roles") ?? [] {
            if let role = ConstituentRole(rawValue: name.lowercased()) { roles.append(role) } else {
                issues.append(RowIssue(row: record.line, column: "roles", reason: "\(name) is not one of: \(ConstituentRole.allowedValues)"))
            }
        }
        let address = PostalAddress(line1: value("address_line1"), line2: value("address_line2"), postalCode: value("postal_code"),
                                    city: value("city"), region: value("region"), country: value("country"))
        let kind = value("kind").flatMap { ConstituentKind(rawValue: $0.lowercased()) }
        let input = ConstituentInput(
            kind: kind, givenName: value("first_name"), familyName: value("last_name"),
            displayName: value("display_name") ?? ((value("first_name") ?? value("last_name")) == nil ? value("email") ?? "Supporter \(externalId)" : nil),
            emails: value("email").map { [$0] }, phones: value("phone").map { [$0] },
            address: address == PostalAddress() ? nil : address,
            preferredLanguage: value("language").flatMap { Language(rawValue: String($0.lowercased().prefix(2))) },
            roles: roles, tags: split("tags"), source: source, externalId: externalId)
        do throws(ValidationFailure) {
            return try input.validated()
        } catch {
            issues += error.issues.map { RowIssue(row: record.line, column: Self.column(of: $0.field), reason: $0.message) }
            return nil
        }
    }

    /// The file column a validation field corresponds to.
    static func column(of field: String) -> String {
        let names = ["amountMinor": "amount", "receivedAt": "received_at", "givenName": "first_name", "familyName": "last_name",
                     "displayName": "display_name", "emails[0]": "email", "phones[0]": "phone", "occurredAt": "occurred_at",
                     "externalId": "external_id", "paymentMethod": "payment_method", "address.line1": "address_line1",
                     "address.postalCode": "postal_code", "address.city": "city", "address.country": "country",
                     "address.region": "region", "address.line2": "address_line2"]
        if let name = names[field] { return name }
        if field.hasPrefix("attribution.") { return field.dropFirst("attribution.".count).replacingOccurrences(of: "utmS", with: "utm_s").replacingOccurrences(of: "utmM", with: "utm_m").replacingOccurrences(of: "utmC", with: "utm_c") }
        return field
    }
}
