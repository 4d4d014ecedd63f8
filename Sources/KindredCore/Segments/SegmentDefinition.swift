/// Dynamic segments follow a rule; static lists hold the people put in them.
public enum SegmentKind: String, Vocabulary { case dynamic, `static` }

/// What a staff member sends to create or replace a segment: a name, the persona description (who these people are
/// and what they need), the kind, and for a dynamic segment its rule, as JSON (`rule`) or as text (`ruleText`).
public struct SegmentInput: Sendable, Hashable, Codable {
    /// The name, unique.
    public var name: String?
    /// Who these people are and what they need; a segment with a description is a persona.
    public var description: String?
    /// Dynamic (the default when a rule is given) or static.
    public var kind: SegmentKind?
    /// The rule in its JSON form.
    public var rule: SegmentRule?
    /// The rule in its text form.
    public var ruleText: String?

    /// Creates an input.
    public init(name: String?, description: String? = nil, kind: SegmentKind? = nil, rule: SegmentRule? = nil, ruleText: String? = nil) {
        self.name = name
        self.description = description
        self.kind = kind
        self.rule = rule
        self.ruleText = ruleText
    }

    /// The checked definition; a rule error names its spot (`ruleText` offset or `rule` path).
    public func validated() throws -> SegmentDefinition {
        var issues = IssueCollector()
        let name = issues.text(self.name, "name", maxLength: 200, required: true)
        let description = issues.text(self.description, "description", maxLength: 4000, required: false)
        let kind = self.kind ?? (rule == nil && ruleText == nil ? .static : .dynamic)
        var parsed: SegmentRule?
        if kind == .static, rule != nil || ruleText != nil { issues.add("rule", "a static list has no rule; its members are added by id") }
        if kind == .dynamic {
            switch (rule, ruleText) {
            case (nil, nil): issues.add("rule", "a dynamic segment needs a rule or a ruleText")
            case (.some, .some): issues.add("ruleText", "give the rule once: as rule (JSON) or as ruleText, not both")
            case (.some(let json), nil):
                do { try SegmentCatalogue.validate(json); parsed = json } catch { issues.add(error.path, error.message) }
            case (nil, .some(let text)):
                do { parsed = try SegmentText.parse(text) } catch {
                    issues.add("ruleText", "at character \((error.offset ?? 0) + 1): \(error.message)")
                }
            }
        }
        try issues.throwIfAny()
        return SegmentDefinition(name: name!, description: description, kind: kind, rule: parsed)
    }
}

/// A checked segment definition.
public struct SegmentDefinition: Sendable, Hashable, Codable {
    /// The name.
    public let name: String
    /// The persona description.
    public let description: String?
    /// Dynamic or static.
    public let kind: SegmentKind
    /// The rule of a dynamic segment.
    public let rule: SegmentRule?
    /// The rule's canonical text.
    public var ruleText: String? { rule.map(SegmentText.print) }
}
