import Foundation
import KindredCore
@testable import KindredStore
import KindredTestSupport
import SQLKit
import Testing

/// The models' statistics each donor's rollup keeps: fits at today read them instead of the gifts and get the same
/// histories, and the migration that added them backfills existing rollups with what the gift writes store.
@Suite struct PredictionStatisticsTests {
    static let end = CalendarDate(year: 2030, month: 1, day: 1)!

    static func sorted(_ histories: GroupedHistories<RepeatHistory>) -> [String] {
        histories.rows.map { "\($0.row.x) \($0.row.tx) \($0.row.T) \($0.count)" }.sorted()
    }

    static func sorted(_ values: GroupedHistories<RepeatValue>) -> [String] {
        Dictionary(values.rows.map { ("\($0.row.x) \($0.row.mean)", $0.count) }, uniquingKeysWith: +).map { "\($0) \($1)" }.sorted()
    }

    @Test(arguments: TestEngine.available)
    func rollupStatisticsGiveTheHistoriesTheGiftsGive(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let ids = try await seedRepeatDonors(store)
            // Two gifts on one day are one transaction, in both readings.
            _ = try await store.gifts.create(try sampleGift(ids[3], 700, at: "2022-01-29T18:00:00Z").validated(), by: .system)
            let euro = Currency(code: "EUR")!, data = ModelData(store: store)
            let fromRollups = (try await data.repeatHistories(calibrationEnd: Self.end, currency: euro), try await data.repeatValues(calibrationEnd: Self.end, currency: euro))
            // A gift after the calibration end makes the rollups too new: the histories come from the gifts instead.
            let late = try await store.constituents.create(try sampleConstituent("Late").validated(), by: .system).id
            _ = try await store.gifts.create(try sampleGift(late, 1000, at: "2031-05-01T10:00:00Z").validated(), by: .system)
            let fromGifts = (try await data.repeatHistories(calibrationEnd: Self.end, currency: euro), try await data.repeatValues(calibrationEnd: Self.end, currency: euro))
            #expect(fromRollups.0.donors == 40 && Self.sorted(fromRollups.0) == Self.sorted(fromGifts.0))
            #expect(fromRollups.1.donors == 35 && Self.sorted(fromRollups.1) == Self.sorted(fromGifts.1))
            #expect(try await data.repeatHistories(calibrationEnd: Self.end, currency: Currency(code: "GBP")!).donors == 0)
        }
    }

    @Test(arguments: TestEngine.available)
    func migrationBackfillsWhatGiftWritesStore(engine: TestEngine) async throws {
        try await withTestStore(engine) { store in
            let ids = try await seedRepeatDonors(store)
            _ = try await store.gifts.create(try sampleGift(ids[5], 900, at: "2022-02-05T22:00:00Z").validated(), by: .system)
            let columns = "constituent_id, currency, transaction_days, first_day, last_day, first_day_minor, last_day_minor, largest_day_minor"
            let read = {
                try await store.database.read { connection in
                    try await connection.raw("SELECT \(unsafeRaw: columns) FROM constituent_rollups ORDER BY constituent_id, currency").all().map { row in
                        try columns.split(separator: ", ").dropFirst(2).map { try row.int64(String($0)) }
                    }
                }
            }
            let written = try await read()
            #expect(written.count == 41 && written.allSatisfy { $0[0] > 0 && $0[2] >= $0[1] })
            let backfill = Schema.version17(store.database.flavor).filter { $0.hasPrefix("UPDATE") }
            #expect(backfill.count == 1)
            try await store.database.write { connection in
                try await connection.raw("UPDATE constituent_rollups SET transaction_days = 0, first_day = 0, last_day = 0, first_day_minor = 0, last_day_minor = 0, largest_day_minor = 0").run()
                try await connection.raw("\(unsafeRaw: backfill[0])").run()
            }
            #expect(try await read() == written)
        }
    }
}

/// The packed text the models' histories are read in.
@Suite struct PackedIntegerRowsTests {
    @Test func parsesIntegersAndRejectsAnythingElse() throws {
        #expect(try PackedIntegerRows.parse("1,-2,30") == [1, -2, 30])
        #expect(try PackedIntegerRows.parse("").isEmpty)
        for bad in ["1,,2", "1,x", "--1", "1,", "-", "1 2"] {
            #expect(throws: StoredValueError.self) { try PackedIntegerRows.parse(bad) }
        }
    }
}
