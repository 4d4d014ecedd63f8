/// The roles of staff users and API keys.
public enum StaffRole: String, Vocabulary {
    case admin, fundraiser, programStaff = "program_staff", viewer
}

/// The kinds of record the API guards.
public enum ProtectedResource: String, Sendable, CaseIterable {
    case constituents, households, relationships, designations, gifts, recurringPlans, interactions, consent
    case users, apiKeys, auditLog
    /// CSV import runs and their reports.
    case imports
    /// Organisation settings (the profile, the event mapping, engagement weights).
    case settings
    /// Reports: retention, RFM, the dashboard's figures; writing means refreshing them.
    case reports
    /// Segments, static lists and personas (their members follow constituent visibility).
    case segments
    /// Staff tasks about constituents (they follow constituent visibility).
    case tasks
    /// Feedback from supporters (it follows constituent visibility).
    case feedback
    /// Message templates and the messages sent to supporters (they follow constituent visibility).
    case messages
}

/// What a role may do: read or write.
public enum AccessAction: String, Sendable, CaseIterable { case read, write }

/// Which constituents a role may see.
public enum ConstituentScope: Sendable, Hashable {
    /// Every constituent.
    case all
    /// Everyone but clients and caregivers, unless they are also donors.
    case supporters
    /// Only clients and caregivers.
    case clientsAndCaregivers
}

/// The permission table, in one place, used by the API and shown in the README.
public enum AccessPolicy {
    /// Whether `role` may perform `action` on `resource` at all (record-level scope applies on top).
    public static func allows(_ role: StaffRole, _ action: AccessAction, _ resource: ProtectedResource) -> Bool {
        switch role {
        case .admin:
            return true
        case .fundraiser:
            return ![.users, .apiKeys, .auditLog].contains(resource) && !(resource == .settings && action == .write)
        case .programStaff:
            return [.constituents, .households, .relationships, .interactions, .consent, .segments, .tasks].contains(resource)
                || (action == .read && [.designations, .settings].contains(resource))
        case .viewer:
            return action == .read && ![.users, .apiKeys, .auditLog, .imports].contains(resource)
        }
    }

    /// The constituents `role` may see.
    public static func scope(of role: StaffRole) -> ConstituentScope {
        switch role {
        case .admin: .all
        case .fundraiser, .viewer: .supporters
        case .programStaff: .clientsAndCaregivers
        }
    }

    /// Whether a constituent with `roles` is inside `scope`.
    public static func contains(_ scope: ConstituentScope, roles: [ConstituentRole]) -> Bool {
        let sensitive = !ConstituentRole.sensitive.isDisjoint(with: roles)
        switch scope {
        case .all: return true
        case .supporters: return !sensitive || roles.contains(.donor)
        case .clientsAndCaregivers: return sensitive
        }
    }
}
