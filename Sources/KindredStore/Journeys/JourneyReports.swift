import Foundation
import KindredCore
import SQLKit

/// A period of time reports look at: from (inclusive) to (exclusive).
public struct ReportPeriod: Sendable, Hashable {
    /// The start and the end.
    public let from: Timestamp, to: Timestamp

    /// Creates a period.
    public init(from: Timestamp, to: Timestamp) { (self.from, self.to) = (from, to) }
}

/// The touchpoint report: every touchpoint's figures and each stage's coverage.
public struct TouchpointReport: Sendable, Hashable, Codable {
    /// Each touchpoint with its figures.
    public let touchpoints: [TouchpointRow]
    /// Each stage: its touchpoints, gaps and silences.
    public let stages: [StageCoverage]
    /// Days before a gift a touch may be credited with it.
    public let windowDays: Int
    /// The currency amounts are in.
    public let currency: String
}

/// One touchpoint with its figures.
public struct TouchpointRow: Sendable, Hashable, Codable {
    /// The touchpoint.
    public let id: String, name: String, kind: TouchpointKind, match: String, stages: [JourneyStageKey]
    /// Its figures overall and by device.
    public let total: TouchpointFigures, byDevice: [String: TouchpointFigures]
}

extension JourneyStore {
    /// The funnel over the people the actor may see who meet the filter.
    public func funnel(_ filter: JourneyFilter, by actor: Actor) async throws -> JourneyFunnel {
        let rule = try filter.segmentRule()
        return try await store.database.read { connection in
            var query: SQLQueryString = """
                SELECT h.constituent_id, h.stage, MIN(h.entered_at) AS first_at, MAX(CASE WHEN h.left_at IS NULL THEN 1 ELSE 0 END) AS open
                FROM journey_stage_history h JOIN constituents ON constituents.id = h.constituent_id WHERE 1 = 1
                """
            if let rule { query = query + " AND " + (try await store.segments.compiler(on: connection).condition(rule)) }
            if let scope = ScopeFilter.condition(actor.scope, column: "constituents.id") { query = query + " AND " + scope }
            let rows = try await connection.raw(query + " GROUP BY h.constituent_id, h.stage ORDER BY h.constituent_id").all()
            var paths: [JourneyPath] = [], person = "", path = JourneyPath(current: .awareness, firstEntered: [:])
            for row in rows {
                let id = try row.text("constituent_id"), stage: JourneyStageKey = try row.vocabulary("stage")
                if id != person {
                    if !person.isEmpty { paths.append(path) }
                    (person, path) = (id, JourneyPath(current: .awareness, firstEntered: [:]))
                }
                path.firstEntered[stage] = try row.timestamp("first_at")
                if try row.int64("open") == 1 { path.current = stage }
            }
            if !person.isEmpty { paths.append(path) }
            return JourneyFunnel.build(paths, settings: try await Self.settings.load(on: connection))
        }
    }

    /// Every touchpoint's reach, engagement and the gifts that followed within `windowDays`, from the touches in the
    /// period (interactions, and messages Kindred sent, opened or clicked), a slice of people at a time.
    public func touchpointReport(_ period: ReportPeriod, windowDays: Int, by actor: Actor) async throws -> TouchpointReport {
        let (touchpoints, settings, currency) = try await store.database.read { connection in
            (try await connection.raw("SELECT * FROM touchpoints ORDER BY name, id LIMIT 1000").all().map { (try $0.text("id"), try TouchpointRecords.mapping.decode($0)) },
             try await Self.settings.load(on: connection), try await OrganisationSettingsStore.profile.load(on: connection).currency)
        }
        var analysis = TouchpointAnalysis(touchpoints: touchpoints.map { (id: $0.0, fields: $0.1) }, windowDays: windowDays, currency: currency)
        let giftsUntil = period.to.adding(milliseconds: Int64(windowDays) * 86_400_000)
        var cursor = ""
        while !touchpoints.isEmpty {
            let people = try await store.database.read { [cursor] connection in
                var query: SQLQueryString = "SELECT id FROM constituents WHERE id > \(bind: cursor)"
                if let scope = ScopeFilter.condition(actor.scope, column: "constituents.id") { query = query + " AND " + scope }
                return try await connection.raw(query + " ORDER BY id LIMIT 2000").all().map { try $0.text("id") }
            }
            guard let first = people.first, let last = people.last else { break }
            cursor = last
            let slice = try await touches(from: first, through: last, in: period, giftsUntil: giftsUntil)
            for person in people where slice.touches[person] != nil {
                analysis.add(touches: slice.touches[person] ?? [], gifts: slice.gifts[person] ?? [])
            }
        }
        let rows = zip(touchpoints, analysis.results).map { touchpoint, result in
            TouchpointRow(id: touchpoint.0, name: touchpoint.1.name, kind: touchpoint.1.kind, match: touchpoint.1.match, stages: touchpoint.1.stages,
                          total: result.total, byDevice: result.byDevice)
        }
        return TouchpointReport(touchpoints: rows, stages: StageCoverage.of(analysis.touchpoints, results: analysis.results, settings: settings),
                                windowDays: windowDays, currency: currency.code)
    }

