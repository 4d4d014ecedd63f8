/// Credit for a gift given to someone other than the donor, e.g. the friend whose fundraising page it came through.
public struct SoftCredit: Sendable, Hashable, Codable {
    /// The credited constituent.
    public var constituentId: String
    /// The credited amount in minor units; the whole gift when absent.
    public var amountMinor: Int64?

    /// Creates a value from its parts.
    public init(constituentId: String, amountMinor: Int64? = nil) {
        self.constituentId = constituentId
        self.amountMinor = amountMinor
    }
}

/// Where a gift came from on the web: the referring page and UTM parameters.
public struct GiftAttribution: Sendable, Hashable, Codable {
    /// The referring URL or host.
    public var referrer: String?
    /// `utm_source`.
    public var utmSource: String?
    /// `utm_medium`.
    public var utmMedium: String?
    /// `utm_campaign`.
    public var utmCampaign: String?

    /// Creates a value from its parts.
    public init(referrer: String? = nil, utmSource: String? = nil, utmMedium: String? = nil, utmCampaign: String? = nil) {
        self.referrer = referrer
        self.utmSource = utmSource
        self.utmMedium = utmMedium
        self.utmCampaign = utmCampaign
    }
}

/// The validated fields of a gift.
public struct GiftFields: Sendable, Hashable, Codable {
    /// The donor (hard credit).
    public var constituentId: String
    /// The amount in minor units of `currency`.
    public var amountMinor: Int64
    /// ISO 4217 currency.
    public var currency: Currency
    /// When the gift was received.
    public var receivedAt: Timestamp
    /// How it reached the organisation.
    public var channel: GiftChannel
    /// How it was paid.
    public var paymentMethod: PaymentMethod?
    /// The device it was given on.
    public var device: Device
    /// Referrer and UTM parameters.
    public var attribution: GiftAttribution?
    /// The campaign it answers.
    public var campaignId: String?
    /// The project it supports.
    public var projectId: String?
    /// The fund it goes to.
    public var fundId: String?
    /// The recurring plan it belongs to.
    public var recurringPlanId: String?
    /// Soft credits to other constituents.
    public var softCredits: [SoftCredit]
    /// True for goods or services rather than money.
    public var inKind: Bool
    /// What was given, for in-kind gifts.
    public var inKindDescription: String?
    /// Completed, refunded, pending or failed.
    public var status: GiftStatus
    /// The system the gift came from.
    public var source: String?
    /// The gift's id in that system.
    public var externalId: String?

    /// Creates a value from its parts.
    public init(constituentId: String, amountMinor: Int64, currency: Currency, receivedAt: Timestamp, channel: GiftChannel, paymentMethod: PaymentMethod? = nil, device: Device, attribution: GiftAttribution? = nil, campaignId: String? = nil, projectId: String? = nil, fundId: String? = nil, recurringPlanId: String? = nil, softCredits: [SoftCredit], inKind: Bool, inKindDescription: String? = nil, status: GiftStatus, source: String? = nil, externalId: String? = nil) {
        self.constituentId = constituentId
        self.amountMinor = amountMinor
        self.currency = currency
        self.receivedAt = receivedAt
        self.channel = channel
        self.paymentMethod = paymentMethod
        self.device = device
        self.attribution = attribution
        self.campaignId = campaignId
        self.projectId = projectId
        self.fundId = fundId
        self.recurringPlanId = recurringPlanId
        self.softCredits = softCredits
        self.inKind = inKind
        self.inKindDescription = inKindDescription
        self.status = status
        self.source = source
        self.externalId = externalId
    }
}

/// A gift as sent to the API.
public struct GiftInput: RecordInput {
    /// `GiftFields.constituentId`, as sent; checked by `validated()`.
    public var constituentId: String?
    /// `GiftFields.amountMinor`, as sent; checked by `validated()`.
    public var amountMinor: Int64?
    /// `GiftFields.currency`, as sent; checked by `validated()`.
    public var currency: Currency?
    /// `GiftFields.receivedAt`, as sent; checked by `validated()`.
    public var receivedAt: Timestamp?
    /// `GiftFields.channel`, as sent; checked by `validated()`.
    public var channel: GiftChannel?
    /// `GiftFields.paymentMethod`, as sent; checked by `validated()`.
    public var paymentMethod: PaymentMethod?
    /// `GiftFields.device`, as sent; checked by `validated()`.
    public var device: Device?
    /// `GiftFields.attribution`, as sent; checked by `validated()`.
    public var attribution: GiftAttribution?
    /// `GiftFields.campaignId`, as sent; checked by `validated()`.
    public var campaignId: String?
    /// `GiftFields.projectId`, as sent; checked by `validated()`.
    public var projectId: String?
    /// `GiftFields.fundId`, as sent; checked by `validated()`.
    public var fundId: String?
    /// `GiftFields.recurringPlanId`, as sent; checked by `validated()`.
    public var recurringPlanId: String?
    /// `GiftFields.softCredits`, as sent; checked by `validated()`.
    public var softCredits: [SoftCredit]?
    /// `GiftFields.inKind`, as sent; checked by `validated()`.
    public var inKind: Bool?
    /// `GiftFields.inKindDescription`, as sent; checked by `validated()`.
    public var inKindDescription: String?
    /// `GiftFields.status`, as sent; checked by `validated()`.
    public var status: GiftStatus?
    /// `GiftFields.source`, as sent; checked by `validated()`.
    public var source: String?
    /// `GiftFields.externalId`, as sent; checked by `validated()`.
    public var externalId: String?

