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
    static let currency = type("string", ["enum": .array(Currency.allCodes.map { .string($0) }), "description": "ISO 4217 code"])
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

    /// The input form of a record: the same fields, each may be null (nested members too), except the `required` ones,
    /// which must be given. A create request also states the cross-field rules in `rules` (e.g. `dependentRequired`).
    static func input(_ fields: [Property], required: [String] = [], rules: [String: JSONValue] = [:]) -> JSONValue {
        var members: [String: JSONValue] = [:]
        for property in fields {
            let schema = lenient(property.schema)
            members[property.name] = required.contains(property.name) ? schema : nullable(schema)
        }
        let schema: [String: JSONValue] = ["properties": .object(members), "required": .array(required.map { .string($0) })]
        return type("object", schema.merging(rules) { $1 })
    }

    /// A schema as input accepts it: optional members of nested objects may be null.
    static func lenient(_ schema: JSONValue) -> JSONValue {
        guard case .object(var members) = schema else { return schema }
        if case .object(let properties)? = members["properties"] {
            let required = Set(members["required"].flatMap { value -> [String]? in
                if case .array(let names) = value { return names.compactMap { if case .string(let name) = $0 { name } else { nil } } }
                return nil
            } ?? [])
            members["properties"] = .object(properties.mapValues(lenient).reduce(into: [:]) { result, member in
                result[member.key] = required.contains(member.key) ? member.value : nullable(member.value)
            })
        }
        if let items = members["items"] { members["items"] = lenient(items) }
        return .object(members)
    }

    /// "When `field` holds text, `then` applies": a rule as the validator sees it (null and blank count as absent).
    static func whenGiven(_ field: String, then: JSONValue) -> JSONValue {
        ["if": ["properties": [field: ["type": "string", "pattern": "\\S"]], "required": [.string(field)]], "then": then]
    }

    /// "When `field` is given (not null), `other` must hold text too."
    static func requires(_ field: String, _ other: String, whenText: Bool = true) -> JSONValue {
        let then: JSONValue = ["required": [.string(other)], "properties": [other: ["type": "string", "pattern": "\\S"]]]
        if whenText { return whenGiven(field, then: then) }
        return ["if": ["properties": [field: ["not": ["type": "null"]]], "required": [.string(field)]], "then": then]
    }

    /// `source` and `externalId` come together or not at all.
    static let pairedExternalReference: [JSONValue] = [requires("externalId", "source"), requires("source", "externalId")]

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
