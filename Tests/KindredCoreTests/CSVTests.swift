import Foundation
import KindredCore
import Testing

@Suite struct CSVReaderTests {
    func read(_ text: String, chunk: Int = 3, separator: Character? = nil) throws(CSVShapeError) -> [CSVRecord] {
        var reader = CSVReader(separator: separator)
        var records: [CSVRecord] = []
        let bytes = Array(text.utf8)
        for start in stride(from: 0, to: bytes.count, by: chunk) {
            records += try reader.feed(bytes[start..<min(start + chunk, bytes.count)])
        }
        return records + (try reader.finish())
    }

    @Test func shapesSeenInTheWild() throws {
        let text = "\u{FEFF}name;amount;note\r\n\"Jansen; A.\";\"1.250,50\";\"two\r\nlines\"\r\n\r\nPeeters;5;\"say \"\"hi\"\"\"\r\n"
        let records = try read(text)
        #expect(records.map(\.fields) == [["name", "amount", "note"], ["Jansen; A.", "1.250,50", "two\r\nlines"], ["Peeters", "5", "say \"hi\""]])
        #expect(records.map(\.line) == [1, 2, 5])
    }

    @Test func separatorsAreDetectedFromTheHeader() throws {
        #expect(try read("a\tb\n1\t2").last?.fields == ["1", "2"])
        #expect(try read("a,b\n1;2,3").last?.fields == ["1;2", "3"])
        #expect(try read("\"x;y\",b\n1,2").last?.fields == ["1", "2"])
        #expect(try read("a;b\n1,5;2", separator: ";").last?.fields == ["1,5", "2"])
        #expect(try read("only").map(\.fields) == [["only"]])
        #expect(try read("").isEmpty)
    }

    @Test func lineEndingsAndEmptyFields() throws {
        #expect(try read("a,b\r1,\r,2\n").map(\.fields) == [["a", "b"], ["1", ""], ["", "2"]])
        #expect(try read("a,b\n\"\",x").last?.fields == ["", "x"])
    }

    @Test func brokenShapesAreReportedWithTheLine() {
        #expect(throws: CSVShapeError.self) { try read("a,b\n\"open,1\n2,3") }
        do {
            _ = try read("a,b\n1,2\n\"x\"y,3")
            Issue.record("accepted text after a closing quote")
        } catch {
            #expect(error.line == 3)
        }
        #expect(throws: CSVShapeError.self) { try read("a\n" + String(repeating: "x", count: CSVReader.maxFieldBytes + 1)) }
        #expect(throws: CSVShapeError.self) { try read(String(repeating: "a,", count: CSVReader.maxFields + 1)) }
    }
}

@Suite struct CSVWriterTests {
    @Test func formulasAreNeutralisedAndSpecialCharactersQuoted() {
        #expect(CSVWriter.line(["=SUM(A1)", "+1", "-2", "@x", "plain", "a,b", "say \"hi\"", "two\r\nlines"])
                == "'=SUM(A1),'+1,'-2,'@x,plain,\"a,b\",\"say \"\"hi\"\"\",\"two\r\nlines\"\r\n")
        #expect(CSVWriter.cell("<script>alert(1)</script>") == "<script>alert(1)</script>")
    }

    @Test func whatIsWrittenReadsBack() throws {
        let rows = [["id", "note"], ["1", "Jansen, \"A\"\nsecond line"], ["2", "=cmd|' /C calc'!A0"]]
        var reader = CSVReader()
        let back = try reader.feed(Array(rows.map(CSVWriter.line).joined().utf8)) + (try reader.finish())
        #expect(back.map(\.fields) == [rows[0], rows[1], ["2", "'=cmd|' /C calc'!A0"]])
    }
}

@Suite struct ImportLayoutTests {
    let utc = TimeZone(identifier: "UTC")!

