import Foundation
import HTTPTypes
import Hummingbird
import KindredCore

/// Builds JSON responses.
enum JSONResponse {
    /// Encodes `value` as the response body.
    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(data: try encoder.encode(value))))
    }
}

/// Reads and checks query parameters.
struct QueryParameters {
    let request: Request

    /// A page size from `limit`: 1 to 200, 50 by default.
    func limit() throws -> Int {
        guard let raw = request.uri.queryParameters["limit"].map(String.init) else { return 50 }
        guard let value = Int(raw), (1...200).contains(value) else { throw invalid("limit", "must be an integer from 1 to 200") }
        return value
    }

    /// A record-id cursor from `cursor`.
    func idCursor() throws -> String? {
        try identifier("cursor")
    }

    /// An optional record id.
    func identifier(_ name: String) throws -> String? {
        guard let raw = string(name) else { return nil }
        guard RecordIdentifier.isValid(raw) else { throw invalid(name, "must be a record id (a lower-case UUID)") }
        return raw
    }

    /// An optional vocabulary value.
    func vocabulary<V: Vocabulary>(_ name: String, as type: V.Type = V.self) throws -> V? {
        guard let raw = string(name) else { return nil }
        guard let value = V(rawValue: raw) else { throw invalid(name, "must be one of: \(V.allowedValues)") }
        return value
    }

    /// An optional free-text parameter, at most 200 characters.
    func string(_ name: String) -> String? {
        request.uri.queryParameters[Substring(name)].map(String.init)
    }

    /// An optional text parameter that must be short.
    func text(_ name: String) throws -> String? {
        guard let raw = string(name) else { return nil }
        guard raw.count <= 200 else { throw invalid(name, "must be at most 200 characters") }
        return raw
    }

    private func invalid(_ name: String, _ message: String) -> ValidationFailure {
        ValidationFailure([FieldIssue(field: name, message: message)])
    }
}
