import Foundation
import KindredCore
import SQLKit

/// How gifts and recurring plans are stored, and how gift writes keep the rollups in step.
enum GivingRecords {
    static let gift = TableMapping<GiftFields>(
        table: "gifts", entity: "gift",
        ownership: .constituents { fields in
            [("constituentId", fields.constituentId)] + fields.softCredits.enumerated().map { ("softCredits[\($0.offset)].constituentId", $0.element.constituentId) }
        },
        ownerColumns: ["constituent_id"],
        externalReference: { fields in fields.externalId.map { (fields.source ?? "", $0) } },
        columns: { fields in
            [("constituent_id", fields.constituentId), ("amount_minor", fields.amountMinor), ("currency", fields.currency.code),
             ("received_at", fields.receivedAt.description), ("channel", fields.channel.rawValue),
             ("payment_method", fields.paymentMethod?.rawValue), ("device", fields.device.rawValue),
             ("referrer", fields.attribution?.referrer), ("utm_source", fields.attribution?.utmSource),
             ("utm_medium", fields.attribution?.utmMedium), ("utm_campaign", fields.attribution?.utmCampaign),
             ("campaign_id", fields.campaignId), ("project_id", fields.projectId), ("fund_id", fields.fundId),
             ("recurring_plan_id", fields.recurringPlanId), ("in_kind", fields.inKind),
             ("in_kind_description", fields.inKindDescription), ("status", fields.status.rawValue),
             ("source", fields.source), ("external_id", fields.externalId)]
        },
        decode: { row in
            let attribution = GiftAttribution(
                referrer: try row.optionalText("referrer"), utmSource: try row.optionalText("utm_source"),
                utmMedium: try row.optionalText("utm_medium"), utmCampaign: try row.optionalText("utm_campaign"))
            return GiftFields(
                constituentId: try row.text("constituent_id"), amountMinor: try row.int64("amount_minor"),
                currency: try row.currency("currency"), receivedAt: try row.timestamp("received_at"),
                channel: try row.vocabulary("channel"), paymentMethod: try row.optionalVocabulary("payment_method"),
                device: try row.vocabulary("device"), attribution: attribution == GiftAttribution() ? nil : attribution,
                campaignId: try row.optionalText("campaign_id"), projectId: try row.optionalText("project_id"),
                fundId: try row.optionalText("fund_id"), recurringPlanId: try row.optionalText("recurring_plan_id"),
                softCredits: [], inKind: try row.bool("in_kind"), inKindDescription: try row.optionalText("in_kind_description"),
                status: try row.vocabulary("status"), source: try row.optionalText("source"), externalId: try row.optionalText("external_id"))
        })

    /// The records a gift names.
    @Sendable static func giftReferences(_ fields: GiftFields) -> [Reference] {
        [Reference(field: "campaignId", table: "campaigns", id: fields.campaignId),
         Reference(field: "projectId", table: "projects", id: fields.projectId),
         Reference(field: "fundId", table: "funds", id: fields.fundId),
         Reference(field: "recurringPlanId", table: "recurring_plans", id: fields.recurringPlanId)]
    }

    /// After a gift write: rewrite its soft credits, move the organisation's giving and recompute the donors' rollups in
    /// the same transaction (organisation giving before rollups, in every path, so PostgreSQL row locks come in one order).
    static func afterGiftWrite(_ record: Record<GiftFields>, _ old: GiftFields?, timeZone: TimeZone, on connection: any SQLDatabase) async throws {
        if old != nil {
            try await connection.raw("DELETE FROM gift_soft_credits WHERE gift_id = \(bind: record.id)").run()
        }
        for credit in record.fields.softCredits {
            try await connection.raw("INSERT INTO gift_soft_credits (gift_id, constituent_id, amount_minor) VALUES (\(bind: record.id), \(bind: credit.constituentId), \(bind: credit.amountMinor))").run()
        }
        if let old { try await OrganisationGiving.apply([old], sign: -1, timeZone: timeZone, on: connection) }
        try await OrganisationGiving.apply([record.fields], sign: 1, timeZone: timeZone, on: connection)
        for donor in Set([record.fields.constituentId, old?.constituentId].compactMap { $0 }).sorted() {
            try await Rollups.recompute(constituentId: donor, timeZone: timeZone, on: connection)
        }
    }

    /// Loads the soft credits of several gifts at once.
    @Sendable static func loadSoftCredits(_ records: [Record<GiftFields>], _ connection: any SQLDatabase) async throws -> [Record<GiftFields>] {
        guard !records.isEmpty else { return [] }
        let rows = try await connection.raw("SELECT gift_id, constituent_id, amount_minor FROM gift_soft_credits WHERE gift_id IN (\(binds: records.map(\.id))) ORDER BY gift_id, constituent_id").all()
        var credits: [String: [SoftCredit]] = [:]
        for row in rows {
            credits[try row.text("gift_id"), default: []].append(
                SoftCredit(constituentId: try row.text("constituent_id"), amountMinor: try row.optionalInt64("amount_minor")))
        }
        return records.map { record in
            var fields = record.fields
            fields.softCredits = credits[record.id] ?? []
            return Record(id: record.id, createdAt: record.createdAt, updatedAt: record.updatedAt, fields: fields)
        }
    }

