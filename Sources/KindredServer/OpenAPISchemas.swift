import KindredCore

/// JSON Schema building blocks for the OpenAPI document.
enum SchemaBuilder {
    /// A property: its name, schema, and whether every stored record has it.
    typealias Property = (name: String, schema: JSONValue, required: Bool)

    static func type(_ name: String, _ extra: [String: JSONValue] = [:]) -> JSONValue {
        .object(["type": .string(name)].merging(extra) { $1 })
    }
    static let string = type("string")
    static let integer = type("integer")
    static let boolean = type("boolean")
    static let dateTime = type("string", ["format": "date-time"])
    static let date = type("string", ["format": "date"])
    static let identifier = type("string", ["format": "uuid"])
    static let currency = type("string", ["minLength": 3, "maxLength": 3, "description": "ISO 4217 code"])
    static let amount = type("integer", ["minimum": 1, "maximum": .number(Double(maximumAmountMinor)), "description": "minor units"])
    static let freeObject = type("object")

    static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(name)")] }
    static func array(_ items: JSONValue) -> JSONValue { type("array", ["items": items]) }
    static func oneOf<V: Vocabulary>(_ vocabulary: V.Type) -> JSONValue {
        type("string", ["enum": .array(V.allCases.map { .string($0.rawValue) })])
    }

    /// An object whose listed properties are required.
    static func object(_ properties: [Property]) -> JSONValue {
        var members: [String: JSONValue] = [:]
        for property in properties { members[property.name] = property.schema }
        return type("object", ["properties": .object(members),
                               "required": .array(properties.filter(\.required).map { .string($0.name) })])
    }

    /// A stored record: id and timestamps plus the fields.
    static func record(_ fields: [Property]) -> JSONValue {
        object([("id", identifier, true), ("createdAt", dateTime, true), ("updatedAt", dateTime, true)] + fields)
    }

    /// The input form of a record: the same fields, none required, each may be null.
    static func input(_ fields: [Property]) -> JSONValue {
        var members: [String: JSONValue] = [:]
        for property in fields { members[property.name] = nullable(property.schema) }
        return type("object", ["properties": .object(members)])
    }

    /// The schema, or null.
    static func nullable(_ schema: JSONValue) -> JSONValue {
        guard case .object(var members) = schema, case .string(let name)? = members["type"] else {
            return ["anyOf": [schema, type("null")]]
        }
        members["type"] = [.string(name), "null"]
        if case .array(var values)? = members["enum"] {
            values.append(.null)
            members["enum"] = .array(values)
        }
        return .object(members)
    }

    /// A page of records.
    static func page(_ item: JSONValue) -> JSONValue {
        object([("items", array(item), true), ("nextCursor", string, false)])
    }
}
