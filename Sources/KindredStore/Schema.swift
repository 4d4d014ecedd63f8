import KindredCore

/// The DDL of each schema version, portable between SQLite and PostgreSQL (and distributable by constituent).
enum Schema {
    /// `CHECK (column IN (...))` for a Kindred vocabulary, so the schema and the domain never disagree.
    static func oneOf<V: Vocabulary>(_ column: String, _ vocabulary: V.Type, nullable: Bool = false) -> String {
        let values = V.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        return nullable ? "CHECK (\(column) IS NULL OR \(column) IN (\(values)))" : "CHECK (\(column) IN (\(values)))"
    }

    /// An amount in minor units: positive and at most 10^13.
    static func amount(_ column: String, nullable: Bool = false) -> String {
        "\(column) BIGINT \(nullable ? "" : "NOT NULL ")CHECK (\(column) > 0 AND \(column) <= \(maximumAmountMinor))"
    }

    /// The source/external-id pair every imported record carries.
    static let externalReference = "source TEXT, external_id TEXT, CHECK ((external_id IS NULL) = (source IS NULL))"

    /// Creation and update timestamps (ISO 8601 UTC text).
    static let timestamps = "created_at TEXT NOT NULL, updated_at TEXT NOT NULL"

    /// A unique index on (source, external_id) for imported records.
    static func externalIndex(_ table: String) -> String {
        "CREATE UNIQUE INDEX \(table)_external ON \(table) (source, external_id) WHERE external_id IS NOT NULL"
    }

    /// The catalogue tables gifts can name: campaigns, projects and funds share one shape.
    static func designationTable(_ table: String) -> [String] {
        ["""
        CREATE TABLE \(table) (
          id TEXT PRIMARY KEY, name TEXT NOT NULL, code TEXT, description TEXT,
          \(amount("goal_minor", nullable: true)), currency TEXT CHECK (currency IS NULL OR length(currency) = 3),
          starts_on TEXT, ends_on TEXT, \(timestamps), \(externalReference),
          CHECK (goal_minor IS NULL OR currency IS NOT NULL)
        )
        """,
         "CREATE UNIQUE INDEX \(table)_code ON \(table) (code) WHERE code IS NOT NULL",
         externalIndex(table)]
    }

    /// Version 1: the foundation.
    @Sendable static func version1(_ flavor: SQLFlavor) -> [String] {
        [
            """
            CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)
            """,
            """
            CREATE TABLE households (id TEXT PRIMARY KEY, name TEXT NOT NULL, \(timestamps), \(externalReference))
            """,
            externalIndex("households"),
            """
            CREATE TABLE constituents (
              id TEXT PRIMARY KEY, kind TEXT NOT NULL \(oneOf("kind", ConstituentKind.self)),
              given_name TEXT, family_name TEXT, display_name TEXT NOT NULL, search_name TEXT NOT NULL,
              address_line1 TEXT, address_line2 TEXT, postal_code TEXT, city TEXT, region TEXT,
              country TEXT CHECK (country IS NULL OR length(country) = 2),
              preferred_language TEXT NOT NULL \(oneOf("preferred_language", Language.self)),
              custom_fields TEXT NOT NULL DEFAULT '{}',
              household_id TEXT REFERENCES households (id) ON DELETE SET NULL,
              is_sensitive BOOLEAN NOT NULL DEFAULT FALSE, is_donor BOOLEAN NOT NULL DEFAULT FALSE,
              \(timestamps), \(externalReference)
            )
            """,
            externalIndex("constituents"),
            "CREATE INDEX constituents_household ON constituents (household_id)",
            "CREATE INDEX constituents_search_name ON constituents (search_name)",
            """
            CREATE TABLE constituent_emails (
              constituent_id TEXT NOT NULL REFERENCES constituents (id) ON DELETE CASCADE,
              position INTEGER NOT NULL, email TEXT NOT NULL, PRIMARY KEY (constituent_id, email)
            )
            """,
            "CREATE INDEX constituent_emails_email ON constituent_emails (email)",
            """
            CREATE TABLE constituent_phones (
              constituent_id TEXT NOT NULL REFERENCES constituents (id) ON DELETE CASCADE,
              position INTEGER NOT NULL, phone TEXT NOT NULL, PRIMARY KEY (constituent_id, phone)
            )
            """,
            "CREATE INDEX constituent_phones_phone ON constituent_phones (phone)",
            """
            CREATE TABLE constituent_roles (
              constituent_id TEXT NOT NULL REFERENCES constituents (id) ON DELETE CASCADE,
              role TEXT NOT NULL \(oneOf("role", ConstituentRole.self)), PRIMARY KEY (constituent_id, role)
            )
            """,
            "CREATE INDEX constituent_roles_role ON constituent_roles (role, constituent_id)",
            """
            CREATE TABLE constituent_tags (
              constituent_id TEXT NOT NULL REFERENCES constituents (id) ON DELETE CASCADE,
              tag TEXT NOT NULL, tag_key TEXT NOT NULL, position INTEGER NOT NULL, PRIMARY KEY (constituent_id, tag_key)
            )
            """,
            "CREATE INDEX constituent_tags_tag ON constituent_tags (tag_key, constituent_id)",
            """
            CREATE TABLE relationships (
              id TEXT PRIMARY KEY,
              from_id TEXT NOT NULL REFERENCES constituents (id) ON DELETE CASCADE,
              to_id TEXT NOT NULL REFERENCES constituents (id) ON DELETE CASCADE,
              kind TEXT NOT NULL \(oneOf("kind", RelationshipKind.self)), custom_kind TEXT,
              caregiver_kind TEXT \(oneOf("caregiver_kind", CaregiverKind.self, nullable: true)),
              started_on TEXT, ended_on TEXT, note TEXT, \(timestamps),
              CHECK (from_id <> to_id), CHECK ((kind = 'custom') = (custom_kind IS NOT NULL))
            )
            """,
            "CREATE INDEX relationships_from ON relationships (from_id)",
            "CREATE INDEX relationships_to ON relationships (to_id)",
        ]
        + designationTable("campaigns") + designationTable("projects") + designationTable("funds")
        + givingTables + activityTables + staffTables
    }

