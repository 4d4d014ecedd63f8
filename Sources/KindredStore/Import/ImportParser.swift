import Foundation
import KindredCore

/// The file side of an import: splits a chunk of the file's bytes into records and checks every row against the
/// layout its header names. It touches no database, so the importer runs it one chunk ahead of the writes, on the
/// other core; only the current and the next chunk are ever held. Fed the same chunks, it gives the same rows, which
/// is what lets an import be checked in one pass and applied in a second one (or after a crash, by another process).
final class ImportParser: @unchecked Sendable {
    /// Rows with the file lines they came from.
    typealias Lines<Row> = [(line: Int, row: Row)]

    /// A chunk's good rows, of the kind being imported.
    enum Rows: Sendable {
        case gifts(Lines<GiftRow>)
        case constituents(Lines<ConstituentFields>)
        case interactions(Lines<InteractionRow>)
    }

    /// Bytes read per chunk.
    static let chunkBytes = 4 << 20

    private let options: ImportOptions
    private let timeZone: TimeZone
    private let state: ImportState
    private var csv = CSVReader()
    private var reader: ImportRowReader?
    private var keys = ImportKeys()

    /// The file's header, once read.
    private(set) var header: [String]?

    /// Creates a parser; row problems go to `state`'s report.
    init(options: ImportOptions, timeZone: TimeZone, state: ImportState) {
        self.options = options
        self.timeZone = timeZone
        self.state = state
    }

    /// Whether the file names soft credits (which must name someone known).
    var namesSoftCredits: Bool { reader?.layout.positions["soft_credit_external_id"] != nil || reader?.layout.defaults["soft_credit_external_id"] != nil }

    /// The rows of the next chunk of bytes, or of the file's end (nil): `split` then `check`. Calls must not overlap.
    func parse(_ bytes: Data?) throws -> Rows {
        try check(try split(bytes))
    }

    /// The records the next chunk of bytes completes, or the file's end (nil) does. Throws `CSVShapeError` for a file
    /// that is not CSV. Calls must not overlap each other, but may overlap `check` of the records of an earlier chunk.
    func split(_ bytes: Data?) throws(CSVShapeError) -> [CSVRecord] {
        guard let bytes else { return try csv.finish() }
        // Over the raw buffer: iterating `Data` itself costs a call per byte.
        return try bytes.withUnsafeBytes { buffer in Result { () throws(CSVShapeError) in try csv.feed(buffer) } }.get()
    }

    /// What checking keeps of a chunk's good rows: only what the soft-credit check needs, and only when the file
    /// names soft credits.
    struct Checked: Sendable {
        /// Every good gift row's donor.
        var donors: [String] = []
        /// The good gift rows that name a soft credit: their donor and whom they name.
        var credits: Lines<(donor: String, named: String)> = []
    }

    /// Checks `records` as `check` does, a thousand at a time so that only a thousand rows are ever held, and keeps
    /// what the soft-credit check needs.
    func verify(_ records: [CSVRecord]) throws -> Checked {
        var checked = Checked(), start = 0
        repeat {
            let end = min(start + 1_000, records.count)
            if case .gifts(let rows) = try check(Array(records[start..<end])), namesSoftCredits {
                checked.donors += rows.map(\.row.donorExternalId)
                checked.credits += rows.compactMap { line, row in row.softCreditExternalId.map { (line, (row.donorExternalId, $0)) } }
            }
            start = end
        } while start < records.count
        return checked
    }

    /// The good rows of `records` (the header first, if not yet read); the bad ones are reported. Throws
    /// `ValidationFailure` for a header that lacks required columns. Chunks must be checked in the file's order.
    func check(_ records: [CSVRecord]) throws -> Rows {
        var records = records[...]
        if header == nil, let first = records.first {
            let layout = try ImportLayout(kind: options.kind, header: first.fields, preset: options.preset,
                                          overrides: options.overrides, defaults: options.defaults)
            header = first.fields
            reader = ImportRowReader(layout: layout, source: options.effectiveSource, timeZone: timeZone)
            records = records.dropFirst()
        }
        state.update { $0.rowsRead += Int64(records.count) }
        guard let reader, let header else { return .gifts([]) }  // nothing but (at most) a header: no rows of any kind
        switch options.kind {
        case .gifts:
            return .gifts(good(records) { reader.gift($0, contentKey: { keys.key(for: $0) }) })
        case .constituents:
            return .constituents(good(records) { reader.constituent($0) })
        case .interactions:
            return .interactions(good(records) { reader.interaction($0, header: header, contentKey: { keys.key(for: $0) }) })
        }
    }

    /// The records `convert` accepts, with their lines; the problems of the others go to the report.
    private func good<Row>(_ records: ArraySlice<CSVRecord>, _ convert: (CSVRecord) -> Result<Row, RowIssues>) -> Lines<Row> {
        var accepted: Lines<Row> = []
        accepted.reserveCapacity(records.count)
        for record in records {
            switch convert(record) {
            case .success(let value): accepted.append((record.line, value))
            case .failure(let failure): state.update { $0.record(failure.issues) }
            }
        }
        return accepted
    }
}
