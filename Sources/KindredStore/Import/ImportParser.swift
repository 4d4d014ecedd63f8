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

    /// Checks `records` as `check` does and keeps what the soft-credit check needs: the two halves at once (on both
    /// cores), each a thousand rows at a time so that only a thousand typed rows are held. Content keys do not matter
    /// here (the rows are dropped), so each half makes its own; problems are reported in the file's order.
    func verify(_ records: [CSVRecord]) async throws -> Checked {
        let records = try readHeader(records)
        let middle = records.startIndex + records.count / 2
        async let first = verified(records[..<middle])
        let second = verified(records[middle...])
        let (early, late) = await (first, second)
        state.update { report in
            report.rowsRead += Int64(records.count)
            report.record(early.issues + late.issues)
        }
        return Checked(donors: early.checked.donors + late.checked.donors, credits: early.checked.credits + late.checked.credits)
    }

    private func verified(_ records: ArraySlice<CSVRecord>) -> (checked: Checked, issues: [RowIssue]) {
        var checked = Checked(), issues: [RowIssue] = [], keys = ImportKeys(), start = records.startIndex
        while start < records.endIndex {
            let end = min(start + 1_000, records.endIndex)
            let (rows, found) = convert(records[start..<end], keys: &keys)
            issues += found
            if namesSoftCredits, case .gifts(let rows) = rows {
                checked.donors += rows.map(\.row.donorExternalId)
                checked.credits += rows.compactMap { line, row in row.softCreditExternalId.map { (line, (row.donorExternalId, $0)) } }
            }
            start = end
        }
        return (checked, issues)
    }

    /// The good rows of `records` (the header first, if not yet read); the bad ones are reported. Throws
    /// `ValidationFailure` for a header that lacks required columns. Chunks must be checked in the file's order.
    func check(_ records: [CSVRecord]) throws -> Rows {
        let records = try readHeader(records)
        let (rows, issues) = convert(records, keys: &keys)
        state.update { report in
            report.rowsRead += Int64(records.count)
            report.record(issues)
        }
        return rows
    }

    /// `records` without the header, which sets the layout when it comes first.
    private func readHeader(_ records: [CSVRecord]) throws -> ArraySlice<CSVRecord> {
        guard header == nil, let first = records.first else { return records[...] }
        let layout = try ImportLayout(kind: options.kind, header: first.fields, preset: options.preset,
                                      overrides: options.overrides, defaults: options.defaults)
        header = first.fields
        reader = ImportRowReader(layout: layout, source: options.effectiveSource, timeZone: timeZone)
        return records.dropFirst()
    }

    /// The rows the good records make, and the problems of the others.
    private func convert(_ records: ArraySlice<CSVRecord>, keys: inout ImportKeys) -> (Rows, [RowIssue]) {
        guard let reader, let header else { return (.gifts([]), []) }  // nothing but (at most) a header: no rows of any kind
        switch options.kind {
        case .gifts:
            let (rows, issues) = good(records) { reader.gift($0, contentKey: { keys.key(for: $0) }) }
            return (.gifts(rows), issues)
        case .constituents:
            let (rows, issues) = good(records) { reader.constituent($0) }
            return (.constituents(rows), issues)
        case .interactions:
            let (rows, issues) = good(records) { reader.interaction($0, header: header, contentKey: { keys.key(for: $0) }) }
            return (.interactions(rows), issues)
        }
    }

    /// The records `convert` accepts, with their lines, and the problems of the others.
    private func good<Row>(_ records: ArraySlice<CSVRecord>, _ convert: (CSVRecord) -> Result<Row, RowIssues>) -> (Lines<Row>, [RowIssue]) {
        var accepted: Lines<Row> = [], issues: [RowIssue] = []
        accepted.reserveCapacity(records.count)
        for record in records {
            switch convert(record) {
            case .success(let value): accepted.append((record.line, value))
            case .failure(let failure): issues += failure.issues
            }
        }
        return (accepted, issues)
    }
}
