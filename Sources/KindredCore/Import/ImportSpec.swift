/// What a CSV import creates.
public enum ImportKind: String, Vocabulary {
    case constituents, gifts, interactions

    /// The columns of the generic format, required ones first.
    public var columns: [String] {
        switch self {
        case .gifts:
            ["constituent_external_id", "received_at", "amount", "currency", "first_name", "last_name", "email", "campaign",
             "channel", "payment_method", "device", "referrer", "utm_source", "utm_medium", "utm_campaign",
             "soft_credit_external_id", "recurring", "external_id", "status", "project", "newsletter"]
        case .constituents:
            ["external_id", "first_name", "last_name", "display_name", "kind", "email", "phone", "address_line1",
             "address_line2", "postal_code", "city", "region", "country", "language", "roles", "tags"]
        case .interactions:
            ["constituent_external_id", "occurred_at", "type", "channel", "direction", "external_id", "first_name",
             "last_name", "email"]
        }
    }

    /// The columns every row must have.
    public var requiredColumns: [String] {
        switch self {
        case .gifts: ["constituent_external_id", "received_at", "amount", "currency"]
        case .constituents: ["external_id"]
        case .interactions: ["constituent_external_id", "occurred_at", "type"]
        }
    }
}

/// A known export format: which of its columns feed which Kindred column, and how its values read.
public struct ImportPreset: Sendable, Hashable {
    /// The preset's name on the command line and in the API.
    public let name: String
    /// What it imports.
    public let kind: ImportKind
    /// The source every record it creates is tagged with (its external ids are unique within it).
    public let source: String
    /// For each Kindred column, the export's column names that feed it, in order of preference.
    public let columns: [String: [String]]
    /// Values of the export's status column and the gift status each means.
    public let statuses: [String: GiftStatus]

    /// The presets Kindred ships with.
    public static let all: [ImportPreset] = [
        ImportPreset(name: "kentaa", kind: .gifts, source: "kentaa", columns: [
            "external_id": ["id", "donation_id"], "constituent_external_id": ["email", "donor_email", "id"],
            "amount": ["amount", "total_amount"], "currency": ["currency"], "received_at": ["created_at", "completed_at"],
            "device": ["device_type"], "payment_method": ["payment_method"], "recurring": ["frequency_type"],
            "campaign": ["action_id"], "project": ["project_id"], "first_name": ["first_name"], "last_name": ["last_name"],
            "email": ["email", "donor_email"], "newsletter": ["newsletter"], "status": ["payment_status", "status"],
        ], statuses: ["paid": .completed, "completed": .completed, "success": .completed, "pending": .pending,
                      "started": .pending, "cancelled": .failed, "failed": .failed, "refunded": .refunded, "chargeback": .refunded]),
        ImportPreset(name: "civicrm", kind: .gifts, source: "civicrm", columns: [
            "external_id": ["Contribution ID", "id"], "constituent_external_id": ["Contact ID", "contact_id"],
            "amount": ["Total Amount", "total_amount"], "currency": ["Currency", "currency"],
            "received_at": ["Date Received", "Receive Date", "receive_date"], "payment_method": ["Payment Method", "payment_instrument"],
            "status": ["Contribution Status", "contribution_status"], "campaign": ["Campaign", "Contribution Source", "source"],
            "first_name": ["First Name", "first_name"], "last_name": ["Last Name", "last_name"], "email": ["Email", "email"],
        ], statuses: ["completed": .completed, "pending": .pending, "in progress": .pending, "refunded": .refunded,
                      "chargeback": .refunded, "failed": .failed, "cancelled": .failed]),
        ImportPreset(name: "npsp", kind: .gifts, source: "salesforce", columns: [
            "external_id": ["Id", "Opportunity ID", "Opportunity Id"],
            "constituent_external_id": ["npsp__Primary_Contact__c", "Primary Contact ID", "Contact ID", "AccountId", "Account ID"],
            "amount": ["Amount"], "currency": ["CurrencyIsoCode", "Currency", "Opportunity Currency"],
            "received_at": ["CloseDate", "Close Date"], "status": ["StageName", "Stage"], "campaign": ["Campaign Name", "Campaign"],
            "payment_method": ["Payment Method", "npe01__Payment_Method__c"],
            "first_name": ["First Name", "Primary Contact First Name"], "last_name": ["Last Name", "Primary Contact Last Name"],
            "email": ["Email", "Primary Contact Email"],
        ], statuses: ["closed won": .completed, "posted": .completed, "received": .completed, "closed lost": .failed,
                      "pledged": .pending, "prospecting": .pending, "refunded": .refunded]),
    ]