    static let recurringPlan = TableMapping<RecurringPlanFields>(
        table: "recurring_plans", entity: "recurring_plan",
        ownership: .constituents { [("constituentId", $0.constituentId)] }, ownerColumns: ["constituent_id"],
        externalReference: { fields in fields.externalId.map { (fields.source ?? "", $0) } },
        columns: { fields in
            [("constituent_id", fields.constituentId), ("amount_minor", fields.amountMinor), ("currency", fields.currency.code),
             ("frequency", fields.frequency.rawValue), ("status", fields.status.rawValue), ("closed_reason", fields.closedReason),
             ("starts_on", fields.startsOn.description), ("ends_on", fields.endsOn?.description),
             ("campaign_id", fields.campaignId), ("source", fields.source), ("external_id", fields.externalId)]
        },
        decode: { row in
            RecurringPlanFields(
                constituentId: try row.text("constituent_id"), amountMinor: try row.int64("amount_minor"),
                currency: try row.currency("currency"), frequency: try row.vocabulary("frequency"),
                status: try row.vocabulary("status"), closedReason: try row.optionalText("closed_reason"),
                startsOn: try row.optionalDate("starts_on") ?? CalendarDate(daysSinceEpoch: 0), endsOn: try row.optionalDate("ends_on"),
                campaignId: try row.optionalText("campaign_id"), source: try row.optionalText("source"),
                externalId: try row.optionalText("external_id"))
        })
}

/// The per-constituent giving rollups, recomputed from the gifts inside every gift write's transaction.
public enum Rollups {
    /// Locks the constituent (PostgreSQL), recomputes its rollups from its gifts and rewrites them.
    static func recompute(constituentId: String, timeZone: TimeZone, on connection: any SQLDatabase) async throws {
        try await recompute(constituentIds: [constituentId], timeZone: timeZone, on: connection)
    }

    /// The facts rollups are computed from: every gift of each constituent.
    static func giftFacts(of constituentIds: [String], on connection: any SQLDatabase) async throws -> [String: [GiftFact]] {
        try await giftFacts(where: "constituent_id IN \(TextList.subquery(constituentIds, on: connection))", on: connection)
    }

    /// Every gift of the constituents `condition` selects, per donor, read packed along the gifts' person index.
    static func giftFacts(where condition: SQLQueryString, on connection: any SQLDatabase) async throws -> [String: [GiftFact]] {
        let flavor: SQLFlavor = connection.dialect.name == "postgresql" ? .postgres : .sqlite
        let query: SQLQueryString = """
            SELECT constituent_id AS key, \(unsafeRaw: PackedGroups.aggregate(["received_at", "currency", "status", "amount_minor", "id"], flavor: flavor)) AS packed
            FROM gifts\(unsafeRaw: flavor == .sqlite ? " INDEXED BY gifts_constituent" : "") WHERE \(condition)
            GROUP BY constituent_id
            """
        var facts: [String: [GiftFact]] = [:]
        try await PackedGroups.read(query, fields: 5, on: connection) { donor, values in
            facts[donor] = try stride(from: 0, to: values.count, by: 5).map { record in
                guard let receivedAt = Timestamp(iso8601: values[record]), let status = GiftStatus(rawValue: String(values[record + 2])),
                      let amount = Int64(values[record + 3]) else { throw StoredValueError(column: "gifts") }
                return GiftFact(id: String(values[record + 4]), amountMinor: amount, currency: String(values[record + 1]), receivedAt: receivedAt, status: status)
            }
        }
        return facts
    }

    /// Reads a constituent's stored rollups.
    static func load(constituentId: String, on connection: any SQLDatabase) async throws -> [CurrencyRollup] {
        let months = try await connection.raw("SELECT currency, month, total_minor, gift_count FROM constituent_giving_months WHERE constituent_id = \(bind: constituentId) ORDER BY currency, month").all()
        var byCurrency: [String: [MonthTotal]] = [:]
        for row in months {
            byCurrency[try row.text("currency"), default: []].append(
                MonthTotal(month: try row.text("month"), totalMinor: try row.int64("total_minor"), giftCount: Int(try row.int64("gift_count"))))
        }
        let rows = try await connection.raw("SELECT * FROM constituent_rollups WHERE constituent_id = \(bind: constituentId) ORDER BY currency").all()
        return try rows.map { row in
            let currency = try row.text("currency")
            return CurrencyRollup(
                currency: currency, giftCount: Int(try row.int64("gift_count")), totalMinor: try row.int64("total_minor"),
                firstGift: DatedAmount(amountMinor: try row.int64("first_gift_minor"), at: try row.timestamp("first_gift_at")),
                lastGift: DatedAmount(amountMinor: try row.int64("last_gift_minor"), at: try row.timestamp("last_gift_at")),
                largestGift: DatedAmount(amountMinor: try row.int64("largest_gift_minor"), at: try row.timestamp("largest_gift_at")),
                months: byCurrency[currency] ?? [])
        }
    }
}
