import Foundation
import KindredCore
import KindredStore
import Logging

/// The engines the storage contract runs on.
public enum TestEngine: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite, postgres

    /// The engines that can run here: SQLite always, PostgreSQL when its server programs are installed.
    public static var available: [TestEngine] { PostgresHarness.isAvailable ? [.sqlite, .postgres] : [.sqlite] }

    /// The description.
    public var description: String { rawValue }

    /// A URL for a fresh, empty database on this engine.
    public func makeDatabaseURL() async throws -> String {
        switch self {
        case .sqlite:
            let directory = TestScratch.path("database")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            return "sqlite:" + directory.appendingPathComponent("kindred.sqlite").path
        case .postgres:
            return try await PostgresHarness.makeDatabase()
        }
    }
}

/// A quiet logger for tests.
public let testLogger: Logger = {
    var logger = Logger(label: "kindred.test")
    logger.logLevel = .critical
    return logger
}()

/// A fixed instant tests use as "now": 2026-06-15T12:00:00Z.
public let testNow = Timestamp(iso8601: "2026-06-15T12:00:00Z")!

/// Runs `body` with a store on a fresh database of `engine`, closing it afterwards.
public func withTestStore<T: Sendable>(_ engine: TestEngine, clock: @escaping @Sendable () -> Timestamp = { testNow },
                                       _ body: (KindredStore) async throws -> T) async throws -> T {
    let database = try await Database.open(try DatabaseLocation(url: try await engine.makeDatabaseURL()), logger: testLogger)
    do {
        let result = try await body(KindredStore(database: database, clock: clock))
        await database.close()
        return result
    } catch {
        await database.close()
        throw error
    }
}

/// A valid constituent input for tests.
public func sampleConstituent(_ name: String = "Anna Jansen", roles: [ConstituentRole] = [.donor],
                              email: String? = nil) -> ConstituentInput {
    let parts = name.split(separator: " ", maxSplits: 1).map(String.init)
    return ConstituentInput(givenName: parts.first, familyName: parts.count > 1 ? parts[1] : nil,
                            emails: email.map { [$0] }, roles: roles)
}

/// A valid gift input for tests.
public func sampleGift(_ constituentId: String, _ amountMinor: Int64 = 2500, at time: String = "2026-03-01T10:00:00Z",
                       currency: String = "EUR") -> GiftInput {
    GiftInput(constituentId: constituentId, amountMinor: amountMinor, currency: Currency(code: currency),
              receivedAt: Timestamp(iso8601: time), channel: .online, device: .mobile)
}

/// Forty donors in euros with one to eight gifts at different paces (some still to come after `testNow`), and one
/// donor in dollars: enough for the prediction models to fit. Returns the euro donors' ids.
public func seedRepeatDonors(_ store: KindredStore) async throws -> [String] {
    var ids: [String] = []
    for donor in 0..<40 {
        let id = try await store.constituents.create(try sampleConstituent("Donor \(donor)").validated(), by: .system).id
        ids.append(id)
        let gifts = donor % 8 + 1, pace = Int64(20 + donor % 5 * 45), start = Int64(19_000 + donor * 7)
        for gift in 0..<gifts {
            let day = CalendarDate(daysSinceEpoch: start + Int64(gift) * pace)
            _ = try await store.gifts.create(try sampleGift(id, Int64(1500 + donor * 100 + gift * 250), at: "\(day)T10:00:00Z").validated(), by: .system)
        }
    }
    let dollars = try await store.constituents.create(try sampleConstituent("Dollar Donor").validated(), by: .system).id
    _ = try await store.gifts.create(try sampleGift(dollars, 5000, at: "2025-01-01T10:00:00Z", currency: "USD").validated(), by: .system)
    return ids
}
