import Foundation

/// A message ready to send: its subject (email), plain text and HTML.
public struct RenderedMessage: Sendable, Hashable, Codable {
    /// The subject, one line (email only).
    public var subject: String?
    /// The plain-text body, with the footer.
    public var text: String
    /// The HTML body (email only), every value escaped, with the footer.
    public var html: String?
    /// The language it is written in.
    public var language: Language

    /// Creates a message from its parts.
    public init(subject: String?, text: String, html: String?, language: Language) {
        (self.subject, self.text, self.html, self.language) = (subject, text, html, language)
    }
}

/// The links a message carries: unsubscribe, preferences and, when tracked, the open pixel and click redirect.
public struct MessageLinks: Sendable, Hashable {
    /// The one-click unsubscribe page.
    public var unsubscribe: String
    /// The preference centre.
    public var preferences: String
    /// The open-tracking image, when opens are tracked.
    public var openPixel: String?
    /// Turns a link into its click-tracking redirect, when clicks are tracked.
    public var clickPrefix: String?

    /// Creates the links.
    public init(unsubscribe: String, preferences: String, openPixel: String? = nil, clickPrefix: String? = nil) {
        (self.unsubscribe, self.preferences, self.openPixel, self.clickPrefix) = (unsubscribe, preferences, openPixel, clickPrefix)
    }
}

/// Turns a template variant and a person's values into the message's texts.
public enum MessageRendering {
    /// The footer's words per language.
    static let footer = (preferences: Wording(en: "Manage your preferences", nl: "Beheer je voorkeuren", fr: "Gérer vos préférences"),
                         unsubscribe: Wording(en: "Unsubscribe", nl: "Uitschrijven", fr: "Se désinscrire"))

    /// Renders `variant` (in `language`) for one person: placeholders filled, subject on one line, HTML escaped with
    /// the template's own links made clickable (through the click redirect when tracked), and the footer links added.
    public static func render(_ variant: MessageVariant, language: Language, channel: MessageChannel, values: [MessageVariable: String],
                              links: MessageLinks) -> RenderedMessage {
        var values = values
        values[.unsubscribeURL] = links.unsubscribe
        values[.preferencesURL] = links.preferences
        let subject = variant.subject.map { oneLine(MessageText.render($0, values: values)) }
        let plain = MessageText.render(variant.body, values: values)
        guard channel == .email else {
            return RenderedMessage(subject: nil, text: plain + "\n\(footer.unsubscribe.text(in: language)): \(links.unsubscribe)", html: nil, language: language)
        }
        let text = plain + "\n\n-- \n\(footer.preferences.text(in: language)): \(links.preferences)\n\(footer.unsubscribe.text(in: language)): \(links.unsubscribe)\n"
        let body = MessageText.render(variant.body, values: values, escape: { variable, value in
            variable == .unsubscribeURL || variable == .preferencesURL ? anchor(value, href: value) : HTMLText.escape(value)
        }, literal: { linkified($0, clickPrefix: links.clickPrefix) })
        let paragraphs = body.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n\n")
            .map { "<p>" + $0.replacingOccurrences(of: "\n", with: "<br>\n") + "</p>" }.joined(separator: "\n")
        let pixel = links.openPixel.map { "\n<img src=\"\(HTMLText.escape($0))\" width=\"1\" height=\"1\" alt=\"\">" } ?? ""
        let html = """
            <!DOCTYPE html>
            <html lang="\(language.rawValue)"><head><meta charset="utf-8"><title>\(HTMLText.escape(subject ?? ""))</title></head>
            <body style="font-family:sans-serif;line-height:1.5;max-width:40em">
            \(paragraphs)
            <p style="font-size:small;color:#555">\(anchor(footer.preferences.text(in: language), href: links.preferences)) · \(anchor(footer.unsubscribe.text(in: language), href: links.unsubscribe))</p>\(pixel)
            </body></html>
            """
        return RenderedMessage(subject: subject, text: text, html: html, language: language)
    }

    /// `text` on one line: line breaks and tabs become spaces (a header cannot be split by a value).
    static func oneLine(_ text: String) -> String {
        String(text.map { $0.isNewline || $0 == "\t" ? " " : $0 }).trimmingWhitespace()
    }

    /// The characters left as they are in a URL passed as a query value.
    static let urlValueCharacters = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")

    /// A link with escaped text and address.
    static func anchor(_ text: String, href: String) -> String { "<a href=\"\(HTMLText.escape(href))\">\(HTMLText.escape(text))</a>" }

    /// Literal template text escaped, with each `http(s)://` address made a link (through the click redirect when given).
    static func linkified(_ text: String, clickPrefix: String?) -> String {
        var output = "", rest = text[...]
        while let start = [rest.range(of: "https://"), rest.range(of: "http://")].compactMap({ $0 }).min(by: { $0.lowerBound < $1.lowerBound }) {
            output += HTMLText.escape(String(rest[..<start.lowerBound]))
            let end = rest[start.lowerBound...].firstIndex { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "\"" } ?? rest.endIndex
            var url = String(rest[start.lowerBound..<end])
            var trailing = ""
            while let last = url.last, ".,;:!?)".contains(last) { trailing = String(last) + trailing; url.removeLast() }
            let href = clickPrefix.map { $0 + (url.addingPercentEncoding(withAllowedCharacters: urlValueCharacters) ?? url) } ?? url
            output += anchor(url, href: href) + HTMLText.escape(trailing)
            rest = rest[end...]
        }
        return output + HTMLText.escape(String(rest))
    }
}
