/// What can go wrong in the store, in terms a caller can act on; never carries personal data or SQL.
public enum StoreError: Error, Sendable, Equatable {
    /// No record of `entity` has this id.
    case notFound(entity: String, id: String)
    /// The write conflicts with what is stored (a duplicate external id, a record still in use).
    case conflict(String)
    /// A field refers to a record that does not exist or cannot be used there.
    case invalidReference(field: String, message: String)
    /// The caller may not create or change a record like this (e.g. programme staff writing a donor-only record).
    case forbidden(String)
    /// The database could not be reached or could not commit; the caller may retry.
    case unavailable(String)
    /// The database URL or settings are unusable.
    case invalidConfiguration(String)
}
