import Foundation
import Hummingbird
import KindredCore
import KindredStore

/// The gifts list's view model.
struct GiftsView {
    struct Row { let date: String; let donorId: String?; let donor: String; let amount: String; let channel: String; let status: String }
    let chrome: PageChrome
    let t: [String: String]
    let campaigns: [FilterOption]
    let hasGifts: Bool
    let gifts: [Row]
    let nextPage: String?
}

/// The campaigns page's view model.
struct CampaignsView {
    struct Row { let id: String; let name: String; let code: String; let goal: String }
    let chrome: PageChrome
    let t: [String: String]
    let campaigns: [Row]
    let canWrite: Bool
    let currency: String
    let nextPage: String?
}

extension WebRoutes {
    /// Registers the gifts and campaigns pages.
    func registerGivingPages(on web: RouterGroup<KindredRequestContext>) {
        /// The latest gifts, 50 a page, optionally of one campaign.
        web.get("/gifts") { request, context in try await giftList(request, context) }
        /// Campaigns and the form for a new one.
        web.get("/campaigns") { request, context in try await campaignList(request, context) }
        /// Creates a campaign.
        web.post("/campaigns") { request, context in
            let actor = try context.authorize(.write, .designations)
            var request = request
            let form = try await WebForm.read(&request)
            let currency = try form["currency"].map { code in
                guard let currency = Currency(code: code.uppercased()) else { throw ValidationFailure([FieldIssue(field: "currency", message: "must be an ISO 4217 code such as EUR")]) }
                return currency
            }
            let goal = try form["goal"].map { text in
                guard let currency, let minor = DecimalAmount.minorUnits(text.replacingOccurrences(of: ",", with: "."), currency: currency) else {
                    throw ValidationFailure([FieldIssue(field: "goal", message: "must be an amount such as 5000, with a currency")])
                }
                return minor
            }
            let input = DesignationInput(name: form["name"], code: form["code"], goalMinor: goal, currency: goal == nil ? nil : currency)
            _ = try await store.designations(.campaign).create(try input.validated(), by: actor)
            return WebRenderer.redirect("/campaigns")
        }
    }

    func giftList(_ request: Request, _ context: KindredRequestContext) async throws -> Response {
        let session = try context.requireSession()
        let actor = try context.authorize(.read, .gifts)
        let language = session.language, t = Catalogue.strings(language)
        let campaign = request.uri.queryParameters.get("campaign").flatMap { $0.isEmpty ? nil : $0 }
        if let campaign, !RecordIdentifier.isValid(campaign) { throw ValidationFailure([FieldIssue(field: "campaign", message: "must be a campaign id")]) }
        let page = try await store.gifts.list(filters: campaign.map { [("campaign_id", $0)] } ?? [], cursor: try Self.idCursor(request),
                                              limit: 50, newestFirst: true, by: actor)
        let donorIds = Array(Set(page.items.map(\.fields.constituentId)))
        let donors = donorIds.isEmpty ? [] : try await store.constituents.list(extra: "id IN (\(binds: donorIds))", cursor: nil, limit: donorIds.count, by: actor).items
        let names = Dictionary(uniqueKeysWithValues: donors.map { ($0.id, $0.fields.displayName) })
        let campaigns = try await store.designations(.campaign).list(cursor: nil, limit: 200, by: actor).items
        let zone = try await OrganisationSettingsStore.profile(in: store.database).zone
        let rows = page.items.map { gift in
            GiftsView.Row(date: WebFormat.date(gift.fields.receivedAt, language, timeZone: zone),
                          donorId: names[gift.fields.constituentId] == nil ? nil : gift.fields.constituentId, donor: names[gift.fields.constituentId] ?? "",
                          amount: WebFormat.money(gift.fields.amountMinor, gift.fields.currency.code, language),
                          channel: VocabularyLabels.label("gift_channel", gift.fields.channel.rawValue, language),
                          status: VocabularyLabels.label("gift_status", gift.fields.status.rawValue, language))
        }
        let view = GiftsView(chrome: chrome("gifts", session, "/gifts"), t: t,
                             campaigns: campaigns.map { FilterOption(value: $0.id, label: $0.fields.name, selected: $0.id == campaign) },
                             hasGifts: !rows.isEmpty, gifts: rows,
                             nextPage: page.nextCursor.map { "/gifts?cursor=\($0)" + (campaign.map { "&campaign=\($0)" } ?? "") })
        return renderer.page("gifts", view)
    }

    /// Campaigns 50 a page in the order they were made, each with its goal and a link to its gifts.
    func campaignList(_ request: Request, _ context: KindredRequestContext) async throws -> Response {
        let session = try context.requireSession()
        let actor = try context.authorize(.read, .designations)
        let page = try await store.designations(.campaign).list(cursor: try Self.idCursor(request), limit: 50, by: actor)
        let campaigns = page.items
        let profile = try await OrganisationSettingsStore.profile(in: store.database)
        let view = CampaignsView(
            chrome: chrome("campaigns", session, "/campaigns"), t: Catalogue.strings(session.language),
            campaigns: campaigns.map { campaign in
                .init(id: campaign.id, name: campaign.fields.name, code: campaign.fields.code ?? "",
                      goal: campaign.fields.goalMinor.map { WebFormat.money($0, campaign.fields.currency?.code ?? profile.currency.code, session.language) } ?? "")
            },
            canWrite: AccessPolicy.allows(session.user.role, .write, .designations), currency: profile.currency.code,
            nextPage: page.nextCursor.map { "/campaigns?cursor=\($0)" })
        return renderer.page("campaigns", view)
    }
}
