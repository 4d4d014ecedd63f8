/// Where a constituent stands in their giving relationship in the current fiscal year.
public enum LoyaltyLevel: String, Vocabulary {
    /// Never gave a counted gift.
    case prospect
    /// First counted gift in the current fiscal year.
    case new
    /// Gave this year and in at least one earlier year.
    case `repeat`
    /// An active recurring plan, or gave in each of the last three fiscal years including this one.
    case structural
    /// Gave this year, not last year, and before last year.
    case recaptured
    /// Gave last year, not yet this year.
    case lapsed
    /// Last gift before last year.
    case lost
}

/// The facts loyalty is decided on: the fiscal years with a counted gift (completed, amount > 0, any currency, soft
/// credits excluded) up to the date asked about, and whether a recurring plan is active then.
public struct LoyaltyFacts: Sendable, Hashable {
    /// Fiscal years with at least one counted gift.
    public let givingYears: Set<Int>
    /// True when the constituent has an active recurring plan.
    public let hasActiveRecurringPlan: Bool

    /// Creates the facts.
    public init(givingYears: Set<Int>, hasActiveRecurringPlan: Bool) {
        self.givingYears = givingYears
        self.hasActiveRecurringPlan = hasActiveRecurringPlan
    }

    /// The loyalty level in fiscal year `year` (years after it are ignored). Where several levels apply,
    /// structural > recaptured > repeat > new.
    public func level(inFiscalYear year: Int) -> LoyaltyLevel {
        let years = givingYears.filter { $0 <= year }
        let threeYears = (year - 2...year).allSatisfy(years.contains)
        if hasActiveRecurringPlan || threeYears { return .structural }
        guard let first = years.min() else { return .prospect }
        if years.contains(year) {
            if !years.contains(year - 1) && first < year - 1 { return .recaptured }
            return first < year ? .repeat : .new
        }
        return years.contains(year - 1) ? .lapsed : .lost
    }
}

/// How a constituent first came to give: the channel, campaign, device and referrer of the first counted gift, and
/// whether it came through a friend's action (a peer-to-peer gift or one soft-credited to someone else).
public struct AcquisitionSource: Sendable, Hashable, Codable {
    /// The first counted gift.
    public let giftId: String
    /// When it was received.
    public let receivedAt: Timestamp
    /// Its channel.
    public let channel: GiftChannel
    /// Its campaign, if any.
    public let campaignId: String?
    /// The device it was given on.
    public let device: Device
    /// The referring site, if known.
    public let referrer: String?
    /// True when a friend's action brought it in.
    public let throughFriend: Bool

    /// Creates the source; `hasSoftCredit` marks a gift credited to someone else too.
    public init(giftId: String, receivedAt: Timestamp, channel: GiftChannel, campaignId: String?, device: Device,
                referrer: String?, hasSoftCredit: Bool) {
        self.giftId = giftId
        self.receivedAt = receivedAt
        self.channel = channel
        self.campaignId = campaignId
        self.device = device
        self.referrer = referrer
        throughFriend = hasSoftCredit || channel == .peerToPeer
    }
}

/// A constituent's loyalty at a date: the level, the facts it was decided on and how they were acquired.
public struct LoyaltyStatus: Sendable, Hashable, Codable {
    /// The constituent.
    public let constituentId: String
    /// The date asked about, in the organisation's time zone.
    public let date: CalendarDate
    /// The fiscal year of that date.
    public let fiscalYear: Int
    /// The level.
    public let level: LoyaltyLevel
    /// Fiscal years with a counted gift, up to the date, oldest first.
    public let givingYears: [Int]
    /// True when a recurring plan was active at the date.
    public let hasActiveRecurringPlan: Bool
    /// The first counted gift's source; nil for a prospect.
    public let acquisition: AcquisitionSource?

    /// Decides the level from the facts.
    public init(constituentId: String, date: CalendarDate, calendar: FiscalCalendar, facts: LoyaltyFacts, acquisition: AcquisitionSource?) {
        self.constituentId = constituentId
        self.date = date
        fiscalYear = calendar.fiscalYear(of: date)
        level = facts.level(inFiscalYear: fiscalYear)
        givingYears = facts.givingYears.filter { $0 <= calendar.fiscalYear(of: date) }.sorted()
        hasActiveRecurringPlan = facts.hasActiveRecurringPlan
        self.acquisition = acquisition
    }
}
