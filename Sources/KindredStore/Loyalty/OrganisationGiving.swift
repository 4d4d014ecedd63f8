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

    /// Rebuilds the table from every gift, a thousand gifts a read.
    static func rebuild(in database: Database, timeZone: TimeZone) async throws {
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