    /// Recurring plans, gifts, soft credits and the rollups kept in step with them.
    static let givingTables = [
        """
        CREATE TABLE recurring_plans (
          id TEXT PRIMARY KEY, constituent_id TEXT NOT NULL REFERENCES constituents (id) ON DELETE RESTRICT,
          \(amount("amount_minor")), currency TEXT NOT NULL CHECK (length(currency) = 3),
          frequency TEXT NOT NULL \(oneOf("frequency", RecurringFrequency.self)),
          status TEXT NOT NULL \(oneOf("status", RecurringPlanStatus.self)), closed_reason TEXT,
          starts_on TEXT NOT NULL, ends_on TEXT, campaign_id TEXT REFERENCES campaigns (id) ON DELETE RESTRICT,
          \(timestamps), \(externalReference),
          CHECK ((status = 'closed') = (closed_reason IS NOT NULL))
        )
        """,
        "CREATE INDEX recurring_plans_constituent ON recurring_plans (constituent_id)",
        externalIndex("recurring_plans"),
        """
        CREATE TABLE gifts (
          id TEXT PRIMARY KEY, constituent_id TEXT NOT NULL REFERENCES constituents (id) ON DELETE RESTRICT,
          \(amount("amount_minor")), currency TEXT NOT NULL CHECK (length(currency) = 3), received_at TEXT NOT NULL,
          channel TEXT NOT NULL \(oneOf("channel", GiftChannel.self)),
          payment_method TEXT \(oneOf("payment_method", PaymentMethod.self, nullable: true)),
          device TEXT NOT NULL \(oneOf("device", Device.self)),
          referrer TEXT, utm_source TEXT, utm_medium TEXT, utm_campaign TEXT,
          campaign_id TEXT REFERENCES campaigns (id) ON DELETE RESTRICT,
          project_id TEXT REFERENCES projects (id) ON DELETE RESTRICT,
          fund_id TEXT REFERENCES funds (id) ON DELETE RESTRICT,
          recurring_plan_id TEXT REFERENCES recurring_plans (id) ON DELETE RESTRICT,
          in_kind BOOLEAN NOT NULL DEFAULT FALSE, in_kind_description TEXT,
          status TEXT NOT NULL \(oneOf("status", GiftStatus.self)), \(timestamps), \(externalReference)
        )
        """,
        "CREATE INDEX gifts_constituent ON gifts (constituent_id, received_at)",
        "CREATE INDEX gifts_received ON gifts (received_at)",
        "CREATE INDEX gifts_campaign ON gifts (campaign_id)",
        "CREATE INDEX gifts_plan ON gifts (recurring_plan_id)",
        externalIndex("gifts"),
        """
        CREATE TABLE gift_soft_credits (
          gift_id TEXT NOT NULL REFERENCES gifts (id) ON DELETE CASCADE,
          constituent_id TEXT NOT NULL REFERENCES constituents (id) ON DELETE RESTRICT,
          \(amount("amount_minor", nullable: true)), PRIMARY KEY (gift_id, constituent_id)
        )
        """,
        "CREATE INDEX gift_soft_credits_constituent ON gift_soft_credits (constituent_id)",
        """
        CREATE TABLE constituent_rollups (
          constituent_id TEXT NOT NULL REFERENCES constituents (id) ON DELETE CASCADE,
          currency TEXT NOT NULL, gift_count INTEGER NOT NULL CHECK (gift_count > 0),
          total_minor BIGINT NOT NULL CHECK (total_minor > 0),
          first_gift_at TEXT NOT NULL, first_gift_minor BIGINT NOT NULL,
          last_gift_at TEXT NOT NULL, last_gift_minor BIGINT NOT NULL,
          largest_gift_at TEXT NOT NULL, largest_gift_minor BIGINT NOT NULL,
          PRIMARY KEY (constituent_id, currency)
        )
        """,
        """
        CREATE TABLE constituent_giving_months (
          constituent_id TEXT NOT NULL REFERENCES constituents (id) ON DELETE CASCADE,
          currency TEXT NOT NULL, month TEXT NOT NULL, total_minor BIGINT NOT NULL, gift_count INTEGER NOT NULL,
          PRIMARY KEY (constituent_id, currency, month)
        )
        """,
    ]

