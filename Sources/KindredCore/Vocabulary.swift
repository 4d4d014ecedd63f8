import Foundation
/// A closed set of string values (an enum) whose decoding error lists the allowed values.
public protocol Vocabulary: RawRepresentable, CaseIterable, Sendable, Hashable, Codable where RawValue == String {}

extension Vocabulary {
    /// Decodes a known value; an unknown one fails with "must be one of: …".
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let raw = try container.decode(String.self)
        guard let value = Self(rawValue: raw) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "must be one of: \(Self.allowedValues)")
        }
        self = value
    }

    /// Encodes the raw value.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// The allowed values, comma separated.
    public static var allowedValues: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// Whether a constituent is a person or an organisation.
public enum ConstituentKind: String, Vocabulary { case person, organisation }

/// The languages Kindred speaks to supporters in.
public enum Language: String, Vocabulary {
    case en, nl, fr

    /// The best supported language of an HTTP `Accept-Language` header (by quality, then order), English when none.
    public static func preferred(acceptLanguage header: String?) -> Language {
        let choices = (header ?? "").split(separator: ",").enumerated().compactMap { index, part -> (Language, Double, Int)? in
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = pieces.first?.lowercased(), let language = Language(rawValue: String(tag.prefix(2))) else { return nil }
            let quality = pieces.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            return quality > 0 ? (language, quality, index) : nil
        }
        return choices.min { ($1.1, $0.2) < ($0.1, $1.2) }?.0 ?? .en
    }
}

/// The roles a constituent can hold, several at once.
public enum ConstituentRole: String, Vocabulary {
    case donor, member, volunteer, client, caregiver

    /// Roles whose records are sensitive client data, seen by programme staff.
    public static let sensitive: Set<ConstituentRole> = [.client, .caregiver]
}

/// Kinds of directional relationship: `from` is the caregiver of, was referred by, is employed by… `to`.
public enum RelationshipKind: String, Vocabulary {
    case caregiverOf = "caregiver_of", referredBy = "referred_by", employeeOf = "employee_of"
    case householdMember = "household_member", custom
}

/// The kind of caregiver in a `caregiver_of` relationship.
public enum CaregiverKind: String, Vocabulary { case family, nurse, teacher, counsellor, friend, other }

/// Channels a constituent can consent to be contacted on.
public enum ConsentChannel: String, Vocabulary { case email, phone, sms, post, whatsapp, social }

/// Whether consent was granted or withdrawn.
public enum ConsentStatus: String, Vocabulary { case granted, withdrawn }

/// How a gift reached the organisation.
public enum GiftChannel: String, Vocabulary {
    case online, mail, phone, event, peerToPeer = "peer_to_peer", inPerson = "in_person", bankTransfer = "bank_transfer", other
}

/// How a gift was paid.
public enum PaymentMethod: String, Vocabulary {
    case card, directDebit = "direct_debit", bankTransfer = "bank_transfer", ideal, paypal, cash, cheque, inKind = "in_kind", other
}

/// The device a gift or interaction was made on.
public enum Device: String, Vocabulary { case desktop, mobile, tablet, unknown }

/// The state of a gift; only completed gifts count in rollups.
public enum GiftStatus: String, Vocabulary { case completed, refunded, pending, failed }

/// How often a recurring plan gives.
public enum RecurringFrequency: String, Vocabulary { case monthly, quarterly, yearly }

/// The state of a recurring plan.
public enum RecurringPlanStatus: String, Vocabulary { case active, paused, lapsed, closed }

/// Who started an interaction.
public enum InteractionDirection: String, Vocabulary {
    case inbound, outbound
}

/// The kinds of catalogue entry a gift can name.
public enum DesignationKind: String, Vocabulary {
    case campaign, project, fund
}
