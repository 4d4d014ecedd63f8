import Foundation

/// Hours of the day (in the organisation's time zone) in which nothing is sent: from `startHour` up to `endHour`,
/// across midnight when the start is later than the end (21 to 8 keeps the night quiet).
public struct QuietHours: Sendable, Hashable, Codable {
    /// The first quiet hour, 0–23.
    public var startHour: Int
    /// The first hour that is no longer quiet, 0–23.
    public var endHour: Int

    /// Creates quiet hours.
    public init(startHour: Int, endHour: Int) { (self.startHour, self.endHour) = (startHour, endHour) }

    /// Whether `hour` (0–23) is quiet.
    public func contains(_ hour: Int) -> Bool {
        startHour <= endHour ? (startHour..<endHour).contains(hour) : hour >= startHour || hour < endHour
    }
}

/// How the organisation sends messages: who they come from, the caps, the quiet hours and weekends.
public struct MessagingSettings: Sendable, Hashable, Codable {
    /// The sender's address.
    public var fromAddress: String
    /// The sender's name, shown by mail programs.
    public var fromName: String
    /// The caps on every person's messages per channel (at most two emails in seven days by default).
    public var frequencyCaps: [FrequencyCap]
    /// Hours in which nothing is sent (21:00 to 08:00 by default); nil sends at any hour.
    public var quietHours: QuietHours?
    /// Whether Saturdays and Sundays are kept free of messages.
    public var skipWeekends: Bool
    /// Where supporters reach Kindred's public pages (the links in messages start with it), e.g. `https://kindred.example.org`.
    public var publicURL: String

    /// Creates settings; the defaults are the ones described on each field.
    public init(fromAddress: String = "supporters@example.org", fromName: String = "Kindred",
                frequencyCaps: [FrequencyCap] = [FrequencyCap(channel: .email, maximum: 2, days: 7), FrequencyCap(channel: .sms, maximum: 1, days: 7)],
                quietHours: QuietHours? = QuietHours(startHour: 21, endHour: 8), skipWeekends: Bool = false, publicURL: String = "http://localhost:8080") {
        (self.fromAddress, self.fromName, self.frequencyCaps) = (fromAddress, fromName, frequencyCaps)
        (self.quietHours, self.skipWeekends, self.publicURL) = (quietHours, skipWeekends, publicURL)
    }

    /// The settings if every field is sound: an email address, a name without line breaks, caps of 1–100 messages in
    /// 1–365 days (one per channel), hours 0–23 and not the whole day, and an http(s) public address.
    public func validated() throws(ValidationFailure) -> MessagingSettings {
        var issues = IssueCollector()
        var valid = self
        if let address = ContactNormalisation.email(fromAddress) { valid.fromAddress = address } else {
            issues.add("fromAddress", "must be an email address")
        }
        valid.fromName = issues.text(fromName.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " "), "fromName",
                                     maxLength: 100, required: true) ?? ""
        for (index, cap) in frequencyCaps.enumerated() {
            if !(1...100).contains(cap.maximum) { issues.add("frequencyCaps[\(index)].maximum", "must be from 1 to 100") }
            if !(1...365).contains(cap.days) { issues.add("frequencyCaps[\(index)].days", "must be from 1 to 365") }
        }
        if Set(frequencyCaps.map(\.channel)).count < frequencyCaps.count { issues.add("frequencyCaps", "must have at most one cap per channel") }
        if let quietHours {
            if !(0...23).contains(quietHours.startHour) { issues.add("quietHours.startHour", "must be an hour from 0 to 23") }
            if !(0...23).contains(quietHours.endHour) { issues.add("quietHours.endHour", "must be an hour from 0 to 23") }
            if quietHours.startHour == quietHours.endHour { issues.add("quietHours", "must leave some hours to send in; leave it out for none") }
        }
        let address = publicURL.trimmingWhitespace()
        if let url = URL(string: address), ["http", "https"].contains(url.scheme ?? ""), url.host != nil, url.query == nil, address.count <= 200 {
            valid.publicURL = address.hasSuffix("/") ? String(address.dropLast()) : address
        } else {
            issues.add("publicURL", "must be an http or https address such as https://kindred.example.org")
        }
        try issues.throwIfAny()
        return valid
    }

    /// `instant` if a message may go out then, else the first whole hour after it that is neither quiet nor (when
    /// weekends are skipped) on a Saturday or Sunday in `timeZone`.
    public func nextAllowedInstant(atOrAfter instant: Timestamp, timeZone: TimeZone) -> Timestamp {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        func allowed(_ candidate: Timestamp) -> Bool {
            let date = Date(timeIntervalSince1970: Double(candidate.millisecondsSinceEpoch) / 1000)
            let parts = calendar.dateComponents([.hour, .weekday], from: date)
            if let quietHours, quietHours.contains(parts.hour ?? 0) { return false }
            return !(skipWeekends && (parts.weekday == 1 || parts.weekday == 7))
        }
        if allowed(instant) { return instant }
        let hour: Int64 = 3_600_000
        var candidate = Timestamp(millisecondsSinceEpoch: (instant.millisecondsSinceEpoch / hour + 1) * hour)
        var steps = 0
        while !allowed(candidate) && steps < 24 * 8 { candidate = candidate.adding(milliseconds: hour); steps += 1 }
        return candidate
    }
}
