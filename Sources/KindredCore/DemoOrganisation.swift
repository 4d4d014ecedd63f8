/// A deterministic random number generator (SplitMix64), so `kindred demo --seed N` always builds the same organisation.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// Creates a generator from a seed.
    public init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}

/// A demo organisation: constituents, then gifts and interactions that refer to them by position.
public struct DemoOrganisation: Sendable {
    /// A gift whose donor (and soft-credited friend) are positions in `constituents`.
    public struct Gift: Sendable {
        /// The donor.
        public let donor: Int
        /// The friend.
        public let friend: Int?
        /// The input.
        public let input: GiftInput
        /// The plan.
        public let plan: Int?
        /// The campaign.
        public let campaign: Int?
    }

    /// A recurring plan of the constituent at a position.
    public struct Plan: Sendable {
        /// The donor.
        public let donor: Int
        /// The input.
        public let input: RecurringPlanInput
    }

    /// An interaction of the constituent at a position.
    public struct Interaction: Sendable {
        /// The constituent.
        public let constituent: Int
        /// The input.
        public let input: InteractionInput
    }

    /// A caregiver (position) caring for a client (position).
    public struct Care: Sendable {
        /// The caregiver.
        public let caregiver: Int
        /// The client.
        public let client: Int
        /// The kind.
        public let kind: CaregiverKind
    }

    /// The people and organisations.
    public var constituents: [ConstituentInput] = []
    /// The campaigns.
    public var campaigns: [DesignationInput] = []
    /// The recurring plans.
    public var plans: [Plan] = []
    /// The gifts.
    public var gifts: [Gift] = []
    /// The interactions.
    public var interactions: [Interaction] = []
    /// Caregiver relationships.
    public var care: [Care] = []
    /// Households, each with the positions of its members.
    public var households: [(name: String, members: [Int])] = []

    private static let givenNames = ["Anna", "Bram", "Chloé", "Daan", "Emma", "Finn", "Julie", "Lucas", "Marie", "Noah", "Sophie",
                                     "Thomas", "Lotte", "Jules", "Sanne", "Louis", "Fleur", "Milan", "Camille", "Ruben"]
    private static let familyNames = ["Jansen", "de Vries", "Peeters", "Martin", "Bakker", "Dubois", "Visser", "Maes", "Smit",
                                      "Lambert", "Mulder", "Leroy", "de Boer", "Claes", "Bos", "Girard", "Dekker", "Willems"]
    private static let interactionKinds: [(type: String, channel: String)] = [
        ("email_opened", "email"), ("email_link_clicked", "email"), ("email_forwarded", "email"), ("article_read", "web"),
        ("page_viewed", "web"), ("post_liked", "social"), ("post_shared", "social"), ("comment_posted", "social"),
        ("event_registered", "event"), ("event_attended", "event"), ("volunteer_shift_completed", "volunteering"),
        ("feedback_given", "email"),
    ]

