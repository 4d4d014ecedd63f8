import Foundation
import Hummingbird
import KindredCore

/// Reads JSON request bodies: 413 when too large, 400 when not JSON, 422 naming the field when a value has the wrong type.
enum RequestBody {
    /// The largest body the REST API accepts.
    static let maximumBytes = 1 << 20

    /// The body as a JSON object: the raw bytes (decoded from directly, so errors name the exact field) and the parsed value.
    static func object(_ request: Request, context: some RequestContext) async throws -> (data: Data, value: JSONValue) {
        var request = request
        let data = Data(buffer: try await request.collectBody(upTo: maximumBytes))
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw Problem(.badRequest, "the body is not valid JSON")
        }
        guard case .object = value else { throw Problem(.badRequest, "the body must be a JSON object") }
        let fractional = fractionalAmounts(in: value, path: "")
        if !fractional.isEmpty { throw ValidationFailure(fractional) }
        return (data, value)
    }

    /// Amounts (`…Minor` fields) that are numbers but not whole: Foundation's decoder reports these without a field name,
    /// so they are found here first.
    static func fractionalAmounts(in value: JSONValue, path: String) -> [FieldIssue] {
        switch value {
        case .object(let members):
            return members.sorted { $0.key < $1.key }.flatMap { key, member -> [FieldIssue] in
                let memberPath = path.isEmpty ? key : "\(path).\(key)"
                if key.hasSuffix("Minor"), case .number(let number) = member, number.rounded() != number || abs(number) >= 9.2e18 {
                    return [FieldIssue(field: memberPath, message: "must be a whole number of minor units")]
                }
                return fractionalAmounts(in: member, path: memberPath)
            }
        case .array(let elements):
            return elements.enumerated().flatMap { fractionalAmounts(in: $0.element, path: "\(path)[\($0.offset)]") }
        default:
            return []
        }
    }

    /// Decodes a typed input from JSON bytes, turning type errors into field issues.
    static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: data)
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
