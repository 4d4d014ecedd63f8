import KindredCore
import SQLKit

/// One entry of a constituent's timeline: a gift or an interaction.
public struct TimelineEntry: Sendable, Hashable, Codable {
    /// `gift` or `interaction`.
    public let kind: String
    /// The gift's or interaction's id.
    public let id: String
    /// When it happened.
    public let at: Timestamp
    /// The interaction type, or `gift`.
    public let type: String
    /// The channel.
    public let channel: String
    /// The gift's amount, for gifts.
    public let amountMinor: Int64?
    /// The gift's currency, for gifts.
    public let currency: String?
}

/// The searches and views over constituents that are more than one record.
public struct ConstituentQueries: Sendable {
    /// The store queried.
    public let store: KindredStore

    /// Creates the queries over a store.
    public init(store: KindredStore) {
        self.store = store
    }

    /// Constituents matching a name, email or phone, and having a role and a tag, in `order` (creation order by default).
    public func search(text: String?, role: ConstituentRole?, tag: String?, extra: SQLQueryString? = nil, cursor: String?, limit: Int,
                       order: PeopleOrder = .added, by actor: Actor) async throws -> Page<Record<ConstituentFields>> {
        var conditions: [SQLQueryString] = extra.map { [$0] } ?? []
        if let text = text?.trimmingWhitespace().lowercased(), !text.isEmpty {
            let pattern = "%" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
                .replacingOccurrences(of: "_", with: "\\_") + "%"
            var matches: [SQLQueryString] = [
                "search_name LIKE \(bind: pattern) ESCAPE '\\'",
                "id IN (SELECT constituent_id FROM constituent_emails WHERE email LIKE \(bind: pattern) ESCAPE '\\')",
            ]
            if let phone = ContactNormalisation.phone(text) {
                matches.append("id IN (SELECT constituent_id FROM constituent_phones WHERE phone = \(bind: phone))")
            }
            conditions.append("(" + matches.joined(separator: " OR ") + ")")
        }
        if let role {
            conditions.append("id IN (SELECT constituent_id FROM constituent_roles WHERE role = \(bind: role.rawValue))")
        }
        if let tag {
            conditions.append("id IN (SELECT constituent_id FROM constituent_tags WHERE tag_key = \(bind: tag.lowercased()))")
        }
        let extra: SQLQueryString? = conditions.isEmpty ? nil : conditions.joined(separator: " AND ")
        let currency = order.countsGiving ? try await OrganisationSettingsStore.profile(in: store.database).currency : nil
        return try await store.constituents.list(extra: extra, cursor: cursor, limit: limit, order: order.listOrder(currency: currency), by: actor)
    }

    /// Constituents matching every part of `filter` that concerns people (text, role, tag, rule, segment), in `order`.
    public func search(matching filter: ExportFilter, cursor: String?, limit: Int, order: PeopleOrder = .added, by actor: Actor) async throws -> Page<Record<ConstituentFields>> {
        let segments = store.segments
        let conditions: [SQLQueryString] = try await store.database.read { connection in
            var conditions: [SQLQueryString] = []
            if let id = filter.segmentId { conditions.append(try await segments.condition(of: try await segments.load(id, on: connection), on: connection)) }
            if let rule = filter.rule { conditions.append(try await segments.compiler(on: connection).condition(rule)) }
            return conditions
        }
        return try await search(text: filter.text, role: filter.role, tag: filter.tag, extra: conditions.isEmpty ? nil : conditions.joined(separator: " AND "),
                                cursor: cursor, limit: limit, order: order, by: actor)
    }

    /// Gifts and interactions of a constituent, newest first, optionally on one channel; the cursor is the last entry's `at|id`.
    public func timeline(of id: String, channel: String? = nil, cursor: String?, limit: Int, by actor: Actor) async throws -> Page<TimelineEntry> {
        _ = try await store.constituents.get(id, by: actor)
        var after: SQLQueryString = ""
        if let cursor {
            let parts = cursor.split(separator: "|", maxSplits: 1).map(String.init)
            guard parts.count == 2, let at = Timestamp(iso8601: parts[0]), RecordIdentifier.isValid(parts[1]) else {
                throw ValidationFailure([FieldIssue(field: "cursor", message: "is not a cursor this list returned")])
            }
            after = " WHERE (at < \(bind: at.description) OR (at = \(bind: at.description) AND id < \(bind: parts[1])))"
        }
        if let channel { after = after + (cursor == nil ? " WHERE " : " AND ") + "channel = \(bind: channel)" }
        let query: SQLQueryString = """
            SELECT * FROM (
              SELECT 'gift' AS kind, id, received_at AS at, 'gift' AS type, channel, amount_minor, currency FROM gifts WHERE constituent_id = \(bind: id)
              UNION ALL
              SELECT 'interaction' AS kind, id, occurred_at AS at, type, channel, NULL AS amount_minor, NULL AS currency FROM interactions WHERE constituent_id = \(bind: id)
            ) timeline
            """ + after + " ORDER BY at DESC, id DESC LIMIT \(literal: limit + 1)"
        let rows = try await store.database.read { try await $0.raw(query).all() }
        let entries = try rows.map { row in
            TimelineEntry(kind: try row.text("kind"), id: try row.text("id"), at: try row.timestamp("at"), type: try row.text("type"),
                          channel: try row.text("channel"), amountMinor: try row.optionalInt64("amount_minor"),
                          currency: try row.optionalText("currency"))
        }
        let items = Array(entries.prefix(limit))
        let next = entries.count > limit ? items.last.map { "\($0.at)|\($0.id)" } : nil
        return Page(items: items, nextCursor: next)
    }

