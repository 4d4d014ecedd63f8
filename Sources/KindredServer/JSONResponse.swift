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
    /// Whether an empty value counts as no value, as a page's GET form sends an emptied field or an "any" choice.
    var emptyMeansAbsent = false

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
        request.uri.queryParameters[Substring(name)].flatMap { emptyMeansAbsent && $0.isEmpty ? nil : String($0) }
    }

    /// An optional text parameter that must be short.
    func text(_ name: String) throws -> String? {
        guard let raw = string(name) else { return nil }
        guard raw.count <= 200 else { throw invalid(name, "must be at most 200 characters") }
        return raw
    }

    /// An optional instant: a date or an ISO 8601 date-time (a date means its start in `timeZone`).
    func instant(_ name: String, timeZone: TimeZone) throws -> Timestamp? {
        guard let raw = string(name) else { return nil }
        guard raw.count <= 40, let instant = ImportValues.instant(raw, timeZone: timeZone) else {
            throw invalid(name, "must be a date such as 2026-01-01 or an ISO 8601 date-time")
        }
        return instant
    }

    /// An optional integer within `range`.
    func integer(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let raw = string(name) else { return nil }
        guard let value = Int(raw), range.contains(value) else {
            throw invalid(name, "must be an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    /// An optional calendar date, `YYYY-MM-DD`.
    func date(_ name: String) throws -> CalendarDate? {
        guard let raw = string(name) else { return nil }
        guard raw.count == 10, let date = CalendarDate(iso8601: raw) else { throw invalid(name, "must be a date such as 2026-01-31") }
        return date
    }

    /// An optional ISO 4217 currency code.
    func currency(_ name: String) throws -> Currency? {
        guard let raw = string(name) else { return nil }
        guard let currency = Currency(code: raw) else { throw invalid(name, "must be an ISO 4217 currency code such as EUR") }
        return currency
    }

    /// `true` or `false` (absent is false).
    func flag(_ name: String) throws -> Bool {
        guard let raw = string(name) else { return false }
        guard let value = Bool(raw.lowercased()) else { throw invalid(name, "must be true or false") }
        return value
    }

    /// Every `name=KEY=VALUE` parameter as a dictionary.
    func pairs(_ name: String) throws -> [String: String] {
        var result: [String: String] = [:]
        for pair in request.uri.queryParameters.getAll(name) {
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).trimmingWhitespace() }
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, pair.count <= 400 else {
                throw invalid(name, "must be NAME=VALUE")
            }
            result[parts[0]] = parts[1]
        }
        return result
    }

    private func invalid(_ name: String, _ message: String) -> ValidationFailure {
        ValidationFailure([FieldIssue(field: name, message: message)])
    }
}