    /// Interactions and consent: the timeline and the permission history.
    static let activityTables = [
        """
        CREATE TABLE interactions (
          id TEXT PRIMARY KEY, constituent_id TEXT NOT NULL REFERENCES constituents (id) ON DELETE CASCADE,
          type TEXT NOT NULL, channel TEXT NOT NULL, occurred_at TEXT NOT NULL,
          direction TEXT NOT NULL \(oneOf("direction", InteractionDirection.self)),
          properties TEXT NOT NULL DEFAULT '{}', \(timestamps), \(externalReference)
        )
        """,
        "CREATE INDEX interactions_constituent ON interactions (constituent_id, occurred_at)",
        "CREATE INDEX interactions_type ON interactions (type, occurred_at)",
        externalIndex("interactions"),
        """
        CREATE TABLE consent_records (
          id TEXT PRIMARY KEY, constituent_id TEXT NOT NULL REFERENCES constituents (id) ON DELETE CASCADE,
          channel TEXT NOT NULL \(oneOf("channel", ConsentChannel.self)),
          status TEXT NOT NULL \(oneOf("status", ConsentStatus.self)),
          recorded_at TEXT NOT NULL, source TEXT NOT NULL, note TEXT, \(timestamps)
        )
        """,
        "CREATE INDEX consent_records_constituent ON consent_records (constituent_id, channel, recorded_at)",
    ]

    /// Staff users, API keys and the audit log.
    static let staffTables = [
        """
        CREATE TABLE staff_users (
          id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE, password_hash TEXT NOT NULL,
          role TEXT NOT NULL \(oneOf("role", StaffRole.self)), disabled BOOLEAN NOT NULL DEFAULT FALSE, \(timestamps)
        )
        """,
        """
        CREATE TABLE api_keys (
          id TEXT PRIMARY KEY, name TEXT NOT NULL, key_hash TEXT NOT NULL UNIQUE, key_prefix TEXT NOT NULL,
          role TEXT NOT NULL \(oneOf("role", StaffRole.self)), write_only BOOLEAN NOT NULL DEFAULT FALSE,
          created_at TEXT NOT NULL, revoked_at TEXT
        )
        """,
        """
        CREATE TABLE audit_log (
          id TEXT PRIMARY KEY, occurred_at TEXT NOT NULL,
          actor_kind TEXT NOT NULL CHECK (actor_kind IN ('user', 'api_key', 'system')), actor_id TEXT,
          action TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete', 'read')),
          entity TEXT NOT NULL, entity_id TEXT
        )
        """,
        "CREATE INDEX audit_log_occurred ON audit_log (occurred_at)",
        "CREATE INDEX audit_log_entity ON audit_log (entity, entity_id)",
    ]
}