    /// The constituent's giving summary per currency, as of the store's clock in the organisation's time zone.
    public func givingSummary(of id: String, by actor: Actor) async throws -> [GivingSummary] {
        try await summary(of: id, by: actor).giving
    }

    /// The constituent (read once, visibility checked and audited) and its giving summary per currency.
    public func summary(of id: String, by actor: Actor) async throws -> (constituent: Record<ConstituentFields>, giving: [GivingSummary]) {
        let constituent = try await store.constituents.get(id, by: actor)
        let (rollups, profile) = try await store.database.read { connection in
            (try await Rollups.load(constituentId: id, on: connection), try await OrganisationSettingsStore.profile.load(on: connection))
        }
        let today = profile.localDate(store.clock())
        return (constituent, rollups.map { GivingSummary(rollup: $0, today: today, calendar: profile.fiscalCalendar) })
    }

    /// The rollups recomputed from scratch from the gifts, for checking that the stored ones are exact.
    public func recomputedRollups(of id: String) async throws -> [CurrencyRollup] {
        try await store.database.read { connection in
            CurrencyRollup.compute(from: try await Rollups.giftFacts(of: [id], on: connection)[id] ?? [],
                                   timeZone: try await OrganisationSettingsStore.timeZone(on: connection))
        }
    }

    /// The stored rollups.
    public func storedRollups(of id: String) async throws -> [CurrencyRollup] {
        try await store.database.read { try await Rollups.load(constituentId: id, on: $0) }
    }

    /// The latest consent record per channel: the current state.
    public func currentConsent(of id: String, by actor: Actor) async throws -> [Record<ConsentFields>] {
        _ = try await store.constituents.get(id, by: actor)
        let latest: SQLQueryString = """
            NOT EXISTS (SELECT 1 FROM consent_records newer WHERE newer.constituent_id = consent_records.constituent_id
              AND newer.channel = consent_records.channel
              AND (newer.recorded_at > consent_records.recorded_at OR (newer.recorded_at = consent_records.recorded_at AND newer.id > consent_records.id)))
            """
        return try await store.consent.list(filters: [("constituent_id", id)], extra: latest, cursor: nil, limit: 100, by: actor).items
    }

    /// The last gift and total given in `currency` of the constituents who gave in it, by id.
    public func givingFigures(of ids: [String], currency: String) async throws -> [String: (lastGiftAt: Timestamp, totalMinor: Int64)] {
        guard !ids.isEmpty else { return [:] }
        return try await store.database.read { connection in
            var figures: [String: (lastGiftAt: Timestamp, totalMinor: Int64)] = [:]
            for chunk in ids.chunks(of: 1000) {
                let rows = try await connection.raw("""
                    SELECT constituent_id, last_gift_at, total_minor FROM constituent_rollups
                    WHERE currency = \(bind: currency) AND constituent_id IN (\(binds: Array(chunk)))
                    """).all()
                for row in rows { figures[try row.text("constituent_id")] = (try row.timestamp("last_gift_at"), try row.int64("total_minor")) }
            }
            return figures
        }
    }

    /// The display names of constituents by id (ids not found are left out); no scope applies, so callers pass only
    /// ids the actor may see.
    public func displayNames(_ ids: Set<String>) async throws -> [String: String] {
        guard !ids.isEmpty else { return [:] }
        return try await store.database.read { connection in
            var names: [String: String] = [:]
            for chunk in Array(ids).sorted().chunks(of: 1000) {
                for row in try await connection.raw("SELECT id, display_name FROM constituents WHERE id IN (\(binds: Array(chunk)))").all() {
                    names[try row.text("id")] = try row.text("display_name")
                }
            }
            return names
        }
    }
}
