import Foundation
import KindredCore
import SQLKit

extension Schema {
    /// Version 20: surveys, the links that open them (a personal link names its person; only a hash of the token is
    /// kept) and the responses. A survey with responses cannot be deleted; a person's deletion keeps their answers,
    /// anonymously.
    @Sendable static func version20(_ flavor: SQLFlavor) -> [String] {
        [
            """
            CREATE TABLE surveys (
              id TEXT PRIMARY KEY, name TEXT NOT NULL, status TEXT NOT NULL \(oneOf("status", SurveyStatus.self)), definition TEXT NOT NULL,
              \(timestamps)
            )
            """,
            """
            CREATE TABLE survey_links (
              id TEXT PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE, survey_id TEXT NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
              constituent_id TEXT REFERENCES constituents (id) ON DELETE CASCADE, created_at TEXT NOT NULL, expires_at TEXT, answered_at TEXT
            )
            """,
            "CREATE INDEX survey_links_survey ON survey_links (survey_id)",
            "CREATE INDEX survey_links_constituent ON survey_links (constituent_id)",
            """
            CREATE TABLE survey_responses (
              id TEXT PRIMARY KEY, survey_id TEXT NOT NULL REFERENCES surveys (id),
              constituent_id TEXT REFERENCES constituents (id) ON DELETE SET NULL, link_id TEXT,
              language TEXT NOT NULL \(oneOf("language", Language.self)), answers TEXT NOT NULL, submitted_at TEXT NOT NULL
            )
            """,
            "CREATE INDEX survey_responses_survey ON survey_responses (survey_id, id)",
            "CREATE INDEX survey_responses_constituent ON survey_responses (constituent_id)",
        ]
    }
}

/// How surveys are stored: the staff-facing fields in columns, the wording and questions as one JSON document.
enum SurveyRecords {
    static let mapping = TableMapping<SurveyFields>(
        table: "surveys", entity: "survey", ownership: .shared, ownerColumns: [], externalReference: { _ in nil },
        columns: { fields in
            [("name", fields.name), ("status", fields.status.rawValue), ("definition", jsonText(Definition(fields))), ("audience", fields.audience.rawValue)]
        },
        decode: { row in
            let definition = try JSONDecoder().decode(Definition.self, from: Data(try row.text("definition").utf8))
            return SurveyFields(name: try row.text("name"), status: try row.vocabulary("status"), title: definition.title,
                                intro: definition.intro, questions: definition.questions, audience: try row.vocabulary("audience"))
        })

    /// The part of a survey kept as JSON.
    struct Definition: Codable {
        let title: Wording
        let intro: Wording?
        let questions: [SurveyQuestion]

        init(_ fields: SurveyFields) { (title, intro, questions) = (fields.title, fields.intro, fields.questions) }
    }
}

/// A link that opens a survey: personal (it names the person, and takes one answer) or anonymous (any number).
public struct SurveyLink: Sendable, Hashable, Codable {
    /// The link's id.
    public let id: String
    /// The survey it opens.
    public let surveyId: String
    /// The person it is for; nil for an anonymous link.
    public let constituentId: String?
    /// The secret part of the link; returned only when the link is created.
    public let token: String?
    /// The page's path, `/p/s/TOKEN` (only when the token is known).
    public let path: String?
    /// When it was created.
    public let createdAt: Timestamp
    /// When it stops working, if ever.
    public let expiresAt: Timestamp?
    /// When a personal link was answered.
    public let answeredAt: Timestamp?
}

extension KindredStore {
    /// Surveys: NPS, CSAT and custom questions with wording in English, Dutch and French.
    public var surveys: Repository<SurveyFields> {
        repository(SurveyRecords.mapping, afterWrite: { record, previous, _ in
            // A pulse's answers are anonymous and a supporter survey's are not: switching would expose one or mislabel the other.
            if let previous, previous.audience != record.fields.audience {
                throw StoreError.conflict("a survey's audience cannot change; create a new survey instead")
            }
        })
    }