    /// The preset with this name, if any.
    public static func named(_ name: String) -> ImportPreset? { all.first { $0.name == name.lowercased() } }
}

/// Where each Kindred column is in a file: found from the header, a preset and `--map column=field` overrides.
public struct ImportLayout: Sendable, Hashable {
    /// What the file imports.
    public let kind: ImportKind
    /// The index in a record of each Kindred column present.
    public let positions: [String: Int]
    /// The columns of the file no Kindred column reads (kept as interaction properties; otherwise reported once).
    public let unused: [String]
    /// How the file's status values read.
    public let statuses: [String: GiftStatus]
    /// Values for Kindred columns the file lacks or leaves empty (e.g. `currency=EUR` for a one-currency export).
    public let defaults: [String: String]

    /// Resolves the header. Matching ignores case, spaces, `_` and `-`. `overrides` map a file column to a
    /// Kindred column and win over the preset. Throws naming every required column that is missing.
    public init(kind: ImportKind, header: [String], preset: ImportPreset?, overrides: [String: String],
                defaults: [String: String] = [:]) throws(ValidationFailure) {
        var issues = IssueCollector()
        if let preset, preset.kind != kind { issues.add("preset", "\(preset.name) imports \(preset.kind.rawValue), not \(kind.rawValue)") }
        let keyed = Dictionary(header.enumerated().map { ($0.element.looseKey, $0.offset) }, uniquingKeysWith: { first, _ in first })
        var positions: [String: Int] = [:]
        for column in kind.columns {
            let candidates = (preset?.columns[column] ?? []) + [column]
            if let index = candidates.lazy.compactMap({ keyed[$0.looseKey] }).first { positions[column] = index }
        }
        for (fileColumn, target) in overrides {
            guard kind.columns.contains(target) else {
                issues.add("map", "\(target) is not a column of a \(kind.rawValue) import; use one of: \(kind.columns.joined(separator: ", "))")
                continue
            }
            guard let index = keyed[fileColumn.looseKey] else {
                issues.add("map", "the file has no column \(fileColumn)")
                continue
            }
            positions[target] = index
        }
        for column in defaults.keys where !kind.columns.contains(column) {
            issues.add("default", "\(column) is not a column of a \(kind.rawValue) import")
        }
        for column in kind.requiredColumns where positions[column] == nil && defaults[column] == nil {
            issues.add(column, "is a required column and the file has none (map one with --map FILE_COLUMN=\(column), or give one value with --default \(column)=VALUE)")
        }
        try issues.throwIfAny()
        self.kind = kind
        self.positions = positions
        let used = Set(positions.values)
        self.unused = header.enumerated().filter { !used.contains($0.offset) }.map(\.element)
        self.statuses = preset?.statuses ?? Dictionary(uniqueKeysWithValues: GiftStatus.allCases.map { ($0.rawValue, $0) })
        self.defaults = defaults
    }

    /// The trimmed, non-empty value of a Kindred column in a record, else its default.
    public func value(_ column: String, in record: CSVRecord) -> String? {
        guard let index = positions[column], index < record.fields.count else { return defaults[column] }
        let value = record.fields[index].trimmingWhitespace()
        return value.isEmpty ? defaults[column] : value
    }

}