    /// Creates an input; used by importers and the demo generator.
    public init(constituentId: String?, amountMinor: Int64?, currency: Currency?, receivedAt: Timestamp?,
                channel: GiftChannel? = nil, paymentMethod: PaymentMethod? = nil, device: Device? = nil,
                attribution: GiftAttribution? = nil, campaignId: String? = nil, projectId: String? = nil, fundId: String? = nil,
                recurringPlanId: String? = nil, softCredits: [SoftCredit]? = nil, inKind: Bool? = nil,
                inKindDescription: String? = nil, status: GiftStatus? = nil, source: String? = nil, externalId: String? = nil) {
        self.constituentId = constituentId; self.amountMinor = amountMinor; self.currency = currency
        self.receivedAt = receivedAt; self.channel = channel; self.paymentMethod = paymentMethod; self.device = device
        self.attribution = attribution; self.campaignId = campaignId; self.projectId = projectId; self.fundId = fundId
        self.recurringPlanId = recurringPlanId; self.softCredits = softCredits; self.inKind = inKind
        self.inKindDescription = inKindDescription; self.status = status; self.source = source; self.externalId = externalId
    }

    /// Validates amount, currency, date, references, attribution and soft credits.
    public func validated() throws(ValidationFailure) -> GiftFields {
        var issues = IssueCollector()
        let donor = issues.identifier(constituentId, "constituentId", required: true)
        let amount = issues.amount(amountMinor, "amountMinor")
        let currency = issues.required(currency, "currency")
        let received = issues.required(receivedAt, "receivedAt")
        var credits: [SoftCredit] = []
        for (index, credit) in (softCredits ?? []).enumerated() {
            _ = issues.identifier(credit.constituentId, "softCredits[\(index)].constituentId", required: true)
            if let creditAmount = issues.amount(credit.amountMinor, "softCredits[\(index)].amountMinor", required: false),
               let amount, creditAmount > amount {
                issues.add("softCredits[\(index)].amountMinor", "must not exceed the gift amount")
            }
            if credit.constituentId == donor { issues.add("softCredits[\(index)].constituentId", "must not be the donor") }
            if credits.contains(where: { $0.constituentId == credit.constituentId }) {
                issues.add("softCredits[\(index)].constituentId", "is credited twice")
            }
            credits.append(credit)
        }
        if credits.count > 20 { issues.add("softCredits", "must have at most 20 entries") }
        let attribution = attribution.map {
            GiftAttribution(referrer: issues.text($0.referrer, "attribution.referrer", maxLength: 2000),
                            utmSource: issues.text($0.utmSource, "attribution.utmSource"),
                            utmMedium: issues.text($0.utmMedium, "attribution.utmMedium"),
                            utmCampaign: issues.text($0.utmCampaign, "attribution.utmCampaign"))
        }
        let isInKind = inKind ?? false
        let description = issues.text(inKindDescription, "inKindDescription", maxLength: 1000)
        if description != nil && !isInKind { issues.add("inKindDescription", "is only for in-kind gifts") }
        var fields = GiftFields(
            constituentId: donor ?? "", amountMinor: amount ?? 0, currency: currency ?? Currency(code: "EUR")!,
            receivedAt: received ?? Timestamp(millisecondsSinceEpoch: 0), channel: channel ?? .other,
            paymentMethod: paymentMethod, device: device ?? .unknown,
            attribution: attribution == GiftAttribution() ? nil : attribution,
            campaignId: issues.identifier(campaignId, "campaignId"), projectId: issues.identifier(projectId, "projectId"),
            fundId: issues.identifier(fundId, "fundId"), recurringPlanId: issues.identifier(recurringPlanId, "recurringPlanId"),
            softCredits: credits, inKind: isInKind, inKindDescription: description, status: status ?? .completed,
            source: nil, externalId: nil)
        (fields.source, fields.externalId) = issues.externalReference(source: source, externalId: externalId)
        try issues.throwIfAny()
        return fields
    }
}

