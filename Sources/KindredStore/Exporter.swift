import Foundation
import KindredCore
import SQLKit

/// Which records an export holds.
public struct ExportFilter: Sendable, Hashable {
    /// Constituents with this role.
    public var role: ConstituentRole?
    /// Constituents with this tag.
    public var tag: String?
    /// Gifts and interactions of this constituent.
    public var constituentId: String?
    /// Gifts to this campaign.
    public var campaignId: String?
    /// Interactions of this type.
    public var type: String?
    /// Gifts received, or interactions that happened, at or after this instant.
    public var from: Timestamp?
    /// … and before this instant.
    public var until: Timestamp?
    /// Constituents in this segment (its members now, or the static list's).
    public var segmentId: String?
    /// Constituents whose name or email contains this text (or with this phone number).
    public var text: String?
    /// Constituents matching this segment rule (e.g. a loyalty or engagement level).
    public var rule: SegmentRule?

    /// Creates a filter; nothing set exports everything the actor may see.
    public init(role: ConstituentRole? = nil, tag: String? = nil, constituentId: String? = nil, campaignId: String? = nil,
                type: String? = nil, from: Timestamp? = nil, until: Timestamp? = nil, segmentId: String? = nil, text: String? = nil,
                rule: SegmentRule? = nil) {
        self.role = role
        self.tag = tag
        self.constituentId = constituentId
        self.campaignId = campaignId
        self.type = type
        self.from = from
        self.until = until
        self.segmentId = segmentId
        self.text = text
        self.rule = rule
    }
}

/// Exports constituents, gifts and interactions as RFC 4180 CSV (UTF-8, formula-safe), page by page, so memory
/// stays flat; the columns are those of the import format, so an export imports back.
public struct Exporter: Sendable {
    let store: KindredStore
    static let pageSize = 500

    /// Creates an exporter over a store.
    public init(store: KindredStore) {
        self.store = store
    }

    /// The header line of an export.
    public static func header(_ kind: ImportKind) -> [String] {
        switch kind {
        case .constituents:
            ["id"] + ImportKind.constituents.columns + ["source", "created_at"]
        case .gifts:
            ["id", "constituent_id", "constituent_external_id", "constituent_name", "received_at", "amount", "currency", "status",
             "channel", "payment_method", "device", "referrer", "utm_source", "utm_medium", "utm_campaign", "campaign", "project",
             "recurring_plan_id", "source", "external_id"]
        case .interactions:
            ["id", "constituent_id", "occurred_at", "type", "channel", "direction", "properties", "source", "external_id"]
        }
    }

    /// Writes the export line by line through `write`; returns the number of records written.
    @discardableResult
    public func export(_ kind: ImportKind, filter: ExportFilter, by actor: Actor,
                       write: (String) async throws -> Void) async throws -> Int {
        try await write(CSVWriter.line(Self.header(kind)))
        var cursor: String?
        var written = 0
        repeat {
            let lines: [[String]]
            (lines, cursor) = try await page(kind, filter: filter, cursor: cursor, by: actor)
            for line in lines { try await write(CSVWriter.line(line)) }
            written += lines.count
        } while cursor != nil
        return written
    }

    private func page(_ kind: ImportKind, filter: ExportFilter, cursor: String?, by actor: Actor) async throws -> ([[String]], String?) {
        let range = timeRange(filter, column: kind == .gifts ? "received_at" : "occurred_at")
        switch kind {
        case .constituents:
            let page = try await ConstituentQueries(store: store).search(matching: filter, cursor: cursor, limit: Self.pageSize, by: actor)
            return (page.items.map(Self.constituentLine), page.nextCursor)
        case .gifts:
            var filters: [(column: String, value: String)] = []
            if let id = filter.constituentId { filters.append(("constituent_id", id)) }
            if let id = filter.campaignId { filters.append(("campaign_id", id)) }
            let page = try await store.gifts.list(filters: filters, extra: range, cursor: cursor, limit: Self.pageSize, by: actor)
            let names = try await lookups(page.items.map(\.fields))
            return (page.items.map { Self.giftLine($0, names) }, page.nextCursor)
        case .interactions:
            var filters: [(column: String, value: String)] = []
            if let id = filter.constituentId { filters.append(("constituent_id", id)) }
            if let type = filter.type { filters.append(("type", type)) }
            let page = try await store.interactions.list(filters: filters, extra: range, cursor: cursor, limit: Self.pageSize, by: actor)
            return (page.items.map(Self.interactionLine), page.nextCursor)
        }
    }