    /// The touches in the period and the gifts up to `giftsUntil` of the people with ids from `first` through `last`.
    private func touches(from first: String, through last: String, in period: ReportPeriod, giftsUntil: Timestamp) async throws
        -> (touches: [String: [Touch]], gifts: [String: [TouchGift]]) {
        let (from, to) = (period.from.description, period.to.description)
        return try await store.database.read { connection in
            var touches: [String: [Touch]] = [:], gifts: [String: [TouchGift]] = [:]
            let people: SQLQueryString = "constituent_id >= \(bind: first) AND constituent_id <= \(bind: last)"
            for row in try await connection.raw("SELECT constituent_id, type, occurred_at, properties FROM interactions WHERE " + people
                + " AND occurred_at >= \(bind: from) AND occurred_at < \(bind: to)").all() {
                let properties = try row.jsonObject("properties")
                touches[try row.text("constituent_id"), default: []].append(Touch(
                    at: try row.timestamp("occurred_at"), type: try row.text("type"), url: properties["url"]?.stringValue,
                    device: properties["device"]?.stringValue.flatMap(Device.init(rawValue:)) ?? .unknown, keys: Touch.keys(from: properties)))
            }
            for (column, type) in [("sent_at", "message_sent"), ("opened_at", "email_opened"), ("clicked_at", "email_link_clicked")] {
                for row in try await connection.raw("SELECT constituent_id, template_id, \(ident: column) AS at FROM messages WHERE " + people
                    + " AND template_id IS NOT NULL AND \(ident: column) >= \(bind: from) AND \(ident: column) < \(bind: to)").all() {
                    touches[try row.text("constituent_id"), default: []].append(Touch(
                        at: try row.timestamp("at"), type: type, url: nil, device: .unknown, keys: [try row.text("template_id").lowercased()]))
                }
            }
            for row in try await connection.raw("""
                SELECT constituent_id, received_at, amount_minor, currency, device, campaign_id FROM gifts WHERE status = 'completed' AND amount_minor > 0
                  AND \(people) AND received_at >= \(bind: from) AND received_at < \(bind: giftsUntil.description)
                """).all() {
                guard let currency = Currency(code: try row.text("currency")) else { continue }
                let person = try row.text("constituent_id"), at = try row.timestamp("received_at")
                let device = try row.optionalText("device").flatMap(Device.init(rawValue:)) ?? .unknown
                gifts[person, default: []].append(TouchGift(at: at, amountMinor: try row.int64("amount_minor"),
                                                            currency: currency, device: device))
                if let campaign = try row.optionalText("campaign_id"), at < period.to {
                    touches[person, default: []].append(Touch(at: at, type: "gift", url: nil, device: device, keys: [campaign.lowercased()]))
                }
            }
            return (touches, gifts)
        }
    }

    /// What people searched the site for in the period, and what found nothing (`site_searched`: `query`, `results`).
    public func siteSearch(_ period: ReportPeriod, by actor: Actor) async throws -> SiteSearchReport {
        let searches = try await interactions(["site_searched"], in: period, by: actor).compactMap { _, properties -> (term: String, results: Int?)? in
            guard let term = (properties["query"] ?? properties["term"] ?? properties["search"])?.stringValue else { return nil }
            let results = (properties["results"] ?? properties["result_count"] ?? properties["resultCount"])?.scalarText.flatMap { Int($0) }
            return (term, results)
        }
        return SiteSearchReport.build(searches)
    }

    /// Donation-form starts, completions and errors in the period, by page and device.
    public func formFriction(_ period: ReportPeriod, by actor: Actor) async throws -> [FormFrictionRow] {
        let types = [FormFriction.startType, FormFriction.errorType] + FormFriction.completionTypes.sorted()
        return FormFriction.build(try await interactions(types, in: period, by: actor).map { type, properties in
            (type, properties["url"]?.stringValue, properties["device"]?.stringValue.flatMap(Device.init(rawValue:)) ?? .unknown,
             (properties["error"] ?? properties["message"] ?? properties["error_message"])?.scalarText)
        })
    }

    /// The type and properties of the interactions of some types in the period, of people the actor may see, read
    /// 5,000 at a time.
    private func interactions(_ types: [String], in period: ReportPeriod, by actor: Actor) async throws -> [(String, JSONValue.Object)] {
        var found: [(String, JSONValue.Object)] = [], after = (period.from.description, "")
        while true {
            let rows = try await store.database.read { [after] connection in
                var query: SQLQueryString = """
                    SELECT id, type, occurred_at, properties FROM interactions WHERE type IN (\(binds: types)) AND occurred_at < \(bind: period.to.description)
                      AND (occurred_at > \(bind: after.0) OR (occurred_at = \(bind: after.0) AND id > \(bind: after.1)))
                    """
                if let scope = ScopeFilter.condition(actor.scope, column: "interactions.constituent_id") { query = query + " AND " + scope }
                return try await connection.raw(query + " ORDER BY occurred_at, id LIMIT 5000").all()
            }
            for row in rows { found.append((try row.text("type"), try row.jsonObject("properties"))) }
            guard rows.count == 5000, let last = rows.last else { return found }
            after = (try last.text("occurred_at"), try last.text("id"))
        }
    }
}
