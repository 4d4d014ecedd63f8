import Foundation
import KindredCore
import KindredServer
import KindredStore
import KindredTestSupport
import Testing

/// A real SMTP server (aiosmtpd) on loopback, run by `Tests/SMTP/smtp_server.py`. Nothing here blocks a thread of the
/// test run: programs are awaited by polling, and the server's "ready PORT" line is read from a file.
final class LoopbackSMTPServer: Sendable {
    let process: Process
    let folder: URL
    let port: Int

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

    private init(process: Process, folder: URL, port: Int) { (self.process, self.folder, self.port) = (process, folder, port) }

    /// Runs a program to its end.
    private static func run(_ arguments: [String], output: FileHandle = .nullDevice) async throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        (process.standardInput, process.standardOutput, process.standardError) = (FileHandle.nullDevice, output, FileHandle.nullDevice)
        try process.run()
        return process
    }

    /// Starts a server; with `tls`, STARTTLS and signing in are required (a self-signed certificate for 127.0.0.1).
    static func start(tls: Bool) async throws -> LoopbackSMTPServer {
        let folder = TestScratch.path("smtp")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../SMTP/smtp_server.py").standardized.path
        var arguments = ["python3", script, "--folder", folder.path]
        if tls {
            let openssl = try await run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                                         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", folder.appendingPathComponent("key.pem").path,
                                         "-out", folder.appendingPathComponent("cert.pem").path])
            while openssl.isRunning { try await Task.sleep(for: .milliseconds(20)) }
            arguments += ["--cert", folder.appendingPathComponent("cert.pem").path, "--key", folder.appendingPathComponent("key.pem").path]
        }
        let ready = folder.appendingPathComponent("ready.txt")
        _ = FileManager.default.createFile(atPath: ready.path, contents: nil)
        let process = try await run(arguments, output: try FileHandle(forWritingTo: ready))
        for _ in 0..<500 {
            let line = (try? String(contentsOf: ready, encoding: .utf8)) ?? ""
            if line.hasSuffix("\n"), let port = Int(line.split(separator: " ").last?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "") {
                return LoopbackSMTPServer(process: process, folder: folder, port: port)
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        process.terminate()
        throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "the SMTP server did not start"])
    }

    var certificate: URL { folder.appendingPathComponent("cert.pem") }

    /// The messages received, oldest first.
    func received() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".eml") }.sorted()
            .map { try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8) }
    }

    /// Stops the server and waits for it to end.
    func stop() async {
        process.terminate()
        while process.isRunning { try? await Task.sleep(for: .milliseconds(20)) }
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
        let server = try await LoopbackSMTPServer.start(tls: true)
        defer { server.process.terminate() }
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
        await server.stop()
    }

    @Test func noStartTLSOrBadCredentialsLeaveTheMessageQueued() async throws {
        let plain = try await LoopbackSMTPServer.start(tls: false)
        defer { plain.process.terminate() }
        try await withTestStore(.sqlite) { store in
            let ids = try await Self.queue(["anna@example.org"], in: store)
            let required = MessageDispatcher(store: store, configuration: MessageDeliveryConfiguration(smtp: SMTPConfiguration(host: "127.0.0.1", port: plain.port)),
                                             logger: testLogger)
            #expect(await required.sendDue() == 1)
            #expect(try plain.received().isEmpty, "nothing is sent in the clear when STARTTLS is required")
            let waiting = try await store.messages.message(ids[0], by: .system)
            #expect(waiting.status == .queued && waiting.attempts == 1 && waiting.reason?.contains("STARTTLS") == true)
        }
        await plain.stop()
        let secure = try await LoopbackSMTPServer.start(tls: true)
        defer { secure.process.terminate() }
        try await withTestStore(.sqlite) { store in
            let ids = try await Self.queue(["anna@example.org"], in: store)
            let wrong = SMTPConfiguration(host: "127.0.0.1", port: secure.port, username: "kindred", password: "wrong", trustedCertificatesFile: secure.certificate.path)
            #expect(await MessageDispatcher(store: store, configuration: MessageDeliveryConfiguration(smtp: wrong), logger: testLogger).sendDue() == 1)
            let waiting = try await store.messages.message(ids[0], by: .system)
            #expect(waiting.status == .queued && waiting.reason?.contains("535") == true, "a sign-in problem is the relay's, not the message's: \(waiting.reason ?? "")")
            #expect(try secure.received().isEmpty)
        }
        await secure.stop()
    }
}
