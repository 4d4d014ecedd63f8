import Foundation

/// The hour of the week in a time zone: 0 is Monday 00:00–01:00, 167 is Sunday 23:00–24:00.
public enum HourOfWeek {
    /// Hours in a week.
    public static let count = 168

    /// The hour of the week of `instant` in `timeZone`.
    public static func of(_ instant: Timestamp, in timeZone: TimeZone) -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.weekday, .hour], from: Date(timeIntervalSince1970: Double(instant.millisecondsSinceEpoch) / 1000))
        let day = ((parts.weekday ?? 2) + 5) % 7  // Calendar: Sunday 1 … Saturday 7 → Monday 0 … Sunday 6
        return day * 24 + (parts.hour ?? 0)
    }

    /// Counts of `instants` per hour of the week.
    public static func counts(_ instants: [Timestamp], in timeZone: TimeZone) -> [Int] {
        instants.reduce(into: Array(repeating: 0, count: count)) { $0[of($1, in: timeZone)] += 1 }
    }

    /// The first whole hour at or after `instant` that falls in hour-of-week `hour`.
    public static func next(_ hour: Int, atOrAfter instant: Timestamp, in timeZone: TimeZone) -> Timestamp {
        let step: Int64 = 3_600_000
        var candidate = Timestamp(millisecondsSinceEpoch: (instant.millisecondsSinceEpoch + step - 1) / step * step)
        var steps = 0
        while of(candidate, in: timeZone) != hour && steps <= count + 2 { candidate = candidate.adding(milliseconds: step); steps += 1 }
        return candidate
    }
}

/// When each person engages most, from their own history smoothed toward the organisation's pattern.
public enum SendTimeOptimiser {
    /// How many of the organisation's interactions a person's pattern is worth before their own history counts: with
    /// few interactions of their own, a person gets the organisation's best hour; with many, their own.
    public static let priorWeight = 8.0

    /// The best hour of the week for a person with `counts` of their own interactions per hour, given the
    /// organisation's `pattern` (counts per hour) and the hours in which sending is `allowed` (quiet hours and weekends
    /// excluded). Each person's count is spread half to the neighbouring hours, so one reading at 19:00 also favours
    /// 18:00 and 20:00. Ties go to the earliest hour.
    public static func bestHour(counts: [Int], pattern: [Int], allowed: [Bool]) -> Int {
        precondition(counts.count == HourOfWeek.count && pattern.count == HourOfWeek.count && allowed.count == HourOfWeek.count)
        let total = Double(pattern.reduce(0, +))
        let n = HourOfWeek.count
        var best = -1, bestScore = -Double.infinity
        for hour in 0..<n where allowed[hour] {
            let own = Double(counts[hour]) + 0.5 * Double(counts[(hour + n - 1) % n] + counts[(hour + 1) % n])
            let prior = total > 0 ? priorWeight * Double(pattern[hour]) / total : 0
            if own + prior > bestScore { (best, bestScore) = (hour, own + prior) }
        }
        return best >= 0 ? best : (allowed.firstIndex(of: true) ?? 0)
    }

    /// Which hours of the week `settings` lets messages go in, in `timeZone` (a week starting Monday 5 January 2026).
    public static func allowedHours(_ settings: MessagingSettings, in timeZone: TimeZone) -> [Bool] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let monday = calendar.date(from: DateComponents(year: 2026, month: 1, day: 5))!
        return (0..<HourOfWeek.count).map { hour in
            let instant = Timestamp(millisecondsSinceEpoch: Int64((monday.timeIntervalSince1970 + Double(hour) * 3600) * 1000))
            return settings.nextAllowedInstant(atOrAfter: instant, timeZone: timeZone) == instant
        }
    }
}
