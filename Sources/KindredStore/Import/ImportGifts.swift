import Foundation
import KindredCore
import SQLKit

extension ImportSession {
    /// Writes a batch of gift rows: donors found or created, campaigns, projects and plans found or created, gifts
    /// already imported left alone, soft credits and newsletter consent stored with new gifts.
    func writeGifts(_ rows: ImportParser.Lines<GiftRow>) async throws {
        var donorRows = rows.map { (externalId: $0.row.donorExternalId, fields: $0.row.donor) }
        for index in donorRows.indices where !donorRows[index].fields.roles.contains(.donor) {
            donorRows[index].fields.roles = (donorRows[index].fields.roles + [.donor]).sorted { $0.rawValue < $1.rawValue }
        }
        let donors = try await people(donorRows)
        let credited = try await knownPeople(Set(rows.compactMap(\.row.softCreditExternalId)))
        var seen = Set(try await existingIds(table: "gifts", rows.compactMap(\.row.gift.externalId)).keys)
        var gifts: [Record<GiftFields>] = [], credits: [[any Encodable & Sendable]] = [], consents: [[any Encodable & Sendable]] = []
        var touched = Set<String>()
        for (_, row) in rows {
            guard let key = row.gift.externalId, seen.insert(key).inserted else {
                state.update { $0.unchanged += 1 }
                continue
            }
            guard let donor = donors[row.donorExternalId] else { continue }
            var gift = row.gift
            gift.constituentId = donor
            if let softCredit = row.softCreditExternalId {
                // Checked (and reported) when the file was read, with the same chunks: only a partial import meets it here.
                guard let creditId = credited[softCredit] ?? donors[softCredit], creditId != donor else { continue }
                gift.softCredits = [SoftCredit(constituentId: creditId, amountMinor: nil)]
            }
            gift.campaignId = try await designation(.campaign, row.campaign)
            gift.projectId = try await designation(.project, row.project)
            if let frequency = row.recurring { gift.recurringPlanId = try await plan(for: row, donor: donor, frequency: frequency) }
            let record = Record(id: RecordIdentifier.make(at: now), createdAt: now, updatedAt: now, fields: gift)
            gifts.append(record)
            credits += gift.softCredits.map { [record.id, $0.constituentId, $0.amountMinor] }
            if let newsletter = row.newsletter {
                consents.append([RecordIdentifier.make(at: now), donor, ConsentChannel.email.rawValue,
                                 (newsletter ? ConsentStatus.granted : .withdrawn).rawValue, gift.receivedAt.description,
                                 source, now.description, now.description])
            }
            touched.insert(donor)
        }
        // In donor order, the gifts-by-donor index (the one a large file's gifts land all over) is written page by page.
        gifts.sort { $0.fields.constituentId < $1.fields.constituentId }
        try await GivingRecords.gift.insertMany(gifts, on: connection)
        try await OrganisationGiving.apply(gifts.map(\.fields), sign: 1, timeZone: timeZone, on: connection)
        try await BulkInsert.rows(credits, into: "gift_soft_credits", columns: ["gift_id", "constituent_id", "amount_minor"], on: connection)
        try await BulkInsert.rows(consents, into: "consent_records", columns: [
            "id", "constituent_id", "channel", "status", "recorded_at", "source", "created_at", "updated_at"], on: connection)
        try await BulkInsert.rows(touched.sorted().map { [run, $0] }, into: "import_touched", columns: ["run_id", "constituent_id"],
                                  ignoringConflicts: true, on: connection)
        state.update { $0.created += Int64(gifts.count) }
    }

    /// While the file is checked: the rows whose soft credit names the donor themself, or nobody of this source who
    /// is stored or is a donor of this or an earlier chunk of the file (the people the chunks create when applied).
    func checkSoftCredits(_ checked: ImportParser.Checked) async throws -> [RowIssue] {
        try await BulkInsert.rows(Set(checked.donors).sorted().map { [run, $0] }, into: "import_file_people",
                                  columns: ["run_id", "external_id"], ignoringConflicts: true, on: connection)
        let named = Set(checked.credits.map(\.row.named))
        guard !named.isEmpty else { return [] }
        var known = Set(try await knownPeople(named).keys)
        let rest = Array(named.subtracting(known))
        if !rest.isEmpty {
            let rows = try await connection.raw("SELECT external_id FROM import_file_people WHERE run_id = \(bind: run) AND external_id IN \(TextList.subquery(rest, on: connection))").all()
            for row in rows { known.insert(try row.text("external_id")) }
        }
        return checked.credits.compactMap { line, credit in
            guard !known.contains(credit.named) || credit.named == credit.donor else { return nil }
            return RowIssue(row: line, column: "soft_credit_external_id", reason: "names no other constituent of source \(source)")
        }
    }

