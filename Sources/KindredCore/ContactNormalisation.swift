/// Normalises and checks contact details so that the same address is stored the same way every time.
public enum ContactNormalisation {
    /// Lower-cases and trims an email address; nil when it is not a plausible address: `local@domain`, the local part
    /// at most 64 bytes of letters, digits and ``localSymbols`` without a leading, trailing or doubled dot, the domain at
    /// least two dot-separated labels of letters, digits and inner hyphens (at most 63 bytes each), the last not all
    /// digits and at least two long; 254 bytes in all. Checked in one pass over the bytes: every allowed byte is ASCII.
    public static func email(_ raw: String) -> String? {
        let value = raw.trimmingWhitespace().lowercased()
        let plausible = value.utf8.withContiguousStorageIfAvailable(isEmailAddress) ?? isEmailAddress(Array(value.utf8))
        return plausible ? value : nil
    }

    /// The bytes besides letters and digits that the local part of an address may hold.
    static let localSymbols = Set("!#$%&'*+-/=?^_`{|}~.".utf8)

    private static func isEmailAddress(_ bytes: some BidirectionalCollection<UInt8>) -> Bool {
        let (dot, hyphen) = (UInt8(ascii: "."), UInt8(ascii: "-"))
        guard bytes.count <= 254, let at = bytes.firstIndex(of: UInt8(ascii: "@")) else { return false }
        let local = bytes[..<at], domain = bytes[bytes.index(after: at)...]
        guard !local.isEmpty, local.count <= 64, local.first != dot, local.last != dot else { return false }
        var previous: UInt8 = 0
        for byte in local {
            guard byte.isASCIIAlphanumeric || localSymbols.contains(byte), !(byte == dot && previous == dot) else { return false }
            previous = byte
        }
        let labels = domain.split(separator: dot, omittingEmptySubsequences: false)
        guard labels.count >= 2, let topLevel = labels.last, topLevel.count >= 2,
              !topLevel.allSatisfy({ (0x30...0x39).contains($0) }) else { return false }
        return labels.allSatisfy { label in
            !label.isEmpty && label.count <= 63 && label.first != hyphen && label.last != hyphen
                && label.allSatisfy { $0.isASCIIAlphanumeric || $0 == hyphen }
        }
    }

    /// The E.164 form (`+31612345678`) of a phone number written with its country code
    /// (`+31 6 1234 5678`, `0031-6-12345678`); nil when it is not one.
    public static func phone(_ raw: String) -> String? {
        var text = raw.trimmingWhitespace()
        if text.hasPrefix("00") { text = "+" + text.dropFirst(2) }
        guard text.hasPrefix("+") else { return nil }
        var digits = ""
        for scalar in text.unicodeScalars.dropFirst() {
            if ("0"..."9").contains(scalar) {
                digits.unicodeScalars.append(scalar)
            } else if !" -.()/".unicodeScalars.contains(scalar) {
                return nil
            }
        }
        guard (8...15).contains(digits.count), digits.first != "0" else { return nil }
        return "+" + digits
    }
}

extension UInt8 {
    /// True for the ASCII codes of letters and digits.
    var isASCIIAlphanumeric: Bool {
        (0x61...0x7A).contains(self) || (0x41...0x5A).contains(self) || (0x30...0x39).contains(self)
    }
}

extension Unicode.Scalar {
    /// True for ASCII letters and digits.
    var isASCIIAlphanumeric: Bool {
        isASCII && UInt8(value).isASCIIAlphanumeric
    }
}