    /// Generates an organisation of `size` constituents ending on `today`, with about four gifts and twenty
    /// interactions per constituent over five years: one-off, recurring, lapsed and recaptured donors.
    public static func generate(seed: UInt64, today: Timestamp, size: Int = 5000) -> DemoOrganisation {
        var random = SeededGenerator(seed: seed)
        var demo = DemoOrganisation()
        let day: Int64 = 86_400_000
        let campaignNames = ["Winter appeal", "Spring run", "Summer camp", "Back to school", "Giving Tuesday", "Year-end"]
        demo.campaigns = campaignNames.enumerated().map { offset, name in
            DesignationInput(name: name, code: "C\(offset + 1)", description: "Demo campaign: \(name)")
        }
        for index in 0..<size {
            let given = givenNames.randomElement(using: &random)!, family = familyNames.randomElement(using: &random)!
            let isOrganisation = index % 100 == 99
            var roles: [ConstituentRole] = index % 25 == 0 ? [.client] : index % 25 == 1 ? [.caregiver] : [.donor]
            if index % 7 == 0 { roles.append(.volunteer) }
            demo.constituents.append(ConstituentInput(
                kind: isOrganisation ? .organisation : .person, givenName: isOrganisation ? nil : given,
                familyName: isOrganisation ? nil : family, displayName: isOrganisation ? "\(family) Foundation" : nil,
                emails: ["\(given).\(family).\(index)@example.org".lowercased().replacingOccurrences(of: " ", with: "")
                    .replacingOccurrences(of: "é", with: "e")],
                preferredLanguage: Language.allCases.randomElement(using: &random)!, roles: roles,
                tags: index % 10 == 0 ? ["newsletter"] : [], source: "demo", externalId: "c\(index)"))
            if index % 10 == 3 && !isOrganisation && index + 1 < size {
                demo.households.append(("The \(family) household", [index, index + 1]))
                demo.constituents[index].familyName = family
            }
            if index % 10 == 4, let household = demo.households.last, household.members.last == index {
                demo.constituents[index].familyName = demo.constituents[index - 1].familyName
            }
            if index % 25 == 1 { demo.care.append(Care(caregiver: index, client: index - 1, kind: CaregiverKind.allCases.randomElement(using: &random)!)) }
        }
        let donors = (0..<size).filter { $0 % 25 > 1 }
        var giftNumber = 0
        for donor in donors {
            let pattern = Int.random(in: 0..<10, using: &random)
            let count = pattern < 2 ? 18 : pattern < 7 ? Int.random(in: 1...4, using: &random) : Int.random(in: 0...2, using: &random)
            let firstDay = Int64.random(in: pattern < 2 ? 600...1800 : pattern >= 7 ? 900...1800 : 30...1800, using: &random)
            if pattern < 2 {
                demo.plans.append(Plan(donor: donor, input: RecurringPlanInput(
                    amountMinor: 1500, currency: Currency(code: "EUR"), frequency: .monthly,
                    status: pattern == 0 ? .active : .closed, closedReason: pattern == 0 ? nil : "moved abroad",
                    startsOn: today.adding(milliseconds: -firstDay * day).utcDate, source: "demo", externalId: "p\(donor)")))
            }
            for gift in 0..<count {
                let daysAgo = pattern < 2 ? firstDay - Int64(gift) * 30
                    : pattern == 9 && gift > 0 ? Int64.random(in: 0...200, using: &random)
                    : pattern >= 7 ? Int64.random(in: (firstDay / 2)...firstDay, using: &random)
                    : Int64.random(in: 0...firstDay, using: &random)
                guard daysAgo >= 0 else { break }
                let friend = Int.random(in: 0..<20, using: &random) == 0 ? donors.randomElement(using: &random) : nil
                let device = Device.allCases.randomElement(using: &random)!
                giftNumber += 1
                demo.gifts.append(Gift(
                    donor: donor, friend: friend == donor ? nil : friend,
                    input: GiftInput(
                        constituentId: nil, amountMinor: Int64([500, 1000, 2500, 5000, 10000, 25000].randomElement(using: &random)!),
                        currency: Currency(code: "EUR"), receivedAt: today.adding(milliseconds: -daysAgo * day - Int64.random(in: 0..<day, using: &random)),
                        channel: friend != nil ? .peerToPeer : [.online, .online, .mail, .phone, .event].randomElement(using: &random)!,
                        paymentMethod: [.card, .ideal, .directDebit, .bankTransfer].randomElement(using: &random)!, device: device,
                        attribution: GiftAttribution(referrer: ["google.com", "facebook.com", "newsletter", nil].randomElement(using: &random)!,
                                                     utmSource: ["newsletter", "facebook", "google", nil].randomElement(using: &random)!),
                        status: Int.random(in: 0..<50, using: &random) == 0 ? .refunded : .completed,
                        source: "demo", externalId: "g\(giftNumber)"),
                    plan: pattern < 2 ? demo.plans.count - 1 : nil,
                    campaign: Int.random(in: 0..<3, using: &random) == 0 ? Int.random(in: 0..<demo.campaigns.count, using: &random) : nil))
            }
        }
        for number in 0..<(size * 20) {
            let kind = interactionKinds.randomElement(using: &random)!
            demo.interactions.append(Interaction(
                constituent: Int.random(in: 0..<size, using: &random),
                input: InteractionInput(
                    constituentId: nil, type: kind.type, channel: kind.channel,
                    occurredAt: today.adding(milliseconds: -Int64.random(in: 0..<(1825 * day), using: &random)),
                    direction: .inbound, properties: [:], source: "demo", externalId: "i\(number)")))
        }
        return demo
    }
}
