import Foundation
import Hummingbird
import HummingbirdCore
import KindredCore
import KindredStore
import Logging

/// The imports under way in this process and how far each has got.
actor ImportRegistry {
    private var running: [String: ImportProgress] = [:]

    /// Records the progress of a running import.
    func update(_ id: String, _ progress: ImportProgress) { running[id] = progress }

    /// Forgets a finished import.
    func finish(_ id: String) { running[id] = nil }

    /// The progress of a running import.
    func progress(_ id: String) -> ImportProgress? { running[id] }
}

/// An import as the API shows it: running with its progress, or finished with its report.
struct ImportStatus: Encodable {
    /// The run's id.
    let id: String
    /// `running`, or the finished report's status.
    let status: String
    /// While running: bytes and rows read.
    let progress: ImportProgress?
    /// Once finished: what it did and every problem (the first 10,000).
    let report: ImportReport?
}

/// Imports started through the API or the web app: the upload saved to a temporary file, the run in the background,
/// its progress while it runs and its report once done. One per process.
struct ImportRuns: Sendable {
    let store: KindredStore
    let registry = ImportRegistry()
    let importer: Importer

    /// The runs of a store.
    init(store: KindredStore) {
        self.store = store
        importer = Importer(store: store)
    }

    /// Saves the uploaded body and starts importing it; returns the run's id.
    func start(_ body: HummingbirdCore.RequestBody, options: ImportOptions, by actor: Actor, logger: Logger) async throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kindred-upload-\(UUID().uuidString).csv").path
        try await ImportRoutes.save(body, to: path)
        let id = RecordIdentifier.make(at: store.clock())
        await registry.update(id, ImportProgress(bytesRead: 0, bytesTotal: 0, rowsRead: 0))
        let (registry, importer) = (self.registry, self.importer)
        Task {
            defer { try? FileManager.default.removeItem(atPath: path) }
            do {
                _ = try await importer.run(path: path, fileName: "upload.csv", options: options, by: actor, id: id) { progress in
                    Task { await registry.update(id, progress) }
                }
            } catch {
                logger.error("import failed", metadata: ["import.id": "\(id)", "error.type": "\(type(of: error))"])
            }
            await registry.finish(id)
        }
        return id
    }

    /// A run: running with its progress, or finished with its report; 404 when unknown.
    func status(_ id: String) async throws -> ImportStatus {
        if let progress = await registry.progress(id) { return ImportStatus(id: id, status: "running", progress: progress, report: nil) }
        guard let report = try await importer.report(id: id) else { throw Problem(.notFound, "no import has this id") }
        return ImportStatus(id: id, status: report.status, progress: nil, report: report)
    }

    /// The bad rows of a finished run as CSV: row, column, reason; 409 while it runs.
    func reportCSV(_ id: String) async throws -> Response {
        if await registry.progress(id) != nil { throw Problem(.conflict, "the import is still running; its report is ready when it has finished") }
        guard let report = try await importer.report(id: id) else { throw Problem(.notFound, "no import has this id") }
        return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"import-report.csv\""],
                        body: .init(byteBuffer: ByteBuffer(string: report.issuesCSV)))
    }
}

/// CSV imports and exports through the API, and the event-mapping setting.
enum ImportRoutes {
    /// The largest file the API takes.
    static let maximumBytes: Int64 = 2 << 30

    /// Registers the routes.
    static func register(on routes: RouteRecorder, store: KindredStore, runs: ImportRuns) {
        /// Uploads a CSV file (the body) and starts importing it; answers 202 with the run to poll.
        routes.add(.post, "/api/v1/imports") { request, context in
            let actor = try context.authorize(.write, .imports)
            let options = try importOptions(QueryParameters(request: request))
            let id = try await runs.start(request.body, options: options, by: actor, logger: context.logger)
            return try JSONResponse.make(try await runs.status(id), status: .accepted, headers: [.location: "/api/v1/imports/\(id)"])
        }
        /// An import: its progress while it runs, its report once it is done.
        routes.add(.get, "/api/v1/imports/:id") { request, context in
            _ = try context.authorize(.read, .imports)
            return try JSONResponse.make(try await runs.status(try recordId(context)))
        }
        /// The bad rows of a finished import as CSV: row, column, reason.
        routes.add(.get, "/api/v1/imports/:id/report") { request, context in
            _ = try context.authorize(.read, .imports)
            return try await runs.reportCSV(try recordId(context))
        }
        for kind in ImportKind.allCases { registerExport(kind, on: routes, store: store) }
    }

