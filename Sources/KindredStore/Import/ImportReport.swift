import Foundation
import KindredCore

/// How to import a file.
public struct ImportOptions: Sendable {
    /// What the file holds.
    public var kind: ImportKind
    /// A known export format, or nil for the generic format.
    public var preset: ImportPreset?
    /// File column → Kindred column, over the preset.
    public var overrides: [String: String]
    /// The source records are tagged with; defaults to the preset's, else `import`.
    public var source: String?
    /// Check everything and write nothing.
    public var dryRun: Bool
    /// Apply the valid rows even when others are bad (default: the file is applied whole or not at all).
    public var partial: Bool
    /// Values for Kindred columns the file lacks or leaves empty.
    public var defaults: [String: String]

    /// Creates options.
    public init(kind: ImportKind, preset: ImportPreset? = nil, overrides: [String: String] = [:], source: String? = nil,
                dryRun: Bool = false, partial: Bool = false, defaults: [String: String] = [:]) {
        self.kind = kind
        self.preset = preset
        self.overrides = overrides
        self.source = source
        self.dryRun = dryRun
        self.partial = partial
        self.defaults = defaults
    }

    /// The source in force.
    var effectiveSource: String { source ?? preset?.source ?? "import" }
}

extension ImportOptions: Codable {
    private enum CodingKeys: String, CodingKey { case kind, preset, overrides, source, dryRun, partial, defaults }

    /// Reads options stored with a run that is being applied (the preset by name).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let presetName = try container.decodeIfPresent(String.self, forKey: .preset)
        self.init(kind: try container.decode(ImportKind.self, forKey: .kind), preset: presetName.flatMap(ImportPreset.named),
                  overrides: try container.decode([String: String].self, forKey: .overrides),
                  source: try container.decodeIfPresent(String.self, forKey: .source), dryRun: try container.decode(Bool.self, forKey: .dryRun),
                  partial: try container.decode(Bool.self, forKey: .partial), defaults: try container.decode([String: String].self, forKey: .defaults))
    }

    /// Writes the options (the preset by name).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encodeIfPresent(preset?.name, forKey: .preset)
        try container.encode(overrides, forKey: .overrides)
        try container.encodeIfPresent(source, forKey: .source)
        try container.encode(dryRun, forKey: .dryRun)
        try container.encode(partial, forKey: .partial)
        try container.encode(defaults, forKey: .defaults)
    }
}

/// How far an import has got: the file is first read and checked, then applied.
public struct ImportProgress: Sendable, Hashable, Codable {
    /// Bytes of the file read and checked so far.
    public var bytesRead: Int64
    /// The file's size.
    public var bytesTotal: Int64
    /// Rows read so far.
    public var rowsRead: Int64
    /// Bytes of the file applied so far (after every row was checked).
    public var bytesApplied: Int64

    /// Creates a progress reading.
    public init(bytesRead: Int64, bytesTotal: Int64, rowsRead: Int64, bytesApplied: Int64 = 0) {
        self.bytesRead = bytesRead
        self.bytesTotal = bytesTotal
        self.rowsRead = rowsRead
        self.bytesApplied = bytesApplied
    }

    /// The share done, from 0 to 1: checking is the first half, applying the second.
    public var fraction: Double {
        bytesTotal > 0 ? min(1, Double(bytesRead + bytesApplied) / Double(2 * bytesTotal)) : 0
    }
}

/// What an import did, row by row where it failed.
public struct ImportReport: Sendable, Hashable, Codable {
    /// The run's id.
    public var id: String
    /// What was imported.
    public var kind: ImportKind
    /// `applied`, `rejected` (bad rows; nothing written), `dry_run` or `failed` (the header or the file's shape is
    /// wrong; nothing written).
    public var status: String
    /// Data rows read (the header not counted).
    public var rowsRead: Int64 = 0
    /// Records created.
    public var created: Int64 = 0
    /// Records changed (constituents whose row differs from the stored record).
    public var updated: Int64 = 0
    /// Rows already imported before, left as they are.
    public var unchanged: Int64 = 0
    /// Constituents created because a row named someone unknown.
    public var constituentsCreated: Int64 = 0
    /// How many problems were found.
    public var issueCount: Int64 = 0
    /// The problems (the first 10,000).
    public var issues: [RowIssue] = []

    /// The most problems kept in a report.
    public static let maxIssues = 10_000

    /// The problems as a CSV report: row, column, reason.
    public var issuesCSV: String {
        CSVWriter.line(["row", "column", "reason"]) + issues.map { CSVWriter.line([String($0.row), $0.column, $0.reason]) }.joined()
    }

    mutating func record(_ found: [RowIssue]) {
        issueCount += Int64(found.count)
        issues += found.prefix(max(0, Self.maxIssues - issues.count))
    }
}

/// Thrown inside a dry run's transaction to roll it back while keeping the report.
struct ImportRollback: Error {}

/// The report while the import runs, shared between the transaction and the caller.
final class ImportState: @unchecked Sendable {
    private let lock = NSLock()
    private var value: ImportReport

    init(report: ImportReport) {
        value = report
    }

    /// The report so far.
    var report: ImportReport {
        get { lock.withLock { value } }
        set { lock.withLock { value = newValue } }
    }

    /// Changes the report under the lock.
    func update(_ change: (inout ImportReport) -> Void) {
        lock.withLock { change(&value) }
    }
}
