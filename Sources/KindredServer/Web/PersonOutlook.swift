import Foundation
import KindredCore
import KindredStore

/// The person page's outlook: what the repeat-giving models predict and the ask ladder, in the reader's language.
struct PersonOutlook {
    struct Modelled {
        let active: String; let lapseRisk: Bool; let gifts1: String; let gifts5: String; let giftValue: String
        let lifetime: String; let explanation: String
    }
    let modelled: Modelled?
    let asks: [String]
    let askReason: String
}

extension WebRoutes {
    /// The outlook of a donor, nil for someone without a counted gift or a reader who may not see giving.
    func personOutlook(of id: String, session: WebSession) async throws -> PersonOutlook? {
        guard AccessPolicy.allows(session.user.role, .read, .gifts), let stored = try await store.predictions.of(id) else { return nil }
        let language = session.language, t = Catalogue.strings(language), settings = try await store.models.settings()
        let money = { (minor: Int64) in WebFormat.money(minor, stored.currency.code, language) }
        let decimal = { (value: Double) in WebFormat.decimal(value, language) }
        let modelled = stored.prediction.map { prediction in
            let standing = prediction.transactions == 1 ? t["outlook_once"]!
                : (prediction.lapseRisk ? t["outlook_at_risk"]! : t["outlook_likely"]!).replacingOccurrences(of: "{count}", with: String(prediction.transactions))
            let expectation = t["outlook_expect"]!.replacingOccurrences(of: "{years}", with: String(settings.lifetimeYears))
                .replacingOccurrences(of: "{lifetime}", with: money(prediction.lifetimeValueMinor))
            return PersonOutlook.Modelled(
                active: WebFormat.percent(prediction.probabilityAlive, language), lapseRisk: prediction.lapseRisk,
                gifts1: decimal(prediction.expectedGifts1Year), gifts5: decimal(prediction.expectedGifts5Years),
                giftValue: money(prediction.expectedGiftValueMinor), lifetime: money(prediction.lifetimeValueMinor),
                explanation: standing + " " + expectation)
        }
        return PersonOutlook(modelled: modelled, asks: stored.ask.amountsMinor.map(money), askReason: t["ask_reason_\(stored.ask.basis.rawValue)"]!)
    }
}

/// The outlook card of the person page.
enum OutlookTemplates {
    /// Probability still active, lapse risk, expected gifts and value, lifetime value, why, and the ask ladder.
    static let personOutlook = """
        {{#outlook}}<section class="card" aria-labelledby="outlook-heading" id="outlook">
          <h2 id="outlook-heading">{{t.outlook}}</h2>
          {{#modelled}}<p><strong class="big" id="active-probability">{{active}}</strong> {{t.active_probability}}
            {{#lapseRisk}}<span class="badge" id="lapse-risk">{{t.lapse_risk}}</span>{{/lapseRisk}}</p>
          <dl class="rollup">
            <dt>{{t.expected_gifts_year}}</dt><dd>{{gifts1}}</dd><dt>{{t.expected_gifts_five_years}}</dt><dd>{{gifts5}}</dd>
            <dt>{{t.expected_gift_value}}</dt><dd>{{giftValue}}</dd><dt>{{t.lifetime_value}}</dt><dd id="lifetime-value">{{lifetime}}</dd>
          </dl>
          <p class="muted" id="outlook-explanation">{{explanation}}</p>{{/modelled}}
          {{^modelled}}<p class="empty">{{t.outlook_not_fitted}}</p>{{/modelled}}
          <h3>{{t.ask_ladder}}</h3>
          <ol class="asks" id="ask-ladder">{{#asks}}<li>{{.}}</li>{{/asks}}</ol>
          <p class="muted">{{askReason}}</p>
        </section>{{/outlook}}
        """
}
