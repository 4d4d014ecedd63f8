import Foundation
import KindredCore
import Testing

/// Send-time optimisation on hand-worked cases: hours of the week in the organisation's time zone, a person with
/// little history gets the organisation's best hour and a person with much history their own, never a quiet hour.
@Suite struct SendTimeTests {
    static let brussels = TimeZone(identifier: "Europe/Brussels")!

    @Test func hoursOfTheWeekFollowTheTimeZone() {
        // Tuesday 24 November 2026, 09:30 UTC is 10:30 in Brussels: day 1, hour 10.
        #expect(HourOfWeek.of(Timestamp(iso8601: "2026-11-24T09:30:00Z")!, in: Self.brussels) == 34)
        #expect(HourOfWeek.of(Timestamp(iso8601: "2026-11-29T22:59:00Z")!, in: Self.brussels) == 167, "Sunday 23:59 local")
        #expect(HourOfWeek.of(Timestamp(iso8601: "2026-11-29T23:00:00Z")!, in: Self.brussels) == 0, "Monday 00:00 local")
        let next = HourOfWeek.next(34 + 9, atOrAfter: Timestamp(iso8601: "2026-11-24T09:30:00Z")!, in: Self.brussels)
        #expect(next == Timestamp(iso8601: "2026-11-24T18:00:00Z")!, "Tuesday 19:00 in Brussels")
        #expect(HourOfWeek.next(34, atOrAfter: Timestamp(iso8601: "2026-11-24T09:00:00Z")!, in: Self.brussels) == Timestamp(iso8601: "2026-11-24T09:00:00Z")!)
        #expect(HourOfWeek.counts([Timestamp(iso8601: "2026-11-24T09:30:00Z")!, Timestamp(iso8601: "2026-12-01T09:10:00Z")!], in: Self.brussels)[34] == 2)
    }

    @Test func littleHistoryLeansOnTheOrganisationMuchHistoryOnThePerson() {
        var pattern = Array(repeating: 1, count: 168)
        pattern[24 + 20] = 200  // the organisation engages most on Tuesday 20:00
        let everyHour = Array(repeating: true, count: 168)
        var few = Array(repeating: 0, count: 168)
        few[5 * 24 + 9] = 1  // one reading on Saturday 09:00
        #expect(SendTimeOptimiser.bestHour(counts: few, pattern: pattern, allowed: everyHour) == 44)
        var many = few
        many[5 * 24 + 9] = 12
        #expect(SendTimeOptimiser.bestHour(counts: many, pattern: pattern, allowed: everyHour) == 129)
        var neighbours = Array(repeating: 0, count: 168)
        (neighbours[100], neighbours[110], neighbours[111]) = (3, 3, 1)
        #expect(SendTimeOptimiser.bestHour(counts: neighbours, pattern: Array(repeating: 0, count: 168), allowed: everyHour) == 110,
                "a reading in the next hour tips the balance")
        let allowed = SendTimeOptimiser.allowedHours(MessagingSettings(skipWeekends: true), in: Self.brussels)
        #expect(allowed.filter { $0 }.count == 5 * 13, "08:00–21:00 on weekdays")
        #expect(!allowed[5 * 24 + 9] && !allowed[24 + 22] && allowed[24 + 20])
        #expect(SendTimeOptimiser.bestHour(counts: many, pattern: pattern, allowed: allowed) == 44, "never a weekend when weekends are kept free")
        #expect(SendTimeOptimiser.bestHour(counts: few, pattern: pattern, allowed: Array(repeating: false, count: 168)) == 0)
    }
}
