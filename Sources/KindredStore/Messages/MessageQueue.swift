import Foundation
import KindredCore
import SQLKit

/// Who a send request is for.
public enum MessageAudience: Sendable, Hashable {
    /// These people (each must exist and be visible to the sender).
    case people([String])
    /// The members of a segment or static list the sender may see, as they are at this moment.
    case segment(String)
}

/// Queues messages: each person's is personalised in their language and checked against the send policy at once
/// (a person who may not be sent it gets a suppressed message saying why), then checked again when it goes.
public struct MessageQueue: Sendable {
    let store: KindredStore
    /// People handled per transaction.
    static let batchSize = 500
    /// Stands in the stored texts for the link token, which is made only when the message goes (the store keeps its hash).
    static let tokenMarker = "KINDREDLINKTOKEN"

    /// Queues template `templateId` for `audience`, to go at `scheduledFor` (now when nil, always inside the allowed
    /// hours) or, with `atBestTime`, at each person's best hour of the week from then on, with `campaignId`'s impact text
    /// available to the template; `source` says what asked (api, web, a plan).
    public func send(templateId: String, to audience: MessageAudience, at scheduledFor: Timestamp? = nil, atBestTime: Bool = false,
                     campaignId: String? = nil, source: String, by actor: Actor) async throws -> SendSummary {
        let template = try await store.messageTemplates.get(templateId, by: actor)
        let impact: String? = try await store.database.read { connection in
            guard let campaignId else { return nil }
            guard let row = try await connection.raw("SELECT description FROM campaigns WHERE id = \(bind: campaignId)").first() else {
                throw StoreError.invalidReference(field: "campaignId", message: "refers to a campaign that does not exist")
            }
            return try row.optionalText("description")
        }
        var summary = SendSummary()
        switch audience {
        case .people(let ids):
            try await store.database.read { connection in
                for (index, id) in ids.enumerated() where !(try await ScopeFilter.isVisible(id, actor.scope, on: connection)) {
                    throw StoreError.invalidReference(field: "constituentIds[\(index)]", message: "refers to a constituent that does not exist or that you may not see")
                }
            }
            for start in stride(from: 0, to: ids.count, by: Self.batchSize) {
                try await queue(Array(ids[start..<min(ids.count, start + Self.batchSize)]), template, scheduledFor, atBestTime, impact, source, &summary)
            }
            summary.messageIds = Array(summary.messageIds.prefix(100))
        case .segment(let segmentId):
            var cursor: String?
            repeat {
                let page = try await store.segments.memberIds(segmentId, cursor: cursor, limit: Self.batchSize, by: actor)
                try await queue(page.items, template, scheduledFor, atBestTime, impact, source, &summary)
                cursor = page.nextCursor
            } while cursor != nil
            summary.messageIds = []
        }
        return summary
    }

    private func queue(_ ids: [String], _ template: Record<MessageTemplateFields>, _ scheduledFor: Timestamp?, _ atBestTime: Bool, _ impact: String?,
                       _ source: String, _ summary: inout SendSummary) async throws {
        let batch = try await store.database.write { connection in
            try await queue(ids, template, at: scheduledFor, atBestTime: atBestTime, impact: impact, source: source, on: connection)
        }
        summary.queued += batch.queued
        summary.suppressed.merge(batch.suppressed, uniquingKeysWith: +)
        summary.messageIds += batch.messageIds
    }

    /// Queues `template` for `ids` inside the caller's transaction (a plan step uses it so that the step and its message
    /// are written together or not at all).
    func queue(_ ids: [String], _ template: Record<MessageTemplateFields>, at scheduledFor: Timestamp?, atBestTime: Bool, impact: String?, source: String,
               on connection: any SQLDatabase) async throws -> SendSummary {
        let now = store.clock(), fields = template.fields, at = max(scheduledFor ?? now, now)
        let profile = try await OrganisationSettingsStore.profile.load(on: connection)
        let settings = try await OrganisationSettingsStore.messaging.load(on: connection)
        let recipients = try await MessageRecipients(connection: connection, compiler: try await store.segments.compiler(on: connection), channel: fields.channel,
                                                     organisationName: profile.name, campaignImpact: impact).load(ids)
        let bestTimes = atBestTime ? try await store.sendTimes.bestTimes(for: ids, atOrAfter: at, settings: settings, timeZone: profile.zone, on: connection) : [:]
        var queued = 0, suppressed: [String: Int] = [:], messageIds: [String] = []
        var rows: [[any Encodable & Sendable]] = []
        for recipient in recipients {
            let id = RecordIdentifier.make(at: now)
            messageIds.append(id)
            let when = bestTimes[recipient.id] ?? at
            let decision = SendPolicy.decide(channel: fields.channel, topic: fields.topic, standing: recipient.standing, settings: settings,
                                             timeZone: profile.zone, now: when)
            var row: [any Encodable & Sendable] = [id, recipient.id, template.id, fields.channel.rawValue, fields.topic?.rawValue, recipient.address]
            switch decision {
            case .suppress(let reason):
                suppressed[reason.rawValue, default: 0] += 1
                row += [recipient.language.rawValue, String?.none, "", String?.none, MessageStatus.suppressed.rawValue, reason.rawValue, when.description]
            case .send, .wait:
                queued += 1
                let message = render(fields, for: recipient, publicURL: settings.publicURL)
                let time = if case .wait(let until) = decision { until } else { when }
                row += [message.language.rawValue, message.subject, message.text, message.html, MessageStatus.queued.rawValue, String?.none, time.description]
            }
            rows.append(row + [source, now.description])
        }
        let columns = ["id", "constituent_id", "template_id", "channel", "topic", "address", "language", "subject", "body_text", "body_html", "status",
                       "reason", "scheduled_for", "source", "created_at"]
        for start in stride(from: 0, to: rows.count, by: 100) {
            var insert = connection.insert(into: "messages").columns(columns)
            for row in rows[start..<min(rows.count, start + 100)] { insert = insert.values(row.map { SQLBind($0) }) }
            try await insert.run()
        }
        return SendSummary(queued: queued, suppressed: suppressed, messageIds: messageIds)
    }

    /// The template rendered for one person, with the token marker where the link token goes.
    private func render(_ fields: MessageTemplateFields, for recipient: MessageRecipient, publicURL: String) -> RenderedMessage {
        let (variant, language) = fields.variants.variant(for: recipient.language)
        let base = "\(publicURL)/p", token = Self.tokenMarker
        let links = MessageLinks(unsubscribe: "\(base)/u/\(token)", preferences: "\(base)/pref/\(token)",
                                 openPixel: fields.trackEngagement ? "\(base)/m/\(token)/open.gif" : nil,
                                 clickPrefix: fields.trackEngagement ? "\(base)/m/\(token)/click?u=" : nil)
        return MessageRendering.render(variant, language: language, channel: fields.channel, values: recipient.values, links: links)
    }
}

extension KindredStore {
    /// Sending messages: queueing, delivery claims and outcomes.
    public var messages: MessageQueue { MessageQueue(store: self) }
}
