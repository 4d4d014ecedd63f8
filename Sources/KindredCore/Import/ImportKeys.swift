/// Stable external ids for rows that carry none, so that importing the same file twice changes nothing: the
/// row's content hashed (FNV-1a, 64 bit) plus how often the same content came before in the file, so that two
/// identical gifts on one day stay two gifts. Keeps one small entry per distinct keyless row.
public struct ImportKeys: Sendable {
    private var seen: [UInt64: Int] = [:]

    /// Creates an empty key set for one file.
    public init() {}

    /// The key of a record: `content:HASH#N` for its Nth occurrence.
    public mutating func key(for record: CSVRecord) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for field in record.fields {
            for byte in field.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x100_0000_01b3
            }
            hash ^= 0x1f
            hash = hash &* 0x100_0000_01b3
        }
        let occurrence = (seen[hash] ?? 0) + 1
        seen[hash] = occurrence
        return "content:" + String(hash, radix: 16) + "#" + String(occurrence)
    }
}