    private func timeRange(_ filter: ExportFilter, column: String) -> SQLQueryString? {
        var conditions: [SQLQueryString] = []
        if let from = filter.from { conditions.append("\(ident: column) >= \(bind: from.description)") }
        if let until = filter.until { conditions.append("\(ident: column) < \(bind: until.description)") }
        return conditions.isEmpty ? nil : conditions.joined(separator: " AND ")
    }

    /// Names by id: the donors' external ids and names, the campaigns' and projects' names.
    private func lookups(_ gifts: [GiftFields]) async throws -> [String: (String, String)] {
        let donors = Array(Set(gifts.map(\.constituentId)))
        let designations = Array(Set(gifts.flatMap { [$0.campaignId, $0.projectId].compactMap { $0 } }))
        guard !donors.isEmpty else { return [:] }
        return try await store.database.read { connection in
            var names: [String: (String, String)] = [:]
            for row in try await connection.raw("SELECT id, external_id, display_name FROM constituents WHERE id IN (\(binds: donors))").all() {
                names[try row.text("id")] = (try row.optionalText("external_id") ?? "", try row.text("display_name"))
            }
            if !designations.isEmpty {
                let rows = try await connection.raw("""
                    SELECT id, name FROM campaigns WHERE id IN (\(binds: designations))
                    UNION ALL SELECT id, name FROM projects WHERE id IN (\(binds: designations))
                    """).all()
                for row in rows { names[try row.text("id")] = ("", try row.text("name")) }
            }
            return names
        }
    }

    static func constituentLine(_ record: Record<ConstituentFields>) -> [String] {
        let fields = record.fields, address = fields.address
        return [record.id, fields.externalId ?? "", fields.givenName ?? "", fields.familyName ?? "", fields.displayName,
                fields.kind.rawValue, fields.emails.first ?? "", fields.phones.first ?? "", address?.line1 ?? "", address?.line2 ?? "",
                address?.postalCode ?? "", address?.city ?? "", address?.region ?? "", address?.country ?? "",
                fields.preferredLanguage.rawValue, fields.roles.map(\.rawValue).joined(separator: "|"),
                fields.tags.joined(separator: "|"), fields.source ?? "", record.createdAt.description]
    }

    static func giftLine(_ record: Record<GiftFields>, _ names: [String: (String, String)]) -> [String] {
        let gift = record.fields, donor = names[gift.constituentId]
        return [record.id, gift.constituentId, donor?.0 ?? "", donor?.1 ?? "", gift.receivedAt.description,
                DecimalAmount.text(gift.amountMinor, currency: gift.currency), gift.currency.code, gift.status.rawValue,
                gift.channel.rawValue, gift.paymentMethod?.rawValue ?? "", gift.device.rawValue, gift.attribution?.referrer ?? "",
                gift.attribution?.utmSource ?? "", gift.attribution?.utmMedium ?? "", gift.attribution?.utmCampaign ?? "",
                gift.campaignId.flatMap { names[$0]?.1 } ?? "", gift.projectId.flatMap { names[$0]?.1 } ?? "",
                gift.recurringPlanId ?? "", gift.source ?? "", gift.externalId ?? ""]
    }

    static func interactionLine(_ record: Record<InteractionFields>) -> [String] {
        let fields = record.fields
        return [record.id, fields.constituentId, fields.occurredAt.description, fields.type, fields.channel, fields.direction.rawValue,
                jsonText(fields.properties), fields.source ?? "", fields.externalId ?? ""]
    }
}