    /// Creates a link to survey `surveyId`, personal when `constituentId` is given. The token is returned here only;
    /// the store keeps its hash. An unknown survey is not found; an unknown or invisible person is an invalid reference.
    public func createSurveyLink(surveyId: String, constituentId: String?, expiresAt: Timestamp?, by actor: Actor) async throws -> SurveyLink {
        let now = clock()
        let (id, token) = try await database.write { connection in
            guard let survey = try await SurveyRecords.mapping.fetch(id: surveyId, on: connection) else { throw StoreError.notFound(entity: "survey", id: surveyId) }
            if survey.fields.audience == .staff {
                throw StoreError.conflict("a staff pulse survey is answered by signed-in staff at /pulse/\(surveyId), not through links")
            }
            if let constituentId, !(try await ScopeFilter.isVisible(constituentId, actor.scope, on: connection)) {
                throw StoreError.invalidReference(field: "constituentId", message: "refers to a constituent that does not exist or that you may not see")
            }
            let link = try await Self.insertSurveyLink(surveyId: surveyId, constituentId: constituentId, expiresAt: expiresAt, at: now, on: connection)
            try await AuditLog.record(.create, entity: "survey_link", id: link.id, by: actor, at: now, on: connection)
            return link
        }
        return SurveyLink(id: id, surveyId: surveyId, constituentId: constituentId, token: token, path: "/p/s/\(token)",
                          createdAt: now, expiresAt: expiresAt, answeredAt: nil)
    }

    /// Stores a new link (only its token's hash) and answers its id and token.
    static func insertSurveyLink(surveyId: String, constituentId: String?, expiresAt: Timestamp?, at now: Timestamp,
                                 on connection: any SQLDatabase) async throws -> (id: String, token: String) {
        let token = StaffDirectory.randomToken(prefix: "ks_"), id = RecordIdentifier.make(at: now)
        try await connection.raw("""
            INSERT INTO survey_links (id, token_hash, survey_id, constituent_id, created_at, expires_at)
            VALUES (\(bind: id), \(bind: StaffDirectory.hash(token)), \(bind: surveyId), \(bind: constituentId), \(bind: now.description), \(bind: expiresAt?.description))
            """).run()
        return (id, token)
    }

    /// The links of a survey (without their tokens), newest first.
    public func surveyLinks(surveyId: String, cursor: String?, limit: Int, by actor: Actor) async throws -> Page<SurveyLink> {
        try await surveyRows("survey_links", surveyId: surveyId, cursor: cursor, limit: limit, by: actor, id: \.id) { row in
            SurveyLink(id: try row.text("id"), surveyId: surveyId, constituentId: try row.optionalText("constituent_id"), token: nil, path: nil,
                       createdAt: try row.timestamp("created_at"), expiresAt: try row.optionalText("expires_at").flatMap(Timestamp.init(iso8601:)),
                       answeredAt: try row.optionalText("answered_at").flatMap(Timestamp.init(iso8601:)))
        }
    }

    /// A page, newest first, of a survey's rows in `table` that the actor may see (rows without a person always);
    /// `check` may refuse the survey.
    func surveyRows<Item: Sendable & Encodable>(_ table: String, surveyId: String, cursor: String?, limit: Int, by actor: Actor,
                                                check: @escaping @Sendable (Record<SurveyFields>) throws -> Void = { _ in }, id: KeyPath<Item, String> & Sendable,
                                                row decode: @escaping @Sendable (any SQLRow) throws -> Item) async throws -> Page<Item> {
        var query: SQLQueryString = "SELECT * FROM \(ident: table) WHERE survey_id = \(bind: surveyId)"
        if let cursor { query = query + " AND id < \(bind: cursor)" }
        if let scope = ScopeFilter.condition(actor.scope, column: "constituent_id") { query = query + " AND (constituent_id IS NULL OR " + scope + ")" }
        let page = query + " ORDER BY id DESC LIMIT \(literal: limit + 1)"
        let rows = try await database.read { connection in
            guard let survey = try await SurveyRecords.mapping.fetch(id: surveyId, on: connection) else { throw StoreError.notFound(entity: "survey", id: surveyId) }
            try check(survey)
            return try await connection.raw(page).all().map(decode)
        }
        let items = Array(rows.prefix(limit))
        return Page(items: items, nextCursor: rows.count > limit ? items.last?[keyPath: id] : nil)
    }
}
