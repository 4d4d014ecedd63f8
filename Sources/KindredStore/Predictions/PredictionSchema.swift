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