/// The validated fields of a recurring plan (a standing order or monthly card gift).
public struct RecurringPlanFields: Sendable, Hashable, Codable {
    /// The donor.
    public var constituentId: String
    /// The amount per instalment in minor units.
    public var amountMinor: Int64
    /// ISO 4217 currency.
    public var currency: Currency
    /// How often it gives.
    public var frequency: RecurringFrequency
    /// Active, paused, lapsed or closed.
    public var status: RecurringPlanStatus
    /// Why the plan was closed; required when it is.
    public var closedReason: String?
    /// The first instalment's date.
    public var startsOn: CalendarDate
    /// The last date, if ended.
    public var endsOn: CalendarDate?
    /// The campaign that recruited it.
    public var campaignId: String?
    /// The system the plan came from.
    public var source: String?
    /// The plan's id in that system.
    public var externalId: String?

    /// Creates a value from its parts.
    public init(constituentId: String, amountMinor: Int64, currency: Currency, frequency: RecurringFrequency, status: RecurringPlanStatus, closedReason: String? = nil, startsOn: CalendarDate, endsOn: CalendarDate? = nil, campaignId: String? = nil, source: String? = nil, externalId: String? = nil) {
        self.constituentId = constituentId
        self.amountMinor = amountMinor
        self.currency = currency
        self.frequency = frequency
        self.status = status
        self.closedReason = closedReason
        self.startsOn = startsOn
        self.endsOn = endsOn
        self.campaignId = campaignId
        self.source = source
        self.externalId = externalId
    }
}

/// A recurring plan as sent to the API.
public struct RecurringPlanInput: RecordInput {
    /// `RecurringPlanFields.constituentId`, as sent; checked by `validated()`.
    public var constituentId: String?
    /// `RecurringPlanFields.amountMinor`, as sent; checked by `validated()`.
    public var amountMinor: Int64?
    /// `RecurringPlanFields.currency`, as sent; checked by `validated()`.
    public var currency: Currency?
    /// `RecurringPlanFields.frequency`, as sent; checked by `validated()`.
    public var frequency: RecurringFrequency?
    /// `RecurringPlanFields.status`, as sent; checked by `validated()`.
    public var status: RecurringPlanStatus?
    /// `RecurringPlanFields.closedReason`, as sent; checked by `validated()`.
    public var closedReason: String?
    /// `RecurringPlanFields.startsOn`, as sent; checked by `validated()`.
    public var startsOn: CalendarDate?
    /// `RecurringPlanFields.endsOn`, as sent; checked by `validated()`.
    public var endsOn: CalendarDate?
    /// `RecurringPlanFields.campaignId`, as sent; checked by `validated()`.
    public var campaignId: String?
    /// `RecurringPlanFields.source`, as sent; checked by `validated()`.
    public var source: String?
    /// `RecurringPlanFields.externalId`, as sent; checked by `validated()`.
    public var externalId: String?

    /// Validates amount, currency, dates and the closing reason.
    public func validated() throws(ValidationFailure) -> RecurringPlanFields {
        var issues = IssueCollector()
        let status = self.status ?? .active
        let reason = issues.text(closedReason, "closedReason", maxLength: 500)
        if status == .closed && reason == nil { issues.add("closedReason", "is required when the plan is closed") }
        if status != .closed && reason != nil { issues.add("closedReason", "is only for closed plans") }
        if let startsOn, let endsOn, endsOn < startsOn { issues.add("endsOn", "must not be before startsOn") }
        var fields = RecurringPlanFields(
            constituentId: issues.identifier(constituentId, "constituentId", required: true) ?? "",
            amountMinor: issues.amount(amountMinor, "amountMinor") ?? 0,
            currency: issues.required(currency, "currency") ?? Currency(code: "EUR")!,
            frequency: issues.required(frequency, "frequency") ?? .monthly, status: status, closedReason: reason,
            startsOn: issues.required(startsOn, "startsOn") ?? CalendarDate(daysSinceEpoch: 0), endsOn: endsOn,
            campaignId: issues.identifier(campaignId, "campaignId"), source: nil, externalId: nil)
        (fields.source, fields.externalId) = issues.externalReference(source: source, externalId: externalId)
        try issues.throwIfAny()
        return fields
    }

    /// Creates a value from its parts.
    public init(constituentId: String? = nil, amountMinor: Int64? = nil, currency: Currency? = nil, frequency: RecurringFrequency? = nil, status: RecurringPlanStatus? = nil, closedReason: String? = nil, startsOn: CalendarDate? = nil, endsOn: CalendarDate? = nil, campaignId: String? = nil, source: String? = nil, externalId: String? = nil) {
        self.constituentId = constituentId
        self.amountMinor = amountMinor
        self.currency = currency
        self.frequency = frequency
        self.status = status
        self.closedReason = closedReason
        self.startsOn = startsOn
        self.endsOn = endsOn
        self.campaignId = campaignId
        self.source = source
        self.externalId = externalId
    }
}
