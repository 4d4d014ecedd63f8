import Foundation
import Hummingbird
import KindredCore
import KindredStore

/// The upload page's view model.
struct ImportUploadView {
    struct Preset { let name: String; let kind: String; let kindLabel: String }
    let chrome: PageChrome
    let t: [String: String]
    let kinds: [FilterOption]
    let presets: [Preset]
}

/// The report page's view model.
struct ImportReportView {
    struct Figures { let rowsRead: String; let created: String; let updated: String; let unchanged: String; let issueCount: String }
    let chrome: PageChrome
    let t: [String: String]
    let id: String
    let status: String
    let report: Figures?
    let hasIssues: Bool
    let issues: [RowIssue]
}

extension WebRoutes {
    /// Registers the imports pages.
    func registerImportPages(on web: RouterGroup<KindredRequestContext>) {
        /// The upload form.
        web.get("/imports") { _, context in
            let session = try context.requireSession()
            _ = try context.authorize(.write, .imports)
            let view = ImportUploadView(chrome: chrome("imports_title", session, "/imports"), t: Catalogue.strings(session.language),
                                        kinds: VocabularyLabels.options(ImportKind.self, "import_kind", session.language), presets: ImportPreset.all.map {
                                            .init(name: $0.name, kind: $0.kind.rawValue, kindLabel: VocabularyLabels.label("import_kind", $0.kind.rawValue, session.language))
                                        })
            return renderer.page("imports", view)
        }
        /// Starts an import of the body (the file), options in the query as for the API; answers the run's id.
        web.post("/imports/upload") { request, context in
            let actor = try context.authorize(.write, .imports)
            let options = try ImportRoutes.importOptions(QueryParameters(request: request))
            let id = try await imports.start(request.body, options: options, by: actor, logger: context.logger)
            return try JSONResponse.make(try await imports.status(id), status: .accepted)
        }
        /// A run's progress or report as JSON, for the progress bar.
        web.get("/imports/{id}/status") { _, context in
            _ = try context.authorize(.read, .imports)
            return try JSONResponse.make(try await imports.status(try ImportRoutes.recordId(context)))
        }
        /// A run's report page.
        web.get("/imports/{id}") { _, context in try await importReport(context) }
        /// A run's problems as CSV: row, column, reason.
        web.get("/imports/{id}/report.csv") { _, context in
            _ = try context.authorize(.read, .imports)
            return try await imports.reportCSV(try ImportRoutes.recordId(context))
        }
    }

    func importReport(_ context: KindredRequestContext) async throws -> Response {
        let session = try context.requireSession()
        _ = try context.authorize(.read, .imports)
        let id = try ImportRoutes.recordId(context)
        let status = try await imports.status(id), language = session.language
        let number = { (value: Int64) in WebFormat.number(Int(value), language) }
        let figures = status.report.map {
            ImportReportView.Figures(rowsRead: number($0.rowsRead), created: number($0.created), updated: number($0.updated),
                                     unchanged: number($0.unchanged), issueCount: number($0.issueCount))
        }
        let issues = Array((status.report?.issues ?? []).prefix(100))
        let view = ImportReportView(chrome: chrome("import_report", session, "/imports/\(id)"), t: Catalogue.strings(language), id: id,
                                    status: Catalogue.text("import_status_\(status.status)", language), report: figures, hasIssues: !issues.isEmpty, issues: issues)
        return renderer.page("import-report", view)
    }
}
