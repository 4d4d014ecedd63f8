import Foundation
import KindredCore
import Testing

@Suite struct TimeAndMoneyTests {
    @Test(arguments: [
        ("2024-05-01T10:00:00Z", "2024-05-01T10:00:00.000Z"),
        ("2024-05-01T12:00:00+02:00", "2024-05-01T10:00:00.000Z"),
        ("2024-02-29T23:59:59.5-01:00", "2024-03-01T00:59:59.500Z"),
        ("1969-12-31T23:59:59.999Z", "1969-12-31T23:59:59.999Z"),
    ])
    func parsesAndNormalisesTimestamps(input: String, canonical: String) {
        #expect(Timestamp(iso8601: input)?.description == canonical)
    }

    @Test(arguments: ["2024-05-01", "2024-05-01T10:00:00", "2024-13-01T10:00:00Z", "2023-02-29T10:00:00Z",
                      "2024-05-01T24:00:00Z", "2024-05-01T10:00:00+25:00", "2024-05-01T10:00:00+02:60",
                      "<script>", "'; DROP TABLE gifts; --", "", "2024-05-01T10:00:00.Z"])
    func rejectsInvalidTimestampsAndTimeZones(input: String) {
        #expect(Timestamp(iso8601: input) == nil)
    }

    @Test func calendarDatesRoundTripThroughDayNumbers() {
        for days in stride(from: Int64(-700_000), through: 2_900_000, by: 997) {
            let date = CalendarDate(daysSinceEpoch: days)
            #expect(date.daysSinceEpoch == days)
            #expect(CalendarDate(iso8601: date.description) == date)
        }
        #expect(CalendarDate(iso8601: "2023-02-29") == nil)
        #expect(CalendarDate(iso8601: "2024-02-29") != nil)
    }

    @Test func currenciesAreISO4217WithTheirMinorUnits() {
        #expect(Currency(code: "eur")?.code == "EUR")
        #expect(Currency(code: "EUR")?.minorUnitDigits == 2)
        #expect(Currency(code: "JPY")?.minorUnitDigits == 0)
        #expect(Currency(code: "KWD")?.minorUnitDigits == 3)
        for bad in ["XXX", "EU", "EURO", "", "€", "ABC"] { #expect(Currency(code: bad) == nil) }
    }

    @Test func recordIdentifiersAreTimeOrderedUUIDv7() {
        let earlier = RecordIdentifier.make(at: Timestamp(millisecondsSinceEpoch: 1_700_000_000_000))
        let later = RecordIdentifier.make(at: Timestamp(millisecondsSinceEpoch: 1_700_000_000_001))
        #expect(RecordIdentifier.isValid(earlier) && RecordIdentifier.isValid(later))
        #expect(earlier < later)
        #expect(Array(earlier)[14] == "7")
        #expect(!RecordIdentifier.isValid("not-a-uuid"))
        let sameMillisecond = (0..<5000).map { _ in RecordIdentifier.make(at: Timestamp(millisecondsSinceEpoch: 1_600_000_000_000)) }
        #expect(sameMillisecond == sameMillisecond.sorted())
        #expect(Set(sameMillisecond).count == 5000)
        #expect(!RecordIdentifier.isValid(earlier.uppercased()))
    }

    @Test func mergePatchFollowsRFC7396() {
        let target: JSONValue = ["a": "b", "c": ["d": "e", "f": "g"]]
        let patch: JSONValue = ["a": "z", "c": ["f": .null]]
        #expect(target.merging(patch: patch) == ["a": "z", "c": ["d": "e"]])
    }
}
