/// One record of a CSV file: its fields and the line it starts on (1-based, counting the header).
public struct CSVRecord: Sendable, Hashable {
    /// The fields, unquoted.
    public var fields: [String]
    /// The physical line the record starts on.
    public var line: Int

    /// Creates a record.
    public init(fields: [String], line: Int) {
        self.fields = fields
        self.line = line
    }
}

/// A problem with the shape of a CSV file (not with a value).
public struct CSVShapeError: Error, Sendable, Hashable {
    /// The line where it was found.
    public let line: Int
    /// What is wrong.
    public let reason: String
}

/// A streaming RFC 4180 reader that also takes what spreadsheets and exports write: a UTF-8 byte order mark,
/// CRLF, LF or CR line ends, quoted fields with separators, quotes (`""`) and line breaks inside, and `,`, `;`
/// or tab as the separator (detected from the header line unless given). Bytes go in as they arrive; memory
/// holds one record at a time.
public struct CSVReader: Sendable {
    /// The longest field accepted.
    public static let maxFieldBytes = 1 << 16
    /// The most fields a record may have.
    public static let maxFields = 512

    private var separator: UInt8?
    private var field: [UInt8] = []
    private var fields: [String] = []
    private var inQuotes = false
    private var quoteClosed = false
    private var afterCR = false
    private var atFieldStart = true
    private var line = 1
    private var recordLine = 1
    private var bomChecked = false
    private var pendingBOM: [UInt8] = []
    private var pendingHeader: [UInt8]? = []

    /// Creates a reader; `separator` nil detects it from the first line.
    public init(separator: Character? = nil) {
        self.separator = separator?.asciiValue
        if separator != nil { pendingHeader = nil }
    }

    /// The separator in use, once known.
    public var detectedSeparator: Character? { separator.map { Character(Unicode.Scalar($0)) } }

    /// Feeds bytes; returns the records completed by them.
    public mutating func feed(_ bytes: some Sequence<UInt8>) throws(CSVShapeError) -> [CSVRecord] {
        var records: [CSVRecord] = []
        for byte in bytes {
            if !bomChecked {
                pendingBOM.append(byte)
                if pendingBOM.count < 3 && [0xEF, 0xBB, 0xBF].starts(with: pendingBOM) { continue }
                bomChecked = true
                let held = pendingBOM == [0xEF, 0xBB, 0xBF] ? [] : pendingBOM
                pendingBOM = []
                for held in held { try consume(held, into: &records) }
                continue
            }
            try consume(byte, into: &records)
        }
        return records
    }

    /// Ends the input; returns the last record if the file does not end with a line break.
    public mutating func finish() throws(CSVShapeError) -> [CSVRecord] {
        var records: [CSVRecord] = []
        if !bomChecked {
            bomChecked = true
            let held = pendingBOM == [0xEF, 0xBB, 0xBF] ? [] : pendingBOM
            pendingBOM = []
            for byte in held { try consume(byte, into: &records) }
        }
        if var header = pendingHeader, !header.isEmpty {
            pendingHeader = nil
            separator = Self.detect(in: header)
            header.append(UInt8(ascii: "\n"))
            for byte in header { try consume(byte, into: &records) }
        }
        if inQuotes { throw CSVShapeError(line: recordLine, reason: "a quoted field is not closed before the end of the file") }
        if !atFieldStart || !fields.isEmpty || !field.isEmpty || quoteClosed { try endRecord(into: &records) }
        return records
    }

    private mutating func consume(_ byte: UInt8, into records: inout [CSVRecord]) throws(CSVShapeError) {
        if pendingHeader != nil {
            pendingHeader!.append(byte)
            guard byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") || pendingHeader!.count > Self.maxFieldBytes else { return }
            let header = pendingHeader!
            pendingHeader = nil
            separator = Self.detect(in: header)
            for byte in header { try consume(byte, into: &records) }
            return
        }
        if afterCR {
            afterCR = false
            if byte == UInt8(ascii: "\n") { return }
        }
        if inQuotes {
            if byte == UInt8(ascii: "\"") {
                inQuotes = false
                quoteClosed = true
            } else {
                if byte == UInt8(ascii: "\n") { line += 1 }
                try append(byte)
            }
            return
        }
        switch byte {
        case UInt8(ascii: "\""):
            if quoteClosed {
                inQuotes = true
                quoteClosed = false
                try append(byte)
            } else if atFieldStart {
                inQuotes = true
                atFieldStart = false
            } else {
                try append(byte)
            }
        case separator:
            try endField()
        case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
            try endRecord(into: &records)
            line += 1
            recordLine = line
            afterCR = byte == UInt8(ascii: "\r")
        default:
            if quoteClosed { throw CSVShapeError(line: line, reason: "text follows a closing quote; quote the whole field and double inner quotes") }
            atFieldStart = false
            try append(byte)
        }
    }

    private mutating func append(_ byte: UInt8) throws(CSVShapeError) {
        guard field.count < Self.maxFieldBytes else {
            throw CSVShapeError(line: recordLine, reason: "a field is longer than \(Self.maxFieldBytes) bytes")
        }
        field.append(byte)
    }

    private mutating func endField() throws(CSVShapeError) {
        guard fields.count < Self.maxFields else { throw CSVShapeError(line: recordLine, reason: "a record has more than \(Self.maxFields) fields") }
        fields.append(String(decoding: field, as: UTF8.self))
        field.removeAll(keepingCapacity: true)
        atFieldStart = true
        quoteClosed = false
    }

    private mutating func endRecord(into records: inout [CSVRecord]) throws(CSVShapeError) {
        let blank = fields.isEmpty && field.isEmpty && !quoteClosed
        try endField()
        if !blank { records.append(CSVRecord(fields: fields, line: recordLine)) }
        fields.removeAll(keepingCapacity: true)
    }

    /// The separator of a header line: the most frequent of `;`, tab and `,` outside quotes (`,` on a tie).
    static func detect(in header: [UInt8]) -> UInt8 {
        var counts: [UInt8: Int] = [:]
        var quoted = false
        for byte in header {
            if byte == UInt8(ascii: "\"") { quoted.toggle() }
            if !quoted, [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t")].contains(byte) { counts[byte, default: 0] += 1 }
        }
        let comma = counts[UInt8(ascii: ","), default: 0]
        let best = counts.max { $0.value < $1.value || ($0.value == $1.value && $0.key == UInt8(ascii: ",")) }
        return best.map { $0.value > comma ? $0.key : UInt8(ascii: ",") } ?? UInt8(ascii: ",")
    }
}