    @Test func presetsFindTheirColumnsAndMissingOnesAreNamed() throws {
        let kentaa = try ImportLayout(kind: .gifts, header: ["id", "amount", "currency", "created_at", "device_type", "email", "frequency_type"],
                                      preset: ImportPreset.named("kentaa"), overrides: [:])
        #expect(kentaa.positions["received_at"] == 3 && kentaa.positions["constituent_external_id"] == 5 && kentaa.positions["recurring"] == 6)
        #expect(throws: ValidationFailure.self) { try ImportLayout(kind: .gifts, header: ["amount"], preset: nil, overrides: [:]) }
        let mapped = try ImportLayout(kind: .gifts, header: ["Donor", "Date", "Sum", "Cur"], preset: nil,
                                      overrides: ["Donor": "constituent_external_id", "Date": "received_at", "Sum": "amount", "Cur": "currency"])
        #expect(mapped.positions["amount"] == 2)
        #expect(throws: ValidationFailure.self) {
            try ImportLayout(kind: .gifts, header: ["a"], preset: nil, overrides: ["a": "no_such_column"])
        }
        #expect(throws: ValidationFailure.self) { try ImportLayout(kind: .constituents, header: ["external_id"], preset: ImportPreset.named("npsp"), overrides: [:]) }
    }

    @Test func rowsReadIntoGiftsOrNameEveryProblem() throws {
        let layout = try ImportLayout(kind: .gifts, header: ImportKind.gifts.columns, preset: nil, overrides: [:])
        let reader = ImportRowReader(layout: layout, source: "import", timeZone: TimeZone(identifier: "Europe/Amsterdam")!)
        var fields = Array(repeating: "", count: ImportKind.gifts.columns.count)
        func set(_ column: String, _ value: String) { fields[ImportKind.gifts.columns.firstIndex(of: column)!] = value }
        set("constituent_external_id", "d-1"); set("received_at", "15-03-2026"); set("amount", "25,50"); set("currency", "eur")
        set("first_name", "<script>"); set("recurring", "monthly"); set("payment_method", "iDEAL"); set("device", "Smartphone")
        let good = try reader.gift(CSVRecord(fields: fields, line: 2), contentKey: { _ in "k" }).get()
        #expect(good.gift.amountMinor == 2550 && good.gift.receivedAt == Timestamp(iso8601: "2026-03-14T23:00:00Z"))
        #expect(good.recurring == .monthly && good.gift.paymentMethod == .ideal && good.gift.device == .mobile)
        #expect(good.donor.givenName == "<script>" && good.gift.externalId == "k")
        set("amount", "ten"); set("currency", "EUR"); set("received_at", "2026-13-01"); set("email", "not-an-email")
        switch reader.gift(CSVRecord(fields: fields, line: 7), contentKey: { _ in "k" }) {
        case .success: Issue.record("accepted a bad row")
        case .failure(let failure): #expect(Set(failure.issues.map(\.column)) == ["amount", "received_at", "email"] && failure.issues.allSatisfy { $0.row == 7 })
        }
    }

    @Test func keysAreStableAndCountRepeats() {
        var first = ImportKeys(), second = ImportKeys()
        let row = CSVRecord(fields: ["a", "10"], line: 2)
        #expect(first.key(for: row) == second.key(for: row))
        #expect(first.key(for: row).hasSuffix("#2"))
        #expect(first.key(for: CSVRecord(fields: ["a1", "0"], line: 3)) != first.key(for: CSVRecord(fields: ["a", "10"], line: 4)))
    }

    @Test func valuesInThreeLanguages() {
        #expect(ImportValues.boolean("Ja") == true && ImportValues.boolean("non") == false && ImportValues.boolean("maybe") == nil)
        #expect(ImportValues.frequency("oneoff") == nil && ImportValues.frequency("Maandelijks") == .monthly)
        #expect(ImportValues.paymentMethod("SEPA Direct Debit") == .directDebit && ImportValues.paymentMethod("barter") == .other)
        #expect(ImportValues.instant("2026-01-05 10:30", timeZone: utc) == Timestamp(iso8601: "2026-01-05T10:30:00Z"))
        #expect(ImportValues.instant("2026-01-05T10:30:00", timeZone: utc) == Timestamp(iso8601: "2026-01-05T10:30:00Z"))
        #expect(ImportValues.instant("31.12.2025", timeZone: utc) == Timestamp(iso8601: "2025-12-31T00:00:00Z"))
        #expect(ImportValues.instant("2026-01-05 25:00", timeZone: utc) == nil)
        #expect(ImportValues.instant("'; DROP TABLE gifts;--", timeZone: utc) == nil)
    }
}
