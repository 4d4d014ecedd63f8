import Foundation

/// Makes record identifiers: UUID version 7 strings, which sort by creation time and need no database sequence,
/// so records can be created on any node and keyed for distribution.
public enum RecordIdentifier {
    /// A new UUIDv7 for the given instant: 48 bits of milliseconds, a 12-bit sequence that keeps ids made in the same
    /// millisecond in the order they were made (RFC 9562, method 1), and 62 bits taken from `random`.
    public static func make(at time: Timestamp, using random: inout some RandomNumberGenerator) -> String {
        let (milliseconds, sequence) = sequencer.next(UInt64(max(0, time.millisecondsSinceEpoch)))
        let high = milliseconds << 16 | 0x7000 | UInt64(sequence & 0x0FFF)
        let low = random.next() & 0x3FFF_FFFF_FFFF_FFFF | 0x8000_0000_0000_0000
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8](repeating: UInt8(ascii: "-"), count: 36)
        var position = 35
        for (word, count) in [(low, 16), (high, 16)] {
            var value = word
            for _ in 0..<count {
                if [8, 13, 18, 23].contains(position) { position -= 1 }
                text[position] = digits[Int(value & 0xF)]
                value >>= 4
                position -= 1
            }
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// A new UUIDv7 using the system's random number generator.
    public static func make(at time: Timestamp) -> String {
        var generator = SystemRandomNumberGenerator()
        return make(at: time, using: &generator)
    }

    private static let sequencer = Sequencer()

    /// True when `text` has the canonical lower-case UUID form.
    public static func isValid(_ text: String) -> Bool {
        let characters = Array(text.utf8)
        guard characters.count == 36 else { return false }
        for (index, character) in characters.enumerated() {
            if [8, 13, 18, 23].contains(index) {
                guard character == UInt8(ascii: "-") else { return false }
            } else {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(character)
                    || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(character) else { return false }
            }
        }
        return true
    }
}

/// Hands out (millisecond, sequence) pairs that never repeat or go backwards within the process; when the 12-bit
/// sequence of a millisecond runs out, the next millisecond is used.
private final class Sequencer: @unchecked Sendable {
    private let lock = NSLock()
    private var lastMilliseconds: UInt64 = 0
    private var lastSequence: UInt16 = 0

    func next(_ milliseconds: UInt64) -> (UInt64, UInt16) {
        lock.lock()
        defer { lock.unlock() }
        if milliseconds > lastMilliseconds {
            lastMilliseconds = milliseconds
            lastSequence = 0
        } else if lastSequence < 0x0FFF {
            lastSequence += 1
        } else {
            lastMilliseconds += 1
            lastSequence = 0
        }
        return (lastMilliseconds, lastSequence)
    }
}
