import Foundation
import Hummingbird
import KindredCore

/// Reads JSON request bodies: 413 when too large, 400 when not JSON, 422 naming the field when a value has the wrong type.
enum RequestBody {
    /// The largest body the REST API accepts.
    static let maximumBytes = 1 << 20

    /// The body as a JSON object.
    static func object(_ request: Request, context: some RequestContext) async throws -> JSONValue {
        var request = request
        let buffer = try await request.collectBody(upTo: maximumBytes)
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: Data(buffer: buffer))
        } catch {
            throw Problem(.badRequest, "the body is not valid JSON")
        }
        guard case .object = value else { throw Problem(.badRequest, "the body must be a JSON object") }
        return value
    }

    /// Decodes a typed input from a JSON value, turning type errors into field issues.
    static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: try JSONEncoder().encode(value))
        } catch let error as DecodingError {
            throw ValidationFailure([issue(for: error)])
        }
    }

    /// The field issue a decoding error describes.
    static func issue(for error: DecodingError) -> FieldIssue {
        func path(_ codingPath: [any CodingKey]) -> String {
            codingPath.reduce("") { result, key in
                if let index = key.intValue { return "\(result)[\(index)]" }
                return result.isEmpty ? key.stringValue : "\(result).\(key.stringValue)"
            }
        }
        switch error {
        case .typeMismatch(let expected, let context):
            return FieldIssue(field: path(context.codingPath), message: "must be \(describe(expected))")
        case .valueNotFound(let expected, let context):
            return FieldIssue(field: path(context.codingPath), message: "must be \(describe(expected)), not null")
        case .keyNotFound(let key, let context):
            return FieldIssue(field: path(context.codingPath + [key]), message: "is required")
        case .dataCorrupted(let context):
            let message = context.debugDescription.hasPrefix("must") ? context.debugDescription : "has a value that cannot be read"
            return FieldIssue(field: path(context.codingPath), message: message)
        @unknown default:
            return FieldIssue(field: "", message: "cannot be read")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int64.Type, is Int.Type: "an integer"
        case is Double.Type: "a number"
        case is Bool.Type: "true or false"
        case is [Any].Type: "an array"
        default: String(describing: type).hasPrefix("Array") ? "an array" : "an object"
        }
    }
}
