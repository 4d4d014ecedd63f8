import Foundation
import KindredCore
import SQLKit

/// What a message needs to know of one person: how to address and personalise it, and whether it may go.
struct MessageRecipient {
    let id: String
    let language: Language
    let address: String?
    let standing: RecipientStanding
    let values: [MessageVariable: String]
}

/// Loads recipients in batches with a few set-based queries: names, first address, latest consent, last gift, ask
/// ladder and loyalty (decided in SQL as segments decide it), preferences and recent sends.
struct MessageRecipients {
    let connection: any SQLDatabase
    let compiler: SegmentCompiler
    let channel: MessageChannel
    let organisationName: String?
    let campaignImpact: String?

    /// The longest window a cap can look back over (the quarterly choice).
    static let capWindowDays: Int64 = 92

    func load(_ ids: [String]) async throws -> [MessageRecipient] {
        guard !ids.isEmpty else { return [] }
        let addressTable = channel == .email ? "constituent_emails" : "constituent_phones", addressColumn = channel == .email ? "email" : "phone"
        let loyalty = "CASE " + LoyaltyLevel.allCases.map { "WHEN \(compiler.loyaltyExpression($0)) THEN '\($0.rawValue)'" }.joined(separator: " ") + " END"
        let currency = compiler.profile.currency.code
        let rows = try await connection.raw("""
            SELECT constituents.id, constituents.given_name, constituents.family_name, constituents.display_name, constituents.preferred_language,
              (SELECT a.\(unsafeRaw: addressColumn) FROM \(unsafeRaw: addressTable) a WHERE a.constituent_id = constituents.id ORDER BY a.position LIMIT 1) AS address,
              (SELECT cr.status FROM consent_records cr WHERE cr.constituent_id = constituents.id AND cr.channel = \(bind: channel.consentChannel.rawValue)
                 ORDER BY cr.recorded_at DESC, cr.id DESC LIMIT 1) AS consent,
              r.last_gift_minor, r.last_gift_at,
              (SELECT d.name FROM gifts g JOIN campaigns d ON d.id = g.campaign_id WHERE g.constituent_id = constituents.id AND g.status = 'completed'
                 ORDER BY g.received_at DESC LIMIT 1) AS last_campaign,
              dp.ask_1_minor, dp.ask_2_minor, dp.ask_3_minor, \(unsafeRaw: loyalty) AS loyalty
            FROM constituents
            LEFT JOIN constituent_rollups r ON r.constituent_id = constituents.id AND r.currency = \(bind: currency)
            LEFT JOIN donor_predictions dp ON dp.constituent_id = constituents.id AND dp.currency = \(bind: currency)
            WHERE constituents.id IN (\(binds: ids))
            """).all()
        let preferences = try await SupporterPreferenceRecords.current(of: ids, on: connection)
        let since = compiler.now.adding(milliseconds: -Self.capWindowDays * 86_400_000)
        var sent: [String: [Timestamp]] = [:]
        for row in try await connection.raw("""
            SELECT constituent_id, sent_at FROM messages WHERE constituent_id IN (\(binds: ids)) AND channel = \(bind: channel.rawValue)
              AND status = 'sent' AND sent_at > \(bind: since.description)
            """).all() {
            sent[try row.text("constituent_id"), default: []].append(try row.timestamp("sent_at"))
        }
        let addresses = try rows.compactMap { try $0.optionalText("address") }
        let undeliverable = addresses.isEmpty ? Set<String>() : Set(try await connection.raw("""
            SELECT address FROM undeliverable_addresses WHERE channel = \(bind: channel.rawValue) AND address IN (\(binds: addresses))
            """).all().map { try $0.text("address") })
        return try rows.map { row in
            let id = try row.text("id"), language: Language = try row.vocabulary("preferred_language"), address = try row.optionalText("address")
            let preference = preferences[id] ?? SupporterPreferences()
            let standing = RecipientStanding(consent: try row.optionalVocabulary("consent"), hasAddress: address != nil,
                                             undeliverable: address.map(undeliverable.contains) ?? false, declinedTopics: Set(preference.declinedTopics),
                                             frequency: preference.frequency, sentAt: sent[id] ?? [])
            return MessageRecipient(id: id, language: language, address: address, standing: standing, values: try values(row, language))
        }
    }

    private func values(_ row: any SQLRow, _ language: Language) throws -> [MessageVariable: String] {
        let currency = compiler.profile.currency.code
        var values: [MessageVariable: String] = [
            .givenName: try row.optionalText("given_name") ?? row.text("display_name"), .displayName: try row.text("display_name"),
        ]
        values[.familyName] = try row.optionalText("family_name")
        values[.lastGiftAmount] = try row.optionalInt64("last_gift_minor").map { LocalFormat.money($0, currency, language) }
        values[.lastGiftDate] = try row.optionalText("last_gift_at").flatMap(Timestamp.init(iso8601:))
            .map { LocalFormat.instant($0, language, compiler.timeZone, date: .long, time: .none) }
        values[.lastGiftCampaign] = try row.optionalText("last_campaign")
        values[.loyaltyLevel] = try row.optionalVocabulary("loyalty", as: LoyaltyLevel.self)?.supporterWording(in: language)
        for (variable, column) in [(MessageVariable.askLow, "ask_1_minor"), (.askMiddle, "ask_2_minor"), (.askHigh, "ask_3_minor")] {
            values[variable] = try row.optionalInt64(column).map { LocalFormat.money($0, currency, language) }
        }
        values[.organisationName] = organisationName
        values[.campaignImpact] = campaignImpact
        return values
    }
}
