import Foundation
import KindredCore
import SQLKit

/// Keeps `organisation_giving` in step: each counted gift adds to its month's total under its channel, device and
/// referrer source; an edit or delete takes the old gift away first. Rebuilt from the gifts with the nightly recompute.
enum OrganisationGiving {
    /// Adds (`sign` 1) or takes away (`sign` −1) the counted gifts among `gifts`.
    static func apply(_ gifts: [GiftFields], sign: Int64, timeZone: TimeZone, on connection: any SQLDatabase) async throws {
        var totals: [[String]: (Int64, Int64)] = [:]
        for gift in gifts where gift.status == .completed && gift.amountMinor > 0 {
            let month = CurrencyRollup.monthKey(gift.receivedAt, timeZone)
            for (facet, value) in GivingFacet.values(of: gift) {
                let current = totals[[month, gift.currency.code, facet.rawValue, value]] ?? (0, 0)
                totals[[month, gift.currency.code, facet.rawValue, value]] = (current.0 + sign * gift.amountMinor, current.1 + sign)
            }
        }
        let rows: [[any Encodable & Sendable]] = totals.sorted { $0.key.lexicographicallyPrecedes($1.key) }.map { $0.key + [$0.value.0, $0.value.1] }
        for chunk in rows.chunks(of: 1000) {
            var insert = connection.insert(into: "organisation_giving").columns("month", "currency", "facet", "value", "total_minor", "gift_count")
            for row in chunk { insert = insert.values(row.map { SQLBind($0) }) }
            try await insert.onConflict(with: ["month", "currency", "facet", "value"]) {
                $0.set("total_minor", to: SQLRaw("organisation_giving.total_minor + excluded.total_minor"))
                    .set("gift_count", to: SQLRaw("organisation_giving.gift_count + excluded.gift_count"))
            }.run()
        }
    }

    /// Rebuilds the table from every gift. In UTC (months are the first seven characters of the stored instant) the
    /// gifts are grouped in SQL in one pass by month, currency, channel, device, referrer and UTM source, and the
    /// groups are added up per facet here (the referrer source is Core's reading of the two); in another time zone
    /// every gift passes through Swift, a thousand a transaction.
    static func rebuild(in database: Database, timeZone: TimeZone) async throws {
        guard timeZone.secondsFromGMT() == 0, ["UTC", "GMT"].contains(timeZone.identifier) else {
            return try await rebuildGiftByGift(in: database, timeZone: timeZone)
        }
        try await database.write { connection in
            try await connection.raw("DELETE FROM organisation_giving").run()
            let rows = try await connection.raw("""
                SELECT substr(received_at, 1, 7) AS month, currency, channel, device, referrer, utm_source,
                  CAST(SUM(amount_minor) AS BIGINT) AS total, COUNT(*) AS gifts
                FROM gifts WHERE status = 'completed' AND amount_minor > 0
                GROUP BY substr(received_at, 1, 7), currency, channel, device, referrer, utm_source
                """).all()
            var totals: [[String]: (Int64, Int64)] = [:]
            for row in rows {
                let month = try row.text("month"), currency = try row.text("currency")
                let source = GivingFacet.source(referrer: try row.optionalText("referrer"), utmSource: try row.optionalText("utm_source"))
                for (facet, value) in [(GivingFacet.channel, try row.text("channel")), (.device, try row.text("device")), (.source, source)] {
                    let current = totals[[month, currency, facet.rawValue, value]] ?? (0, 0)
                    totals[[month, currency, facet.rawValue, value]] = (current.0 + (try row.int64("total")), current.1 + (try row.int64("gifts")))
                }
            }
            try await BulkInsert.rows(totals.map { $0.key + [$0.value.0, $0.value.1] }, into: "organisation_giving",
                                      columns: ["month", "currency", "facet", "value", "total_minor", "gift_count"], on: connection)
        }
    }

    private static func rebuildGiftByGift(in database: Database, timeZone: TimeZone) async throws {
        try await database.write { try await $0.raw("DELETE FROM organisation_giving").run() }
        var after = ""
        while true {
            let start = after
            let last: String? = try await database.write { connection in
                let records = try await connection.raw("SELECT * FROM gifts WHERE id > \(bind: start) ORDER BY id LIMIT 1000").all()
                    .map(GivingRecords.gift.record(from:))
                try await apply(records.map(\.fields), sign: 1, timeZone: timeZone, on: connection)
                return records.last?.id
            }
            guard let last else { return }
            after = last
        }
    }
}
