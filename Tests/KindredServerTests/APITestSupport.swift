import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KindredCore
import KindredServer
import KindredStore
import KindredTestSupport
import NIOCore

/// A running API over a fresh SQLite database, with one API key per role.
struct APIHarness: Sendable {
    let store: KindredStore
    let keys: [StaffRole: String]
    /// A write key for the event API.
    let writeKey: String
    let routes: [(method: String, path: String)]

    /// Runs `body` against the router (no socket), with a fresh database.
    static func run(publicRequestsPerMinute: Int = ServerConfiguration.defaultPublicRequestsPerMinute,
                    _ body: @Sendable (APIHarness, any TestClientProtocol) async throws -> Void) async throws {
        try await withTestStore(.sqlite) { store in
            var keys: [StaffRole: String] = [:]
            let directory = StaffDirectory(database: store.database)
            for role in StaffRole.allCases {
                keys[role] = try await directory.createKey(name: "test \(role.rawValue)", role: role).secret
            }
            let writeKey = try await directory.createKey(name: "website", role: .viewer, writeOnly: true).secret
            let built = buildRouter(store: store, publicRequestsPerMinute: publicRequestsPerMinute)
            let harness = APIHarness(store: store, keys: keys, writeKey: writeKey, routes: built.routes)
            let app = Application(router: built.router)
            try await app.test(.router) { client in try await body(harness, client) }
        }
    }
}

extension TestClientProtocol {
    /// Sends a request as `role` (or unauthenticated) and returns status, headers and parsed JSON body.
    func call(_ method: HTTPRequest.Method, _ uri: String, as key: String?, json: String? = nil) async throws
        -> (status: HTTPResponse.Status, headers: HTTPFields, body: JSONValue?) {
        var headers: HTTPFields = [:]
        if let key { headers[.authorization] = "Bearer \(key)" }
        if json != nil { headers[.contentType] = "application/json" }
        return try await exchange(method, uri, headers: headers, body: json)
    }

    /// Sends a body to the event API with `key` as the HTTP Basic user name.
    func send(_ uri: String, writeKey key: String?, body: String) async throws -> (status: HTTPResponse.Status, headers: HTTPFields, body: JSONValue?) {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let key { headers[.authorization] = "Basic " + Data("\(key):".utf8).base64EncodedString() }
        return try await exchange(.post, uri, headers: headers, body: body)
    }

    private func exchange(_ method: HTTPRequest.Method, _ uri: String, headers: HTTPFields, body: String?) async throws
        -> (status: HTTPResponse.Status, headers: HTTPFields, body: JSONValue?) {
        try await execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }) { response in
            let data = Data(buffer: response.body)
            return (response.status, response.headers, data.isEmpty ? nil : try? JSONDecoder().decode(JSONValue.self, from: data))
        }
    }
}

extension JSONValue {
    /// A member of an object.
    subscript(key: String) -> JSONValue? { objectValue?[key] }

    /// The string value, if a string.
    var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The number value, if a number.
    var number: Double? {
        if case .number(let value) = self { return value }
        return nil
    }

    /// The array's elements, if an array.
    var array: [JSONValue]? {
        if case .array(let values) = self { return values }
        return nil
    }
}
