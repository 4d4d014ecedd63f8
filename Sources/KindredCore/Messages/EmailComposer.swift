import Foundation

/// An email address with an optional display name.
public struct EmailAddress: Sendable, Hashable, Codable {
    /// The display name.
    public var name: String?
    /// The address.
    public var address: String

    /// Creates an address.
    public init(name: String? = nil, address: String) { (self.name, self.address) = (name, address) }

    /// The address as a header value: `"Name" <address>`, the name encoded when it is not plain ASCII.
    var headerValue: String {
        guard let name, !name.isEmpty else { return "<\(address)>" }
        let clean = MessageRendering.oneLine(name)
        let plain = clean.unicodeScalars.allSatisfy { $0.isASCII && $0 != "\"" && $0 != "\\" }
        return (plain ? "\"\(clean)\"" : EmailComposer.encodedWords(clean)) + " <\(address)>"
    }
}

/// An email ready for an SMTP relay or the outbox folder.
public struct OutgoingEmail: Sendable, Hashable {
    /// Who it is from and to.
    public var from: EmailAddress, to: EmailAddress
    /// The rendered message.
    public var message: RenderedMessage
    /// The `Message-ID` without angle brackets.
    public var messageId: String
    /// When it is sent.
    public var date: Timestamp
    /// The one-click unsubscribe address (RFC 8058).
    public var unsubscribeURL: String

    /// Creates an email.
    public init(from: EmailAddress, to: EmailAddress, message: RenderedMessage, messageId: String, date: Timestamp, unsubscribeURL: String) {
        (self.from, self.to, self.message, self.messageId, self.date, self.unsubscribeURL) = (from, to, message, messageId, date, unsubscribeURL)
    }
}

/// Writes emails in the Internet Message Format (RFC 5322) with MIME: a text and an HTML alternative, base64 bodies,
/// encoded non-ASCII headers and the one-click unsubscribe headers (RFC 2369, RFC 8058).
public enum EmailComposer {
    /// The whole message, lines ended by CRLF.
    public static func compose(_ email: OutgoingEmail) -> String {
        let boundary = "kindred-" + email.messageId.filter { $0.isLetter || $0.isNumber }
        var headers = [
            "From: \(email.from.headerValue)",
            "To: \(email.to.headerValue)",
            "Subject: \(encodedWords(email.message.subject ?? ""))",
            "Date: \(dateHeader(email.date))",
            "Message-ID: <\(email.messageId)>",
            "MIME-Version: 1.0",
            "Content-Language: \(email.message.language.rawValue)",
            "List-Unsubscribe: <\(email.unsubscribeURL)>",
            "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
        ]
        var body: [String]
        if let html = email.message.html {
            headers.append("Content-Type: multipart/alternative; boundary=\"\(boundary)\"")
            body = ["--\(boundary)"] + part("text/plain", email.message.text) + ["--\(boundary)"] + part("text/html", html) + ["--\(boundary)--"]
        } else {
            body = part("text/plain", email.message.text)
            headers += Array(body.prefix(2))
            body.removeFirst(3)
        }
        return (headers + [""] + body).joined(separator: "\r\n") + "\r\n"
    }

    /// A MIME part's headers, blank line and base64 body in lines of 76.
    static func part(_ type: String, _ content: String) -> [String] {
        let encoded = Data(content.utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        return ["Content-Type: \(type); charset=utf-8", "Content-Transfer-Encoding: base64", ""] + encoded.components(separatedBy: "\r\n")
    }

    /// A header text as is when it is printable ASCII, else as RFC 2047 encoded words (UTF-8, base64) of at most 75
    /// characters, folded onto continuation lines; never containing a line break of its own.
    static func encodedWords(_ text: String) -> String {
        let line = MessageRendering.oneLine(text)
        if line.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 32 && $0.value < 127 }) && line.count <= 900 { return line }
        var words: [String] = [], chunk = ""
        for character in line {
            if chunk.utf8.count + character.utf8.count > 45 { words.append(chunk); chunk = "" }
            chunk.append(character)
        }
        if !chunk.isEmpty { words.append(chunk) }
        return words.map { "=?UTF-8?B?\(Data($0.utf8).base64EncodedString())?=" }.joined(separator: "\r\n ")
    }

    /// A date as RFC 5322 writes it, in UTC: `Mon, 23 Nov 2026 19:00:00 +0000`.
    static func dateHeader(_ instant: Timestamp) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: Date(timeIntervalSince1970: Double(instant.millisecondsSinceEpoch) / 1000))
    }
}
