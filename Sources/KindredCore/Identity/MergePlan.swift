/// The fields of a person a merge can take from the duplicate instead of the survivor.
public enum MergeField: String, Vocabulary {
    case kind, givenName, familyName, displayName, address, preferredLanguage
}

/// How two records of one person become one: the survivor's fields win unless the merge takes a field from the
/// duplicate; a field the survivor lacks is filled from the duplicate; contact details, roles, tags and custom
/// fields are united.
public enum MergePlan {
    /// The survivor's fields after the merge.
    public static func merged(survivor: ConstituentFields, duplicate: ConstituentFields, taking: Set<MergeField>) -> ConstituentFields {
        var result = survivor
        func pick<T>(_ field: MergeField, _ path: WritableKeyPath<ConstituentFields, T?>) {
            if taking.contains(field) || result[keyPath: path] == nil { result[keyPath: path] = duplicate[keyPath: path] ?? result[keyPath: path] }
        }
        pick(.givenName, \.givenName)
        pick(.familyName, \.familyName)
        pick(.address, \.address)
        if taking.contains(.displayName) { result.displayName = duplicate.displayName }
        if taking.contains(.kind) { result.kind = duplicate.kind }
        if taking.contains(.preferredLanguage) { result.preferredLanguage = duplicate.preferredLanguage }
        result.emails = Array((survivor.emails + duplicate.emails.filter { !survivor.emails.contains($0) }).prefix(20))
        result.phones = Array((survivor.phones + duplicate.phones.filter { !survivor.phones.contains($0) }).prefix(20))
        result.roles = Array(Set(survivor.roles + duplicate.roles)).sorted { $0.rawValue < $1.rawValue }
        let tagKeys = Set(survivor.tags.map { $0.lowercased() })
        result.tags = survivor.tags + duplicate.tags.filter { !tagKeys.contains($0.lowercased()) }
        result.customFields = survivor.customFields.merging(duplicate.customFields) { own, _ in own }
        result.householdId = survivor.householdId ?? duplicate.householdId
        return result
    }
}
