import Foundation
import Hummingbird
import KindredCore
import KindredStore

/// The journey map's view model: the funnel, every stage with its touchpoints and gaps, site search and form friction.
struct JourneyView {
    struct FunnelLine { let name: String; let now: String; let reached: String; let conversion: String; let medianDays: String }
    struct TouchpointLine { let name: String; let kind: String; let reach: String; let engaged: String; let firstTouch: String; let lastTouch: String; let devices: String }
    struct StageSection {
        let key: String; let name: String; let rule: String?; let now: String; let gap: Bool; let silent: Bool
        let touchpoints: [TouchpointLine]; let hasTouchpoints: Bool
    }
    struct TermLine { let term: String; let searches: String; let withoutResults: String }
    struct FormLine { let page: String; let device: String; let starts: String; let completions: String; let errors: String; let rate: String; let topErrors: String }

    let chrome: PageChrome
    let t: [String: String]
    let from: String, to: String, windowDays: Int
    let sources: [FilterOption], devices: [FilterOption]
    let funnelChart: String
    let funnel: [FunnelLine]
    let lapsedNow: String
    let stages: [StageSection]
    let topTerms: [TermLine], missingTerms: [TermLine], hasSearches: Bool
    let forms: [FormLine], hasForms: Bool
    let canEditStages: Bool
}

extension JourneySettings {
    /// A stage's name as a page shows it: a stage still bearing its default name is named in the reader's language.
    func label(_ key: JourneyStageKey, _ t: [String: String]) -> String {
        let name = name(of: key)
        return name == Self.defaults.name(of: key) ? t["stage_\(key.rawValue)"] ?? name : name
    }
}

extension WebRoutes {
    /// Registers the journey pages.
    func registerJourneyPages(on web: RouterGroup<KindredRequestContext>) {
        /// The journey map: the funnel, each stage's touchpoints and gaps, site search and donation-form friction.
        web.get("/journey") { request, context in try await journeyMap(request, context) }
        /// The touchpoint inventory and the form for a new one.
        web.get("/journey/touchpoints") { request, context in try await touchpointList(request, context) }
        /// Adds a touchpoint from the form.
        web.post("/journey/touchpoints") { request, context in try await createTouchpoint(request, context) }
        /// Removes a touchpoint.
        web.post("/journey/touchpoints/{id}/delete") { _, context in
            let actor = try context.authorize(.write, .segments)
            try await store.touchpoints.delete(try context.recordId(of: "touchpoint"), by: actor)
            return WebRenderer.redirect("/journey/touchpoints")
        }
        /// The stages' names and rules (admins change them).
        web.get("/journey/stages") { request, context in try await stageSettings(request, context) }
        /// Saves the stages' names and rules.
        web.post("/journey/stages") { request, context in try await saveStages(request, context) }
    }

    func journeyMap(_ request: Request, _ context: KindredRequestContext) async throws -> Response {
        let session = try context.requireSession(), actor = try context.authorize(.read, .reports), language = session.language
        let t = Catalogue.strings(language), query = QueryParameters(request: request, emptyMeansAbsent: true)
        let period = try await JourneyPeriod.read(query, store: store), window = try query.integer("windowDays", in: 1...365) ?? 30
        let source: GiftChannel? = try query.vocabulary("source"), device: Device? = try query.vocabulary("device")
        let funnel = try await store.journey.funnel(JourneyFilter(source: source, device: device), by: actor)
        let report = try await store.journey.touchpointReport(period, windowDays: window, by: actor)
        let search = try await store.journey.siteSearch(period, by: actor), forms = try await store.journey.formFriction(period, by: actor)
        let settings = try await store.journey.settings(), zone = try await OrganisationSettingsStore.profile(in: store.database).zone
        let number = { (value: Int) in WebFormat.number(value, language) }
        let gifts = { (credited: CreditedGifts) in "\(number(credited.count)) · \(WebFormat.money(credited.amountMinor, report.currency, language))" }
        let lines = Dictionary(uniqueKeysWithValues: report.touchpoints.map { row in
            (row.id, JourneyView.TouchpointLine(
                name: row.name, kind: t["touchpoint_kind_\(row.kind.rawValue)"] ?? row.kind.rawValue, reach: number(row.total.reach), engaged: number(row.total.engaged),
                firstTouch: gifts(row.total.firstTouch), lastTouch: gifts(row.total.lastTouch),
                devices: row.byDevice.sorted { $0.key < $1.key }.map { "\(VocabularyLabels.label("device", $0.key, language)): \(number($0.value.reach))" }.joined(separator: " · ")))
        })
        let now = Dictionary(uniqueKeysWithValues: funnel.stages.map { ($0.key, $0.now) }).merging([.lapsed: funnel.lapsed]) { $1 }
        let stages = report.stages.map { coverage in
            let touchpoints = coverage.touchpointIds.compactMap { lines[$0] }
            return JourneyView.StageSection(key: coverage.key.rawValue, name: settings.label(coverage.key, t), rule: settings.stage(coverage.key).rule, now: number(now[coverage.key] ?? 0),
                                            gap: coverage.gap, silent: coverage.silent, touchpoints: touchpoints, hasTouchpoints: !touchpoints.isEmpty)
        }
        let terms = { (terms: [SearchTerm]) in terms.map { JourneyView.TermLine(term: $0.term, searches: number($0.searches), withoutResults: number($0.withoutResults)) } }
        let day = { (at: Timestamp) in CurrencyRollup.localDate(at, zone).description }
        let view = JourneyView(
            chrome: chrome("journey_title", session, "/journey"), t: t, from: day(period.from), to: day(period.to), windowDays: window,
            sources: [FilterOption(value: "", label: t["any"]!, selected: source == nil)]
                + GiftChannel.allCases.map { FilterOption(value: $0.rawValue, label: VocabularyLabels.label("gift_channel", $0.rawValue, language), selected: $0 == source) },
            devices: [FilterOption(value: "", label: t["any"]!, selected: device == nil)]
                + Device.allCases.map { FilterOption(value: $0.rawValue, label: VocabularyLabels.label("device", $0.rawValue, language), selected: $0 == device) },
            funnelChart: SVGChart.bars(id: "chart-funnel", title: t["journey_funnel"]!, labelHeading: t["journey_stage"]!, valueHeading: t["journey_reached"]!,
                                       bars: funnel.stages.map { ChartBar(label: settings.label($0.key, t), value: Double($0.reached), display: number($0.reached)) }, empty: t["chart_empty"]!),
            funnel: funnel.stages.map { stage in
                JourneyView.FunnelLine(name: settings.label(stage.key, t), now: number(stage.now), reached: number(stage.reached), conversion: WebFormat.percent(stage.conversionToNext, language),
                                       medianDays: stage.medianDaysToNext.map { WebFormat.decimal($0, language) } ?? "—")
            },
            lapsedNow: t["journey_lapsed_now"]!.replacingOccurrences(of: "{count}", with: number(funnel.lapsed)), stages: stages,
            topTerms: terms(search.topTerms), missingTerms: terms(search.termsWithoutResults), hasSearches: search.searches > 0,
            forms: forms.map { row in
                JourneyView.FormLine(page: row.page, device: VocabularyLabels.label("device", row.device.rawValue, language), starts: number(row.starts),
                                     completions: number(row.completions), errors: number(row.errors), rate: WebFormat.percent(row.completionRate, language),
                                     topErrors: row.topErrors.joined(separator: " · "))
            }, hasForms: !forms.isEmpty, canEditStages: AccessPolicy.allows(session.user.role, .write, .settings))
        return renderer.page("journey", view)
    }

