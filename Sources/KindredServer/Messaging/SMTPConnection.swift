import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// A reply of an SMTP server: its code and its lines of text.
struct SMTPReply: Sendable {
    /// The three-digit code.
    let code: Int
    /// The text of every line, without codes.
    let lines: [String]
}

/// What went wrong talking to the relay; `permanent` when the relay refused for good (a 5xx reply).
struct SMTPError: Error, CustomStringConvertible {
    /// What happened.
    let description: String
    /// Whether trying again cannot help.
    let permanent: Bool
}

/// Collects the server's replies line by line (a reply ends at a line whose code is followed by a space) and hands
/// each to the next waiting command. Lives on the channel's event loop.
final class SMTPReplyHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer

    private var buffer = ""
    private var lines: [String] = []
    private var replies: [SMTPReply] = []
    private var waiting: [EventLoopPromise<SMTPReply>] = []
    private var failure: (any Error)?
    /// The longest reply line taken (RFC 5321 allows 512 octets).
    static let maximumLine = 4_096

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        buffer += bytes.readString(length: bytes.readableBytes) ?? ""
        while let end = buffer.range(of: "\r\n") {
            let line = String(buffer[..<end.lowerBound])
            buffer.removeSubrange(..<end.upperBound)
            take(line)
        }
        if buffer.utf8.count > Self.maximumLine { fail(SMTPError(description: "the relay sent a line longer than \(Self.maximumLine) bytes", permanent: false)) }
    }

    private func take(_ line: String) {
        lines.append(line.count > 4 ? String(line.dropFirst(4)) : "")
        let separator = line.dropFirst(3).first
        guard separator != "-" else { return }
        guard let code = Int(line.prefix(3)) else {
            fail(SMTPError(description: "the relay sent something that is not an SMTP reply", permanent: false))
            return
        }
        let reply = SMTPReply(code: code, lines: lines)
        lines = []
        if waiting.isEmpty { replies.append(reply) } else { waiting.removeFirst().succeed(reply) }
    }

    /// The next reply, now if one arrived already.
    func nextReply(on loop: any EventLoop) -> EventLoopFuture<SMTPReply> {
        if let failure { return loop.makeFailedFuture(failure) }
        if !replies.isEmpty { return loop.makeSucceededFuture(replies.removeFirst()) }
        let promise = loop.makePromise(of: SMTPReply.self)
        waiting.append(promise)
        return promise.futureResult
    }

    private func fail(_ error: any Error) {
        failure = failure ?? error
        for promise in waiting { promise.fail(error) }
        waiting = []
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(SMTPError(description: "the connection to the relay failed: \(error)", permanent: false))
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(SMTPError(description: "the relay closed the connection", permanent: false))
    }
}

/// One conversation with an SMTP relay (RFC 5321): commands are sent one at a time and each waits for its reply.
struct SMTPConnection {
    let channel: any Channel
    let handler: SMTPReplyHandler
    /// How long one reply may take.
    static let replyTimeout = TimeAmount.seconds(60)

    /// Connects to `host:port` and reads the greeting.
    static func open(host: String, port: Int, group: any EventLoopGroup) async throws -> SMTPConnection {
        let handler = SMTPReplyHandler()
        let channel = try await ClientBootstrap(group: group)
            .connectTimeout(.seconds(10))
            .channelInitializer { channel in channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(handler) } }
            .connect(host: host, port: port).get()
        let connection = SMTPConnection(channel: channel, handler: handler)
        _ = try await connection.reply(expecting: [220])
        return connection
    }

    /// Waits for the next reply and checks its code.
    func reply(expecting codes: Set<Int>) async throws -> SMTPReply {
        let loop = channel.eventLoop
        let future = loop.flatSubmit { handler.nextReply(on: loop) }
        let timeout = loop.scheduleTask(in: Self.replyTimeout) { channel.close(promise: nil) }
        defer { timeout.cancel() }
        let reply = try await future.get()
        guard codes.contains(reply.code) else {
            throw SMTPError(description: "the relay answered \(reply.code) \(reply.lines.joined(separator: " ").prefix(300))", permanent: reply.code >= 500)
        }
        return reply
    }

    /// Sends one command line and waits for its reply.
    @discardableResult
    func command(_ line: String, expecting codes: Set<Int>) async throws -> SMTPReply {
        try await write(line + "\r\n")
        return try await reply(expecting: codes)
    }

    /// Writes raw text.
    func write(_ text: String) async throws {
        try await channel.writeAndFlush(channel.allocator.buffer(string: text)).get()
    }

    /// Switches the connection to TLS after a successful `STARTTLS`, checking the relay's certificate for `host`.
    func startTLS(host: String, configuration: TLSConfiguration) async throws {
        let context = try NIOSSLContext(configuration: configuration)
        let tls = try NIOSSLClientHandler(context: context, serverHostname: host.first?.isNumber == true ? nil : host)
        try await channel.pipeline.addHandler(tls, position: .first).get()
    }

    /// Says goodbye and closes.
    func close() async {
        _ = try? await command("QUIT", expecting: [221])
        try? await channel.close()
    }
}
