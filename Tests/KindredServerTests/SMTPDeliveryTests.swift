import Foundation
import KindredCore
import KindredServer
import KindredStore
import KindredTestSupport
import Testing

/// A real SMTP server (aiosmtpd) on loopback, run by `Tests/SMTP/smtp_server.py`.
final class LoopbackSMTPServer: @unchecked Sendable {
    let process = Process()
    let input = Pipe()
    let folder = TestScratch.path("smtp")
    private(set) var port = 0

    /// Whether Python has aiosmtpd.
    static let available: Bool = {
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        probe.arguments = ["python3", "-c", "import aiosmtpd"]
        probe.standardError = FileHandle.nullDevice
        guard (try? probe.run()) != nil else { return false }
        probe.waitUntilExit()
        return probe.terminationStatus == 0
    }()

    /// Starts the server; with `tls`, STARTTLS and signing in are required (a self-signed certificate for 127.0.0.1).
    init(tls: Bool) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var arguments = ["python3", URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../SMTP/smtp_server.py").standardized.path,
                         "--folder", folder.path]
        if tls {
            let openssl = Process()
            openssl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            openssl.arguments = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                                 "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", certificateKey.path, "-out", certificate.path]
            openssl.standardError = FileHandle.nullDevice
            try openssl.run()
            openssl.waitUntilExit()
            arguments += ["--cert", certificate.path, "--key", certificateKey.path]
        }
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        var line = ""
        while !line.hasSuffix("\n") {
            let data = output.fileHandleForReading.availableData
            if data.isEmpty { break }
            line += String(decoding: data, as: UTF8.self)
        }
        port = Int(line.split(separator: " ").last?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "") ?? 0
    }

    var certificate: URL { folder.appendingPathComponent("cert.pem") }
    var certificateKey: URL { folder.appendingPathComponent("key.pem") }

    /// The messages received, oldest first.
    func received() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".eml") }.sorted()
            .map { try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8) }
    }

    func stop() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}

/// Email through a real SMTP relay: STARTTLS with the relay's own certificate, AUTH PLAIN, the message as sent with its
/// unsubscribe headers; a refused address fails at once, a relay without STARTTLS is not used, and bad credentials are
/// retried later rather than failing the message.
@Suite(.enabled(if: LoopbackSMTPServer.available, "the SMTP tests need a real SMTP server: pip install aiosmtpd"))
struct SMTPDeliveryTests {
    static func queue(_ emails: [String], in store: KindredStore) async throws -> [String] {
        let template = try await store.messageTemplates.create(try MessageTemplateInput(name: "Welcome", variants: MessageVariants(
            en: MessageVariant(subject: "Welcome, {{givenName}}", body: ".A line starting with a dot\nThank you for joining."))).validated(), by: .system)
        var people: [String] = []
        for email in emails {
            let id = try await store.constituents.create(try sampleConstituent("Anna Jansen", email: email).validated(), by: .system).id
            _ = try await store.consent.create(try ConsentInput(constituentId: id, channel: .email, status: .granted, recordedAt: testNow, source: "test").validated(), by: .system)
            people.append(id)
        }
        return try await store.messages.send(templateId: template.id, to: .people(people), source: "test", by: .system).messageIds
    }

    @Test func startTLSSignInAndTheMessageAsSent() async throws {
        let server = try LoopbackSMTPServer(tls: true)
        defer { server.stop() }
        try await withTestStore(.sqlite) { store in
            let ids = try await Self.queue(["anna@example.org", "nobody@refused.example"], in: store)
            let relay = SMTPConfiguration(host: "127.0.0.1", port: server.port, username: "kindred", password: "s3cret", security: .startTLS,
                                          trustedCertificatesFile: server.certificate.path)
            let dispatcher = MessageDispatcher(store: store, configuration: MessageDeliveryConfiguration(smtp: relay), logger: testLogger)
            #expect(await dispatcher.sendDue() == 2)
            let received = try server.received()
            #expect(received.count == 1)
            let mail = try #require(received.first)
            #expect(mail.contains("X-Envelope-To: anna@example.org") && mail.contains("X-Authenticated: True"))
            #expect(mail.contains("Subject: Welcome, Anna") && mail.contains("List-Unsubscribe: <http://localhost:8080/p/u/km_"))
            #expect(mail.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"))
            let sent = try await store.messages.message(ids[0], by: .system), refused = try await store.messages.message(ids[1], by: .system)
            #expect(sent.status == .sent)
            #expect(refused.status == .failed && refused.reason?.contains("550") == true, "a refused address is not tried again")
        }
    }

    @Test func noStartTLSOrBadCredentialsLeaveTheMessageQueued() async throws {
        let plain = try LoopbackSMTPServer(tls: false)
        defer { plain.stop() }
        try await withTestStore(.sqlite) { store in
            let ids = try await Self.queue(["anna@example.org"], in: store)
            let required = MessageDispatcher(store: store, configuration: MessageDeliveryConfiguration(smtp: SMTPConfiguration(host: "127.0.0.1", port: plain.port)),
                                             logger: testLogger)
            #expect(await required.sendDue() == 1)
            #expect(try plain.received().isEmpty, "nothing is sent in the clear when STARTTLS is required")
            let waiting = try await store.messages.message(ids[0], by: .system)
            #expect(waiting.status == .queued && waiting.attempts == 1 && waiting.reason?.contains("STARTTLS") == true)
        }
        let secure = try LoopbackSMTPServer(tls: true)
        defer { secure.stop() }
        try await withTestStore(.sqlite) { store in
            let ids = try await Self.queue(["anna@example.org"], in: store)
            let wrong = SMTPConfiguration(host: "127.0.0.1", port: secure.port, username: "kindred", password: "wrong", trustedCertificatesFile: secure.certificate.path)
            #expect(await MessageDispatcher(store: store, configuration: MessageDeliveryConfiguration(smtp: wrong), logger: testLogger).sendDue() == 1)
            let waiting = try await store.messages.message(ids[0], by: .system)
            #expect(waiting.status == .queued && waiting.reason?.contains("535") == true, "a sign-in problem is the relay's, not the message's: \(waiting.reason ?? "")")
            #expect(try secure.received().isEmpty)
        }
    }
}
