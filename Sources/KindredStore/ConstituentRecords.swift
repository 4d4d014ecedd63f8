import Foundation
import KindredCore
import SQLKit

/// How constituents are stored: the main row plus email, phone, role and tag rows.
enum ConstituentRecords {
    static let mapping = TableMapping<ConstituentFields>(
        table: "constituents", entity: "constituent", ownership: .constituent { $0.roles }, ownerColumns: ["id"],
        externalReference: { fields in fields.externalId.map { (fields.source ?? "", $0) } },
        columns: { fields in
            [("kind", fields.kind.rawValue), ("given_name", fields.givenName), ("family_name", fields.familyName),
             ("display_name", fields.displayName), ("search_name", searchName(fields)),
             ("address_line1", fields.address?.line1), ("address_line2", fields.address?.line2),
             ("postal_code", fields.address?.postalCode), ("city", fields.address?.city), ("region", fields.address?.region),
             ("country", fields.address?.country), ("preferred_language", fields.preferredLanguage.rawValue),
             ("custom_fields", jsonText(fields.customFields)), ("household_id", fields.householdId),
             ("is_sensitive", fields.isSensitive), ("is_donor", fields.roles.contains(.donor)),
             ("source", fields.source), ("external_id", fields.externalId), ("account_owner_id", fields.accountOwnerId)] + matchingKeys(fields)
        },
        decode: { row in
            let address = PostalAddress(
                line1: try row.optionalText("address_line1"), line2: try row.optionalText("address_line2"),
                postalCode: try row.optionalText("postal_code"), city: try row.optionalText("city"),
                region: try row.optionalText("region"), country: try row.optionalText("country"))
            return ConstituentFields(
                kind: try row.vocabulary("kind"), givenName: try row.optionalText("given_name"),
                familyName: try row.optionalText("family_name"), displayName: try row.text("display_name"),
                emails: [], phones: [], address: address == PostalAddress() ? nil : address,
                preferredLanguage: try row.vocabulary("preferred_language"), roles: [], tags: [],
                customFields: try row.jsonObject("custom_fields"), householdId: try row.optionalText("household_id"),
                source: try row.optionalText("source"), externalId: try row.optionalText("external_id"),
                accountOwnerId: try row.optionalText("account_owner_id"))
        })

    /// The normalised name, postal code and address that duplicate detection blocks and compares on.
    static func matchingKeys(_ fields: ConstituentFields) -> [ColumnValue] {
        let name = [fields.givenName, fields.familyName].compactMap { $0 }.joined(separator: " ")
        let address = fields.address.flatMap { address in address.line1.map { $0 + " " + (address.city ?? address.postalCode ?? "") } }
        return [("name_key", NameMatching.normalised(name.isEmpty ? fields.displayName : name)),
                ("postal_key", NameMatching.blockingKey(fields.address?.postalCode)), ("address_key", NameMatching.blockingKey(address))]
    }

    /// The lower-case text name search matches against.
    static func searchName(_ fields: ConstituentFields) -> String {
        [fields.displayName, fields.givenName, fields.familyName].compactMap { $0 }.joined(separator: " ").lowercased()
    }

    /// Rewrites the child rows of a constituent.
    @Sendable static func writeChildren(_ record: Record<ConstituentFields>, _ old: ConstituentFields?, _ connection: any SQLDatabase) async throws {
        let id = record.id
        if old != nil {
            for table in ["constituent_emails", "constituent_phones", "constituent_roles", "constituent_tags"] {
                try await connection.raw("DELETE FROM \(ident: table) WHERE constituent_id = \(bind: id)").run()
            }
        }
        try await insertChildren([record], on: connection)
    }

    /// Loads the child rows of several constituents at once.
    @Sendable static func loadChildren(_ records: [Record<ConstituentFields>], _ connection: any SQLDatabase) async throws -> [Record<ConstituentFields>] {
        guard !records.isEmpty else { return [] }
        let ids = records.map(\.id)
        let rows = try await connection.raw("""
            SELECT constituent_id, 'email' AS kind, position, email AS value FROM constituent_emails WHERE constituent_id IN (\(binds: ids))
            UNION ALL SELECT constituent_id, 'phone', position, phone FROM constituent_phones WHERE constituent_id IN (\(binds: ids))
            UNION ALL SELECT constituent_id, 'role', 0, role FROM constituent_roles WHERE constituent_id IN (\(binds: ids))
            UNION ALL SELECT constituent_id, 'tag', position, tag FROM constituent_tags WHERE constituent_id IN (\(binds: ids))
            ORDER BY constituent_id, kind, position, value
            """).all()
        var children: [String: [String: [String]]] = [:]
        for row in rows {
            children[try row.text("constituent_id"), default: [:]][try row.text("kind"), default: []].append(try row.text("value"))
        }
        let emails = children.mapValues { $0["email"] ?? [] }, phones = children.mapValues { $0["phone"] ?? [] }
        let roles = children.mapValues { $0["role"] ?? [] }, tags = children.mapValues { $0["tag"] ?? [] }
        return records.map { record in
            var fields = record.fields
            fields.emails = emails[record.id] ?? []
            fields.phones = phones[record.id] ?? []
            fields.roles = (roles[record.id] ?? []).compactMap(ConstituentRole.init(rawValue:))
            fields.tags = tags[record.id] ?? []
            return Record(id: record.id, createdAt: record.createdAt, updatedAt: record.updatedAt, fields: fields)
        }
    }
}