    /// Exports one kind of record as CSV, streamed.
    private static func registerExport(_ kind: ImportKind, on routes: RouteRecorder, store: KindredStore) {
        let resource: ProtectedResource = switch kind {
        case .constituents: .constituents
        case .gifts: .gifts
        case .interactions: .interactions
        }
        /// Streams the records the filters select as CSV.
        routes.add(.get, "/api/v1/exports/\(kind.rawValue)") { request, context in
            let actor = try context.authorize(.read, resource)
            let query = QueryParameters(request: request)
            let zone = try await OrganisationSettingsStore.profile(in: store.database).zone
            let filter = ExportFilter(
                role: try query.vocabulary("role"), tag: try query.text("tag"), constituentId: try query.identifier("constituentId"),
                campaignId: try query.identifier("campaignId"), type: try query.text("type"),
                from: try query.instant("from", timeZone: zone), until: try query.instant("until", timeZone: zone),
                segmentId: try query.identifier("segment"))
            if let segment = filter.segmentId {
                guard kind == .constituents else {
                    throw ValidationFailure([FieldIssue(field: "segment", message: "filters constituent exports only")])
                }
                _ = try context.authorize(.read, .segments)
                _ = try await store.segments.get(segment)
            }
            return CSVDownload.response(kind, filter: filter, by: actor, store: store)
        }
    }

    /// The `id` path parameter as a record id (a lower-case UUID), or a 422 naming it.
    static func recordId(_ context: KindredRequestContext) throws -> String {
        guard let id = context.parameters.get("id"), RecordIdentifier.isValid(id) else {
            throw ValidationFailure([FieldIssue(field: "id", message: "must be a record id (a lower-case UUID)")])
        }
        return id
    }

    /// The options of `POST /api/v1/imports` from its query: kind, preset, source, dryRun, partial, map, default.
    static func importOptions(_ query: QueryParameters) throws -> ImportOptions {
        guard let kind: ImportKind = try query.vocabulary("kind") else {
            throw ValidationFailure([FieldIssue(field: "kind", message: "is required: \(ImportKind.allowedValues)")])
        }
        var preset: ImportPreset?
        if let name = try query.text("preset") {
            guard let found = ImportPreset.named(name) else {
                throw ValidationFailure([FieldIssue(field: "preset", message: "must be one of: \(ImportPreset.all.map(\.name).joined(separator: ", "))")])
            }
            guard found.kind == kind else {
                throw ValidationFailure([FieldIssue(field: "preset", message: "\(found.name) imports \(found.kind.rawValue), not \(kind.rawValue)")])
            }
            preset = found
        }
        return ImportOptions(kind: kind, preset: preset, overrides: try query.pairs("map"), source: try query.text("source"),
                             dryRun: try query.flag("dryRun"), partial: try query.flag("partial"), defaults: try query.pairs("default"))
    }

    /// Streams the request body to a file; 413 beyond the limit.
    static func save(_ body: HummingbirdCore.RequestBody, to path: String) async throws {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw StoreError.unavailable("the upload cannot be stored; retry")
        }
        defer { try? handle.close() }
        var written: Int64 = 0
        for try await buffer in body {
            written += Int64(buffer.readableBytes)
            guard written <= maximumBytes else {
                try? FileManager.default.removeItem(atPath: path)
                throw Problem(.contentTooLarge, "the file is larger than the limit of 2 GiB")
            }
            handle.write(Data(buffer: buffer))
        }
        if written == 0 {
            try? FileManager.default.removeItem(atPath: path)
            throw Problem(.badRequest, "send the CSV file as the request body")
        }
    }
}

/// A CSV export streamed as a download, for the API and the web app alike.
enum CSVDownload {
    /// The records of `kind` that `filter` selects, streamed as `KIND.csv`.
    static func response(_ kind: ImportKind, filter: ExportFilter, by actor: Actor, store: KindredStore) -> Response {
        let exporter = Exporter(store: store)
        return Response(
            status: .ok,
            headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(kind.rawValue).csv\""],
            body: ResponseBody { writer in
                try await exporter.export(kind, filter: filter, by: actor) { line in try await writer.write(ByteBuffer(string: line)) }
                try await writer.finish(nil)
            })
    }
}
