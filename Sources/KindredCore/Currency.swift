/// An ISO 4217 currency code that Kindred knows, with its number of minor-unit digits.
public struct Currency: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The three-letter code, upper case.
    public let code: String
    /// Digits after the decimal separator (2 for EUR, 0 for JPY, 3 for KWD).
    public let minorUnitDigits: Int

    /// The currency for an ISO 4217 code (any case); nil when the code is not an active ISO 4217 currency.
    public init?(code: String) {
        let upper = code.uppercased()
        guard upper.count == 3, let digits = Currency.minorUnits[upper] else { return nil }
        self.code = upper
        self.minorUnitDigits = digits
    }

    /// Decodes from a code, naming the problem when it is not an ISO 4217 currency.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        guard let currency = Currency(code: try container.decode(String.self)) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "must be an ISO 4217 currency code such as EUR")
        }
        self = currency
    }

    /// Encodes as the code.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(code)
    }

    /// The code.
    public var description: String { code }

    /// Every code Kindred accepts, sorted.
    public static var allCodes: [String] { minorUnits.keys.sorted() }

    private static let zeroDigit = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF"
    private static let threeDigit = "BHD IQD JOD KWD LYD OMR TND"
    private static let fourDigit = "CLF UYW"
    private static let twoDigit = """
        AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP BYN BZD CAD CDF \
        CHE CHF CHW CNY COP COU CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD \
        HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT \
        MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR \
        SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD USN UYU \
        UZS VED VES WST XCD XCG YER ZAR ZMW ZWG
        """

    private static let minorUnits: [String: Int] = {
        var table: [String: Int] = [:]
        for (codes, digits) in [(twoDigit, 2), (zeroDigit, 0), (threeDigit, 3), (fourDigit, 4)] {
            for code in codes.split(separator: " ") { table[String(code)] = digits }
        }
        return table
    }()
}

/// The largest amount Kindred accepts in minor units: 10^13 (a hundred billion in a two-digit currency).
public let maximumAmountMinor: Int64 = 10_000_000_000_000