    /// The id of the campaign or project with this code or name, created (by name) when there is none.
    private func designation(_ kind: DesignationKind, _ name: String?) async throws -> String? {
        guard let name else { return nil }
        let cacheKey = kind.rawValue + ":" + name
        if let id = designations[cacheKey] { return id }
        let table = kind.rawValue + "s"
        let id: String
        if let row = try await connection.raw("SELECT id FROM \(ident: table) WHERE code = \(bind: name) OR name = \(bind: name) OR (source = \(bind: source) AND external_id = \(bind: name)) ORDER BY id LIMIT 1").first() {
            id = try row.text("id")
        } else {
            let fields = try DesignationInput(name: String(name.prefix(200)), source: source, externalId: name).validated()
            let record = Record(id: RecordIdentifier.make(at: now), createdAt: now, updatedAt: now, fields: fields)
            try await OtherRecords.designation(kind).insert(record, on: connection)
            id = record.id
        }
        designations[cacheKey] = id
        return id
    }

    /// The recurring plan a recurring gift belongs to: one per donor, currency and frequency, created on first sight.
    private func plan(for row: GiftRow, donor: String, frequency: RecurringFrequency) async throws -> String {
        let key = "plan:\(row.donorExternalId):\(row.gift.currency.code):\(frequency.rawValue)"
        if let id = plans[key] { return id }
        let id: String
        if let existing = try await existingIds(table: "recurring_plans", [key])[key] {
            id = existing
        } else {
            let fields = RecurringPlanFields(
                constituentId: donor, amountMinor: row.gift.amountMinor, currency: row.gift.currency, frequency: frequency,
                status: .active, startsOn: CurrencyRollup.localDate(row.gift.receivedAt, timeZone),
                source: source, externalId: key)
            let record = Record(id: RecordIdentifier.make(at: now), createdAt: now, updatedAt: now, fields: fields)
            try await GivingRecords.recurringPlan.insert(record, on: connection)
            id = record.id
        }
        plans[key] = id
        return id
    }
}

extension ConstituentRecords {
    /// Inserts many new constituents with their emails, phones, roles and tags in multi-row statements.
    static func insertMany(_ records: [Record<ConstituentFields>], on connection: any SQLDatabase) async throws {
        guard !records.isEmpty else { return }
        try await mapping.insertMany(records, on: connection)
        try await insertChildren(records, on: connection)
    }

    /// Inserts the emails, phones, roles and tags of constituents that have none stored.
    static func insertChildren(_ records: [Record<ConstituentFields>], on connection: any SQLDatabase) async throws {
        var emails: [[any Encodable & Sendable]] = [], phones: [[any Encodable & Sendable]] = []
        var roles: [[any Encodable & Sendable]] = [], tags: [[any Encodable & Sendable]] = []
        for record in records {
            emails += record.fields.emails.enumerated().map { [record.id, $0.offset, $0.element] }
            phones += record.fields.phones.enumerated().map { [record.id, $0.offset, $0.element] }
            roles += record.fields.roles.map { [record.id, $0.rawValue] }
            tags += record.fields.tags.enumerated().map { [record.id, $0.element, $0.element.lowercased(), $0.offset] }
        }
        try await BulkInsert.rows(emails, into: "constituent_emails", columns: ["constituent_id", "position", "email"], on: connection)
        try await BulkInsert.rows(phones, into: "constituent_phones", columns: ["constituent_id", "position", "phone"], on: connection)
        try await BulkInsert.rows(roles, into: "constituent_roles", columns: ["constituent_id", "role"], on: connection)
        try await BulkInsert.rows(tags, into: "constituent_tags", columns: ["constituent_id", "tag", "tag_key", "position"], on: connection)
    }
}
