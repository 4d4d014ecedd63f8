import Foundation
import Hummingbird
import KindredCore
import KindredStore

extension WebRoutes {
    /// Registers the staff pages of messages: templates and sending, and a person's messages and preferences.
    func registerMessagePages(on web: RouterGroup<KindredRequestContext>) {
        /// Templates, the forms to write one and to send one, and the latest messages.
        web.get("/messages") { request, context in try await messagesPage(request, context, notice: nil) }
        /// Creates a template from the form.
        web.post("/messages/templates") { request, context in try await createTemplate(request, context) }
        /// Sends a template to a segment's members and shows what was queued and what was not sent.
        web.post("/messages/send") { request, context in try await sendFromPage(request, context) }
        /// A person's messages, their choices and the history of those choices.
        web.get("/people/{id}/messages") { request, context in try await personMessages(request, context, link: nil) }
        /// Makes a preference centre link for the person, shown once.
        web.post("/people/{id}/preference-link") { request, context in try await makePreferenceLink(request, context) }
    }

    /// One message as a list shows it.
    struct MessageRow { let personId: String; let person: String; let subject: String; let status: String; let reason: String?; let when: String }

    /// The messages as rows, each with its person's name (the messages were listed with the actor's scope).
    private func rows(_ messages: [Message], _ language: Language, _ zone: TimeZone) async throws -> [MessageRow] {
        let t = Catalogue.strings(language), names = try await ConstituentQueries(store: store).displayNames(Set(messages.map(\.constituentId)))
        return messages.map { message in
            MessageRow(personId: message.constituentId, person: names[message.constituentId] ?? message.constituentId,
                       subject: message.subject ?? String(message.text.prefix(80)),
                       status: t["message_status_\(message.status.rawValue)"] ?? message.status.rawValue, reason: message.reason,
                       when: WebFormat.dateTime(message.sentAt ?? message.scheduledFor, language, timeZone: zone))
        }
    }

    func messagesPage(_ request: Request, _ context: KindredRequestContext, notice: String?) async throws -> Response {
        let session = try context.requireSession(), actor = try context.authorize(.read, .messages), t = Catalogue.strings(session.language)
        let zone = try await OrganisationSettingsStore.profile(in: store.database).zone
        struct Template { let id: String; let name: String; let channel: String; let topic: String; let languages: String }
        let templates = try await store.messageTemplates.list(cursor: nil, limit: 200, newestFirst: true, by: actor).items.map { record in
            Template(id: record.id, name: record.fields.name, channel: record.fields.channel.rawValue, topic: record.fields.topic?.rawValue ?? "",
                     languages: record.fields.variants.written.map(\.0.rawValue).joined(separator: " · "))
        }
        let segments = try await store.segments.list(cursor: nil, limit: 200).items.map { FilterOption(value: $0.id, label: $0.name, selected: false) }
        let recent = try await store.messages.list(constituentId: nil, status: nil, cursor: nil, limit: 50, by: actor).items
        struct View { let chrome: PageChrome; let t: [String: String]; let templates: [Template]; let hasTemplates: Bool; let segments: [FilterOption]
                      let channels: [FilterOption]; let topics: [FilterOption]; let placeholders: String; let messages: [MessageRow]; let hasMessages: Bool
                      let canWrite: Bool }
        let frame = PageChrome(titleKey: "messages_title", session: session, language: session.language, csrf: session.csrfToken, path: "/messages", notice: notice)
        return renderer.page("messages", View(
            chrome: frame, t: t, templates: templates, hasTemplates: !templates.isEmpty, segments: segments,
            channels: MessageChannel.allCases.map { FilterOption(value: $0.rawValue, label: $0.rawValue, selected: $0 == .email) },
            topics: MessageTopic.allCases.map { FilterOption(value: $0.rawValue, label: $0.rawValue, selected: false) },
            placeholders: MessageVariable.allCases.map { "{{\($0.rawValue)}}" }.joined(separator: " "),
            messages: try await rows(recent, session.language, zone), hasMessages: !recent.isEmpty, canWrite: AccessPolicy.allows(session.user.role, .write, .messages)))
    }

