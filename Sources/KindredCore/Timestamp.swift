/// An instant in UTC with millisecond precision. In JSON and in the database it is an ISO 8601 string
/// such as `2024-05-01T10:00:00.000Z`, which sorts as text in the same order as in time.
public struct Timestamp: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    public let millisecondsSinceEpoch: Int64

    /// Creates a timestamp from milliseconds since the Unix epoch.
    public init(millisecondsSinceEpoch: Int64) {
        self.millisecondsSinceEpoch = millisecondsSinceEpoch
    }

    /// Parses an ISO 8601 date-time with an explicit offset (`Z` or `±HH:MM`); nil when it is not one.
    public init?(iso8601 text: some StringProtocol) {
        guard let value = ISO8601Parser.parseDateTime(text) else { return nil }
        self.millisecondsSinceEpoch = value
    }

    /// Decodes from an ISO 8601 string, naming the expected form when it is not one.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let parsed = Timestamp(iso8601: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "must be an ISO 8601 date-time with a time zone, e.g. 2024-05-01T10:00:00Z")
        }
        self = parsed
    }

    /// Encodes as the canonical UTC string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// The canonical form, `YYYY-MM-DDTHH:MM:SS.mmmZ` in UTC.
    public var description: String {
        let (days, milliseconds) = millisecondsSinceEpoch.floorDivided(by: 86_400_000)
        let date = CalendarDate(daysSinceEpoch: days)
        let seconds = milliseconds / 1000
        return "\(date)T\(pad(seconds / 3600, 2)):\(pad(seconds / 60 % 60, 2)):\(pad(seconds % 60, 2)).\(pad(milliseconds % 1000, 3))Z"
    }

    /// The calendar date of this instant in UTC.
    public var utcDate: CalendarDate {
        CalendarDate(daysSinceEpoch: millisecondsSinceEpoch.floorDivided(by: 86_400_000).quotient)
    }

    /// The instant `milliseconds` later.
    public func adding(milliseconds: Int64) -> Timestamp {
        Timestamp(millisecondsSinceEpoch: millisecondsSinceEpoch + milliseconds)
    }

    /// Orders instants in time.
    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.millisecondsSinceEpoch < rhs.millisecondsSinceEpoch
    }
}

/// A calendar date without time or zone, written `YYYY-MM-DD`.
public struct CalendarDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The year, 1 to 9999.
    public let year: Int
    /// The month, 1 to 12.
    public let month: Int
    /// The day of the month.
    public let day: Int

    /// Creates a date when the parts form a real date, else nil.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...CalendarDate.daysIn(month: month, year: year)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`; nil when it is not a real date.
    public init?(iso8601 text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The date `days` after 1970-01-01 (proleptic Gregorian calendar).
    public init(daysSinceEpoch days: Int64) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = Int(dayOfYear - (153 * monthIndex + 2) / 5 + 1)
        let month = Int(monthIndex < 10 ? monthIndex + 3 : monthIndex - 9)
        self.year = Int(yearOfEra + era * 400) + (month <= 2 ? 1 : 0)
        self.month = month
        self.day = day
    }

    /// Days since 1970-01-01.
    public var daysSinceEpoch: Int64 {
        let adjustedYear = Int64(month <= 2 ? year - 1 : year)
        let era = (adjustedYear >= 0 ? adjustedYear : adjustedYear - 399) / 400
        let yearOfEra = adjustedYear - era * 400
        let shiftedMonth = Int64(month > 2 ? month - 3 : month + 9)
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// Decodes from `YYYY-MM-DD`, naming the expected form when it is not one.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        guard let parsed = CalendarDate(iso8601: try container.decode(String.self)) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "must be a real date written YYYY-MM-DD")
        }
        self = parsed
    }

    /// Encodes as `YYYY-MM-DD`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// `YYYY-MM-DD`.
    public var description: String { "\(pad(Int64(year), 4))-\(pad(Int64(month), 2))-\(pad(Int64(day), 2))" }

    /// Orders dates in time.
    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// The number of days in a month of a year.
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

/// Strict parser for the ISO 8601 profile Kindred accepts (RFC 3339 date-times).
enum ISO8601Parser {
    /// Milliseconds since the epoch for `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`.
    static func parseDateTime(_ text: some StringProtocol) -> Int64? {
        text.utf8.withContiguousStorageIfAvailable(parseDateTime) ?? Array(text.utf8).withUnsafeBufferPointer(parseDateTime)
    }

    /// `parseDateTime` over the text's UTF-8 bytes, without copying them.
    private static func parseDateTime(_ characters: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard characters.count >= 20, characters.count <= 40, characters[4] == UInt8(ascii: "-"), characters[7] == UInt8(ascii: "-"),
              characters[10] == UInt8(ascii: "T") || characters[10] == UInt8(ascii: "t") || characters[10] == UInt8(ascii: " "),
              let year = digits(characters, 0..<4), let month = digits(characters, 5..<7), let day = digits(characters, 8..<10),
              let date = CalendarDate(year: Int(year), month: Int(month), day: Int(day)),
              characters[13] == UInt8(ascii: ":"), characters[16] == UInt8(ascii: ":"),
              let hour = digits(characters, 11..<13), let minute = digits(characters, 14..<16),
              let second = digits(characters, 17..<19), hour < 24, minute < 60, second < 60 else { return nil }
        var index = 19
        var milliseconds: Int64 = 0
        if characters[index] == UInt8(ascii: ".") {
            let start = index + 1
            index = start
            while index < characters.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(characters[index]) { index += 1 }
            guard index > start, index - start <= 9, let fraction = digits(characters, start..<min(index, start + 3)) else { return nil }
            let precision = min(index, start + 3) - start
            milliseconds = fraction * (precision == 1 ? 100 : precision == 2 ? 10 : 1)
        }
        guard let offsetMinutes = parseOffset(characters, from: index) else { return nil }
        let secondsOfDay = hour * 3600 + minute * 60 + second
        return (date.daysSinceEpoch * 86_400 + secondsOfDay - offsetMinutes * 60) * 1000 + milliseconds
    }

    private static func parseOffset(_ characters: UnsafeBufferPointer<UInt8>, from start: Int) -> Int64? {
        let count = characters.count - start
        if count == 1, characters[start] == UInt8(ascii: "Z") || characters[start] == UInt8(ascii: "z") { return 0 }
        guard count == 6 else { return nil }
        let sign = characters[start]
        guard sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-"), characters[start + 3] == UInt8(ascii: ":"),
              let hours = digits(characters, (start + 1)..<(start + 3)), let minutes = digits(characters, (start + 4)..<(start + 6)),
              hours < 24, minutes < 60 else { return nil }
        return (sign == UInt8(ascii: "-") ? -1 : 1) * (hours * 60 + minutes)
    }

    private static func digits(_ characters: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int64? {
        var value: Int64 = 0
        for index in range {
            let character = characters[index]
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(character) else { return nil }
            value = value * 10 + Int64(character - UInt8(ascii: "0"))
        }
        return range.isEmpty ? nil : value
    }
}

extension Int64 {
    /// Floor division: the quotient rounded towards negative infinity and a non-negative remainder.
    func floorDivided(by divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        let quotient = (self >= 0 ? self : self - divisor + 1) / divisor
        return (quotient, self - quotient * divisor)
    }
}

/// Left-pads a non-negative number with zeros to `width` digits.
func pad(_ value: Int64, _ width: Int) -> String {
    let digits = String(value)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
}
