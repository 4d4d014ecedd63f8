import Foundation
import KindredCore
import SQLKit

/// Every repository over one database, with the clock they share. What counts how (fiscal year, time zone, engagement
/// weights) is the organisation's settings, stored in the database and read where it is needed.
public struct KindredStore: Sendable {
    /// The database.
    public let database: Database
    /// The clock; tests pass a fixed one.
    public let clock: @Sendable () -> Timestamp
    /// The group commit of the event log, shared by every copy of this store.
    let eventQueue = EventCommitQueue()

    /// Creates the store over an open database.
    public init(database: Database, clock: @escaping @Sendable () -> Timestamp = { Timestamp.now }) {
        self.database = database
        self.clock = clock
    }

    /// A repository over one table, sharing this store's database and clock.
    func repository<Fields>(_ mapping: TableMapping<Fields>, references: @escaping @Sendable (Fields) -> [Reference] = { _ in [] },
                                    prepare: @escaping @Sendable (Fields, any SQLDatabase) async throws -> Fields = { fields, _ in fields },
                                    afterWrite: @escaping @Sendable (Record<Fields>, Fields?, any SQLDatabase) async throws -> Void = { _, _, _ in },
                                    afterDelete: @escaping @Sendable (Record<Fields>, any SQLDatabase) async throws -> Void = { _, _ in },
                                    complete: @escaping @Sendable ([Record<Fields>], any SQLDatabase) async throws -> [Record<Fields>] = { records, _ in records })
        -> Repository<Fields> {
        Repository(mapping: mapping, database: database, clock: clock, references: references, prepare: prepare,
                   afterWrite: afterWrite, afterDelete: afterDelete, complete: complete)
    }

    /// People and organisations.
    public var constituents: Repository<ConstituentFields> {
        repository(ConstituentRecords.mapping,
                   references: { [Reference(field: "householdId", table: "households", id: $0.householdId),
                                  Reference(field: "accountOwnerId", table: "staff_users", id: $0.accountOwnerId)] },
                   afterWrite: ConstituentRecords.writeChildren, complete: ConstituentRecords.loadChildren)
    }

    /// Households.
    public var households: Repository<HouseholdFields> { repository(OtherRecords.household) }

    /// Directional relationships between constituents.
    public var relationships: Repository<RelationshipFields> { repository(OtherRecords.relationship) }

    /// Campaigns, projects or funds.
    public func designations(_ kind: DesignationKind) -> Repository<DesignationFields> { repository(OtherRecords.designation(kind)) }

    /// Gifts, with soft credits and rollups kept in step.
    public var gifts: Repository<GiftFields> {
        repository(
            GivingRecords.gift, references: GivingRecords.giftReferences,
            afterWrite: { record, old, connection in
                try await GivingRecords.afterGiftWrite(record, old, timeZone: try await OrganisationSettingsStore.timeZone(on: connection), on: connection)
            },
            afterDelete: { record, connection in
                let timeZone = try await OrganisationSettingsStore.timeZone(on: connection)
                try await OrganisationGiving.apply([record.fields], sign: -1, timeZone: timeZone, on: connection)
                try await Rollups.recompute(constituentId: record.fields.constituentId, timeZone: timeZone, on: connection)
            },
            complete: GivingRecords.loadSoftCredits)
    }

    /// Recurring plans.
    public var recurringPlans: Repository<RecurringPlanFields> {
        repository(GivingRecords.recurringPlan, references: { [Reference(field: "campaignId", table: "campaigns", id: $0.campaignId)] })
    }

    /// Interactions: the timeline's touchpoints.
    public var interactions: Repository<InteractionFields> {
        repository(
            OtherRecords.interaction,
            afterWrite: { record, previous, connection in
                if let previous {
                    try await EngagementLedger.recompute(constituentIds: Array(Set([previous.constituentId, record.fields.constituentId])), on: connection)
                } else {
                    try await EngagementLedger.add([record.fields], on: connection)
                }
            },
            afterDelete: { record, connection in try await EngagementLedger.recompute(constituentIds: [record.fields.constituentId], on: connection) })
    }

    /// Consent records.
    public var consent: Repository<ConsentFields> { repository(OtherRecords.consent) }
}