    func createTemplate(_ request: Request, _ context: KindredRequestContext) async throws -> Response {
        let actor = try context.authorize(.write, .messages)
        var request = request
        let form = try await WebForm.read(&request)
        func variant(_ language: Language) -> MessageVariant? {
            let subject = form["subject_\(language.rawValue)"], body = form["body_\(language.rawValue)"] ?? ""
            if language != .en && body.trimmingWhitespace().isEmpty && (subject ?? "").trimmingWhitespace().isEmpty { return nil }
            return MessageVariant(subject: subject.flatMap { $0.isEmpty ? nil : $0 }, body: body)
        }
        guard let channel = MessageChannel(rawValue: form["channel"] ?? "email") else {
            throw ValidationFailure([FieldIssue(field: "channel", message: "must be one of: \(MessageChannel.allowedValues)")])
        }
        let topic = form["topic"].flatMap { $0.isEmpty ? nil : $0 }
        if let topic, MessageTopic(rawValue: topic) == nil { throw ValidationFailure([FieldIssue(field: "topic", message: "must be one of: \(MessageTopic.allowedValues)")]) }
        let input = MessageTemplateInput(name: form["name"], channel: channel, topic: topic.flatMap(MessageTopic.init(rawValue:)),
                                         variants: MessageVariants(en: variant(.en)!, nl: variant(.nl), fr: variant(.fr)), trackEngagement: form["track"] == "on")
        _ = try await store.messageTemplates.create(try input.validated(), by: actor)
        return WebRenderer.redirect("/messages")
    }

    func sendFromPage(_ request: Request, _ context: KindredRequestContext) async throws -> Response {
        let actor = try context.authorize(.write, .messages), session = try context.requireSession()
        var request = request
        let form = try await WebForm.read(&request), zone = try await OrganisationSettingsStore.profile(in: store.database).zone
        guard let template = form["template"], RecordIdentifier.isValid(template), let segment = form["segment"], RecordIdentifier.isValid(segment) else {
            throw ValidationFailure([FieldIssue(field: "segment", message: "choose a template and a segment")])
        }
        let at = try form["at"].flatMap { $0.isEmpty ? nil : $0 }.map { text in
            guard let instant = ImportValues.instant(text, timeZone: zone) else { throw ValidationFailure([FieldIssue(field: "at", message: "must be a date and time")]) }
            return instant
        }
        let summary = try await store.messages.send(templateId: template, to: .segment(segment), at: at, atBestTime: form["best"] == "on", source: "web", by: actor)
        let notice = Catalogue.text("send_summary", session.language).replacingOccurrences(of: "{queued}", with: String(summary.queued))
            .replacingOccurrences(of: "{suppressed}", with: String(summary.suppressed.values.reduce(0, +)))
        return try await messagesPage(request, context, notice: notice)
    }

    func personMessages(_ request: Request, _ context: KindredRequestContext, link: String?) async throws -> Response {
        let session = try context.requireSession(), actor = try context.authorize(.read, .messages), t = Catalogue.strings(session.language)
        let id = try context.parameters.require("id"), person = try await store.constituents.get(id, by: actor)
        let zone = try await OrganisationSettingsStore.profile(in: store.database).zone
        let choices = try await store.messages.choices(ofPerson: id), history = try await store.messages.preferenceHistory(of: id)
        let messages = try await store.messages.list(constituentId: id, status: nil, cursor: nil, limit: 50, by: actor).items
        struct Change { let what: String; let value: String; let when: String; let source: String }
        struct View { let chrome: PageChrome; let t: [String: String]; let id: String; let name: String; let messages: [MessageRow]; let hasMessages: Bool
                      let channels: String; let declined: String; let frequency: String; let wishes: String; let language: String; let involvement: String?
                      let history: [Change]; let hasHistory: Bool; let link: String?; let canWrite: Bool }
        let none = t["none"] ?? "–"
        return renderer.page("person-messages", View(
            chrome: chrome("messages_and_preferences", session, "/people"), t: t, id: id, name: person.fields.displayName,
            messages: try await rows(messages, session.language, zone), hasMessages: !messages.isEmpty,
            channels: ConsentChannel.allCases.filter(choices.channels.contains).map(\.rawValue).joined(separator: ", ").nonEmpty ?? none,
            declined: choices.preferences.declinedTopics.map(\.rawValue).joined(separator: ", ").nonEmpty ?? none,
            frequency: choices.preferences.frequency.rawValue, wishes: choices.preferences.wishes.map(\.rawValue).joined(separator: ", ").nonEmpty ?? none,
            language: choices.language.rawValue, involvement: choices.involvement.map(String.init),
            history: history.map { Change(what: $0.preference, value: $0.value, when: WebFormat.dateTime($0.recordedAt, session.language, timeZone: zone), source: $0.source) },
            hasHistory: !history.isEmpty, link: link, canWrite: AccessPolicy.allows(session.user.role, .write, .messages)))
    }

    func makePreferenceLink(_ request: Request, _ context: KindredRequestContext) async throws -> Response {
        let (actor, id, _) = try await personPost(request, context, .messages)
        let token = try await store.messages.preferenceLink(for: id, by: actor)
        return try await personMessages(request, context, link: publicURL(request, "/p/pref/\(token)"))
    }
}

extension String {
    /// The text, or nil when it is empty.
    var nonEmpty: String? { isEmpty ? nil : self }
}
