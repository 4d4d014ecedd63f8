import Foundation

/// The channels Kindred sends messages on.
public enum MessageChannel: String, Vocabulary {
    case email, sms

    /// The consent channel a person must have granted before anything is sent on this one.
    public var consentChannel: ConsentChannel { self == .email ? .email : .sms }
}

/// What a message is about; a supporter can decline a topic in the preference centre and is then not sent it.
public enum MessageTopic: String, Vocabulary {
    case newsletter, appeals, events, volunteering, impact, surveys
}

/// One language's text of a message template (the subject is for email only).
public struct MessageVariant: Sendable, Hashable, Codable {
    /// The subject line, with placeholders; required for email.
    public var subject: String?
    /// The body as plain text, with placeholders; blank lines separate paragraphs in the HTML part.
    public var body: String

    /// Creates a variant from its parts.
    public init(subject: String? = nil, body: String) { (self.subject, self.body) = (subject, body) }
}

/// A template's text in English (required), Dutch and French; a person gets their language's, else English.
public struct MessageVariants: Sendable, Hashable, Codable {
    /// English.
    public var en: MessageVariant
    /// Dutch, if written.
    public var nl: MessageVariant?
    /// French, if written.
    public var fr: MessageVariant?

    /// Creates the variants.
    public init(en: MessageVariant, nl: MessageVariant? = nil, fr: MessageVariant? = nil) { (self.en, self.nl, self.fr) = (en, nl, fr) }

    /// The variant for `language` and the language it is actually in (English when that language is not written).
    public func variant(for language: Language) -> (variant: MessageVariant, language: Language) {
        switch language {
        case .en: (en, .en)
        case .nl: nl.map { ($0, .nl) } ?? (en, .en)
        case .fr: fr.map { ($0, .fr) } ?? (en, .en)
        }
    }

    /// Every written variant with its language.
    public var written: [(Language, MessageVariant)] { [(.en, en)] + [nl.map { (.nl, $0) }, fr.map { (.fr, $0) }].compactMap { $0 } }
}

/// The validated fields of a message template.
public struct MessageTemplateFields: Sendable, Hashable, Codable {
    /// A name staff recognise it by.
    public var name: String
    /// Email or SMS.
    public var channel: MessageChannel
    /// What it is about, if it belongs to a topic supporters can decline.
    public var topic: MessageTopic?
    /// The text per language.
    public var variants: MessageVariants
    /// Whether opens and clicks are tracked (email only) and fed to the event stream.
    public var trackEngagement: Bool

    /// Creates fields from their parts.
    public init(name: String, channel: MessageChannel, topic: MessageTopic?, variants: MessageVariants, trackEngagement: Bool) {
        (self.name, self.channel, self.topic, self.variants, self.trackEngagement) = (name, channel, topic, variants, trackEngagement)
    }
}

/// A message template as stored, with its identifier and times.
public struct MessageTemplate: Sendable, Hashable, Codable {
    /// The identifier.
    public let id: String
    /// The fields.
    public var name: String, channel: MessageChannel, topic: MessageTopic?, variants: MessageVariants, trackEngagement: Bool
    /// When it was created and last changed.
    public let createdAt: Timestamp, updatedAt: Timestamp

    /// Creates a template from its identifier, fields and times.
    public init(id: String, fields: MessageTemplateFields, createdAt: Timestamp, updatedAt: Timestamp) {
        self.id = id
        (name, channel, topic, variants, trackEngagement) = (fields.name, fields.channel, fields.topic, fields.variants, fields.trackEngagement)
        (self.createdAt, self.updatedAt) = (createdAt, updatedAt)
    }

    /// The template's fields.
    public var fields: MessageTemplateFields {
        MessageTemplateFields(name: name, channel: channel, topic: topic, variants: variants, trackEngagement: trackEngagement)
    }
}

/// A message template as sent to the API; PATCH sends only what changes.
public struct MessageTemplateInput: RecordInput {
    /// `MessageTemplateFields.name`; required.
    public var name: String?
    /// `MessageTemplateFields.channel`; email when absent.
    public var channel: MessageChannel?
    /// `MessageTemplateFields.topic`.
    public var topic: MessageTopic?
    /// `MessageTemplateFields.variants`; required.
    public var variants: MessageVariants?
    /// `MessageTemplateFields.trackEngagement`; false when absent.
    public var trackEngagement: Bool?

    /// Creates an input from its parts.
    public init(name: String? = nil, channel: MessageChannel? = nil, topic: MessageTopic? = nil, variants: MessageVariants? = nil, trackEngagement: Bool? = nil) {
        (self.name, self.channel, self.topic, self.variants, self.trackEngagement) = (name, channel, topic, variants, trackEngagement)
    }

    /// Checks the name and every variant: an email needs a subject, an SMS fits 640 characters, and every placeholder
    /// is closed and known (the problem names the variant and the character where it is).
    public func validated() throws(ValidationFailure) -> MessageTemplateFields {
        var issues = IssueCollector()
        let name = issues.text(name, "name", maxLength: 200, required: true)
        let channel = channel ?? .email
        if let variants = issues.required(variants, "variants") {
            for (language, variant) in variants.written {
                let field = "variants.\(language.rawValue)"
                if channel == .email {
                    let subject = variant.subject?.trimmingWhitespace() ?? ""
                    if subject.isEmpty { issues.add("\(field).subject", "is required for email") }
                    if subject.count > 200 { issues.add("\(field).subject", "must be at most 200 characters") }
                    if let problem = MessageText.problem(in: subject) { issues.add("\(field).subject", problem) }
                } else if variant.subject != nil {
                    issues.add("\(field).subject", "is for email only; an SMS has no subject")
                }
                let limit = channel == .email ? 20_000 : 640
                if variant.body.trimmingWhitespace().isEmpty { issues.add("\(field).body", "is required") }
                if variant.body.count > limit { issues.add("\(field).body", "must be at most \(limit) characters") }
                if let problem = MessageText.problem(in: variant.body) { issues.add("\(field).body", problem) }
            }
        }
        if trackEngagement == true && channel != .email { issues.add("trackEngagement", "is for email only") }
        try issues.throwIfAny()
        return MessageTemplateFields(name: name!, channel: channel, topic: topic, variants: variants!, trackEngagement: trackEngagement ?? false)
    }
}
