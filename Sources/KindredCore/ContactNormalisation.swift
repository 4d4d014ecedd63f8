/// Normalises and checks contact details so that the same address is stored the same way every time.
public enum ContactNormalisation {
    /// Lower-cases and trims an email address; nil when it is not a plausible address. (The checks after the
    /// first look at bytes: every label is ASCII by then, and Unicode tables cost more than the rest together.)
    public static func email(_ raw: String) -> String? {
        let value = raw.trimmingWhitespace().lowercased()
        guard value.utf8.count <= 254 else { return nil }
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, let local = parts.first, let domain = parts.last,
              !local.isEmpty, local.utf8.count <= 64, !local.hasPrefix("."), !local.hasSuffix("."),
              !zip(local.utf8, local.utf8.dropFirst()).contains(where: { $0 == UInt8(ascii: ".") && $1 == UInt8(ascii: ".") }),
              local.unicodeScalars.allSatisfy({ $0.isASCIIAlphanumeric || "!#$%&'*+-/=?^_`{|}~.".unicodeScalars.contains($0) })
        else { return nil }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ label in
            !label.isEmpty && label.utf8.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.unicodeScalars.allSatisfy { $0.isASCIIAlphanumeric || $0 == "-" }
        }), let topLevel = labels.last, topLevel.utf8.count >= 2, !topLevel.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        return value
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

extension Unicode.Scalar {
    /// True for ASCII letters and digits.
    var isASCIIAlphanumeric: Bool {
        ("a"..."z").contains(self) || ("A"..."Z").contains(self) || ("0"..."9").contains(self)
    }
}
