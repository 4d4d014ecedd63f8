import Foundation
import KindredCore
import Testing

/// Random and hostile input thrown at every reader of outside data: nothing may crash, hang or be accepted wrongly.
@Suite struct FuzzTests {
    static let alphabet = Array(#",;"\{}[]:-.e+0123456789abcxyz tu=@"#.utf8) + [0x0A, 0x0D, 0x09, 0x00, 0xEF, 0xBB, 0xBF, 0xC3, 0xA9, 0xFF, 0xF0]

    func randomBytes(_ generator: inout SeededGenerator) -> [UInt8] {
        (0..<Int.random(in: 0...300, using: &generator)).map { _ in
            Bool.random(using: &generator) ? Self.alphabet.randomElement(using: &generator)! : UInt8.random(in: 0...255, using: &generator)
        }
    }

    @Test func randomBytesNeverCrashTheReaders() throws {
        var generator = SeededGenerator(seed: 7)
        let eur = Currency(code: "EUR")!, utc = TimeZone(identifier: "UTC")!
        let layout = try ImportLayout(kind: .gifts, header: ImportKind.gifts.columns, preset: nil, overrides: [:])
        let rows = ImportRowReader(layout: layout, source: "fuzz", timeZone: utc)
        for _ in 0..<3_000 {
            let bytes = randomBytes(&generator)
            let text = String(decoding: bytes, as: UTF8.self)
            if let value = try? JSONText.parse(bytes) {
                #expect(try JSONText.parse(Array(JSONText.serialize(value).utf8)) == value)
                _ = try? TrackingMessageParser.parse(value, byteCount: bytes.count, expected: nil, receivedAt: Timestamp(millisecondsSinceEpoch: 0),
                                                     newMessageId: { "m" })
            }
            var reader = CSVReader()
            if let records = try? reader.feed(bytes) + reader.finish() {
                for record in records { _ = rows.gift(record, contentKey: { _ in "k" }) }
            }
            if let amount = DecimalAmount.minorUnits(text, currency: eur) { #expect(amount > 0 && amount <= maximumAmountMinor) }
            _ = ImportValues.instant(text, timeZone: utc)
            _ = EventEnrichment.device(userAgent: text)
            _ = NameMatching.similarity(NameMatching.normalised(text), "anna jansen")
        }
    }

    @Test func hostileTextIsKeptAsTextNotRun() throws {
        let hostile = ["<script>alert(1)</script>", "'; DROP TABLE gifts;--", "=HYPERLINK(\"http://evil\")", "+1", "-1+1", "@SUM(1)", "\u{202E}evil"]
        for text in hostile {
            let value = try JSONText.parse(Array(JSONText.serialize(["t": .string(text)]).utf8))
            #expect(value["t"] == .string(text))
            let cell = CSVWriter.cell(text)
            #expect(!["=", "+", "-", "@"].contains(cell.unicodeScalars.first.map(Character.init) ?? " ") || cell.hasPrefix("'") || cell.hasPrefix("\"'"))
        }
    }
}

extension JSONValue {
    /// A member of an object.
    subscript(key: String) -> JSONValue? { objectValue?[key] }
}
