import KindredCore

extension Schema {
    /// Version 15: fitted repeat-giving models (every fit kept, with the data it came from) and each donor's stored
    /// prediction and ask ladder, indexed for the segment conditions on them.
    @Sendable static func version15(_ flavor: SQLFlavor) -> [String] {
        [
            """
            CREATE TABLE model_fits (
              id TEXT PRIMARY KEY, model TEXT NOT NULL \(oneOf("model", RepeatGivingModel.self)), currency TEXT NOT NULL,
              parameters TEXT NOT NULL, donors INTEGER NOT NULL, log_likelihood DOUBLE PRECISION, iterations INTEGER NOT NULL,
              data TEXT NOT NULL, fitted_at TEXT NOT NULL, for_predictions INTEGER NOT NULL DEFAULT 0
            )
            """,
            "CREATE INDEX model_fits_latest ON model_fits (for_predictions, model, fitted_at)",
            """
            CREATE TABLE donor_predictions (
              constituent_id TEXT PRIMARY KEY REFERENCES constituents (id) ON DELETE CASCADE, currency TEXT NOT NULL,
              as_of TEXT NOT NULL, transactions_fit_id TEXT, value_fit_id TEXT, transactions INTEGER NOT NULL,
              probability_alive DOUBLE PRECISION, expected_gifts_1y DOUBLE PRECISION, expected_gifts_3y DOUBLE PRECISION,
              expected_gifts_5y DOUBLE PRECISION, expected_gift_minor BIGINT, lifetime_value_minor BIGINT, lapse_risk INTEGER,
              ask_1_minor BIGINT NOT NULL, ask_2_minor BIGINT NOT NULL, ask_3_minor BIGINT NOT NULL,
              ask_basis TEXT NOT NULL \(oneOf("ask_basis", AskBasis.self)), ask_reason TEXT NOT NULL
            )
            """,
            "CREATE INDEX donor_predictions_alive ON donor_predictions (probability_alive)",
            "CREATE INDEX donor_predictions_value ON donor_predictions (lifetime_value_minor)",
        ]
    }
}

extension Schema {
    /// Version 16: the gifts-by-donor index also holds currency, status and amount, so the models' statistics are read
    /// from the index alone, one pass in donor order.
    @Sendable static func version16(_ flavor: SQLFlavor) -> [String] {
        ["DROP INDEX gifts_constituent", "CREATE INDEX gifts_constituent ON gifts (constituent_id, received_at, currency, status, amount_minor)"]
    }
}

extension Schema {
    /// Version 17: each donor's rollup keeps the models' statistics (days with gifts, the first and last of them and
    /// their totals, the largest day), backfilled from the gifts, and two indexes the fits group along, so a fit at
    /// today reads one row per donor instead of every gift.
    @Sendable static func version17(_ flavor: SQLFlavor) -> [String] {
        let day = { (timestamp: String) in
            flavor == .sqlite ? "CAST(julianday(substr(\(timestamp), 1, 10)) - 2440587.5 AS INTEGER)"
                : "(CAST(substr(\(timestamp), 1, 10) AS DATE) - DATE '1970-01-01')"
        }
        let counted = "g.constituent_id = constituent_rollups.constituent_id AND g.currency = constituent_rollups.currency "
            + "AND g.status = 'completed' AND g.amount_minor > 0"
        let dayTotal = { (column: String) in
            "(SELECT SUM(g.amount_minor) FROM gifts g WHERE \(counted) AND substr(g.received_at, 1, 10) = substr(constituent_rollups.\(column), 1, 10))"
        }
        return ["transaction_days INTEGER", "first_day BIGINT", "last_day BIGINT", "first_day_minor BIGINT", "last_day_minor BIGINT",
                "largest_day_minor BIGINT"].map { "ALTER TABLE constituent_rollups ADD COLUMN \($0) NOT NULL DEFAULT 0" } + [
            """
            UPDATE constituent_rollups SET first_day = \(day("first_gift_at")), last_day = \(day("last_gift_at")),
              transaction_days = (SELECT COUNT(DISTINCT substr(g.received_at, 1, 10)) FROM gifts g WHERE \(counted)),
              first_day_minor = \(dayTotal("first_gift_at")), last_day_minor = \(dayTotal("last_gift_at")),
              largest_day_minor = (SELECT MAX(d.total) FROM (SELECT SUM(g.amount_minor) AS total FROM gifts g WHERE \(counted)
                                   GROUP BY substr(g.received_at, 1, 10)) d)
            """,
            "CREATE INDEX constituent_rollups_model_times ON constituent_rollups (currency, transaction_days, first_day, last_day)",
            "CREATE INDEX constituent_rollups_model_values ON constituent_rollups (currency, transaction_days, total_minor, first_day_minor)",
        ]
    }

    /// Version 18: each model fit keeps how long it took (reading and optimising), 0 for fits stored before.
    @Sendable static func version18(_ flavor: SQLFlavor) -> [String] {
        ["ALTER TABLE model_fits ADD COLUMN seconds DOUBLE PRECISION NOT NULL DEFAULT 0"]
    }
}