    func touchpointList(_ request: Request, _ context: KindredRequestContext) async throws -> Response {
        let session = try context.requireSession(), actor = try context.authorize(.read, .segments), t = Catalogue.strings(session.language)
        let settings = try await store.journey.settings()
        struct Line { let id: String; let name: String; let kind: String; let match: String; let stages: String }
        let lines = try await store.touchpoints.list(cursor: nil, limit: 200, by: actor).items.map { record in
            Line(id: record.id, name: record.fields.name, kind: t["touchpoint_kind_\(record.fields.kind.rawValue)"] ?? record.fields.kind.rawValue,
                 match: record.fields.match, stages: record.fields.stages.map { settings.label($0, t) }.joined(separator: ", "))
        }
        struct View { let chrome: PageChrome; let t: [String: String]; let touchpoints: [Line]; let hasTouchpoints: Bool; let kinds: [FilterOption]
                      let stages: [FilterOption]; let canWrite: Bool }
        return renderer.page("touchpoints", View(
            chrome: chrome("touchpoints_title", session, "/journey/touchpoints"), t: t, touchpoints: lines, hasTouchpoints: !lines.isEmpty,
            kinds: TouchpointKind.allCases.map { FilterOption(value: $0.rawValue, label: t["touchpoint_kind_\($0.rawValue)"]!, selected: false) },
            stages: settings.stages.map { FilterOption(value: $0.key.rawValue, label: settings.label($0.key, t), selected: false) },
            canWrite: AccessPolicy.allows(session.user.role, .write, .segments)))
    }

    func createTouchpoint(_ request: Request, _ context: KindredRequestContext) async throws -> Response {
        let actor = try context.authorize(.write, .segments)
        var request = request
        let form = try await WebForm.read(&request)
        let kind: TouchpointKind = try form.choice("kind"), stages: [JourneyStageKey] = try form.choices("stage")
        _ = try await store.touchpoints.create(try TouchpointInput(name: form["name"], kind: kind, match: form["match"], stages: stages).validated(), by: actor)
        return WebRenderer.redirect("/journey/touchpoints")
    }

    func stageSettings(_ request: Request, _ context: KindredRequestContext) async throws -> Response {
        let session = try context.requireSession()
        _ = try context.authorize(.read, .reports)
        let t = Catalogue.strings(session.language)
        struct Line { let key: String; let label: String; let name: String; let rule: String; let hasRule: Bool }
        let lines = try await store.journey.settings().stages.map { stage in
            Line(key: stage.key.rawValue, label: t["stage_\(stage.key.rawValue)"]!, name: stage.name, rule: stage.rule ?? "", hasRule: stage.key != .awareness)
        }
        struct View { let chrome: PageChrome; let t: [String: String]; let stages: [Line]; let canWrite: Bool }
        return renderer.page("journey-stages", View(chrome: chrome("stages_title", session, "/journey/stages"), t: t, stages: lines,
                                                    canWrite: AccessPolicy.allows(session.user.role, .write, .settings)))
    }

    func saveStages(_ request: Request, _ context: KindredRequestContext) async throws -> Response {
        let actor = try context.authorize(.write, .settings)
        var request = request
        let form = try await WebForm.read(&request)
        let stages = JourneyStageKey.allCases.map { key in
            JourneyStage(key: key, name: form["name_\(key.rawValue)"] ?? "", rule: key == .awareness ? nil : form["rule_\(key.rawValue)"])
        }
        _ = try await store.journey.replaceSettings(JourneySettingsInput(stages: stages), by: actor)
        return WebRenderer.redirect("/journey/stages")
    }
}
