import Hummingbird
import KindredCore
import KindredStore

/// The error page's view model.
struct ErrorView {
    let chrome: PageChrome
    let t: [String: String]
    let heading: String
    let detail: String
    let hasIssues: Bool
    let issues: [String]
}

/// Errors on web pages answered as pages in the reader's language (the API answers problem documents instead).
enum WebErrors {
    /// An error page.
    static func page(_ renderer: WebRenderer, status: HTTPResponse.Status, headingKey: String, detail: String, issues: [String] = [],
                     session: WebSession?, language: Language, path: String) -> Response {
        let view = ErrorView(chrome: PageChrome(titleKey: headingKey, session: session, language: language, csrf: session?.csrfToken ?? "", path: path),
                             t: Catalogue.strings(language), heading: Catalogue.text(headingKey, language), detail: detail,
                             hasIssues: !issues.isEmpty, issues: issues)
        return renderer.page("error", view, status: status)
    }
}

/// Turns errors thrown by page handlers into error pages; a visitor who is not signed in is sent to sign in.
struct WebErrorMiddleware: RouterMiddleware {
    let renderer: WebRenderer

    /// Runs the page and answers any error as a page.
    func handle(_ request: Request, context: KindredRequestContext,
                next: (Request, KindredRequestContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let problem = Problem.from(error, logger: context.logger)
            if problem.status == .unauthorized { return WebRenderer.redirect("/sign-in") }
            let language = context.webSession?.language ?? Language.preferred(acceptLanguage: request.headers[.acceptLanguage])
            let (heading, detail): (String, String) = switch problem.status {
            case .forbidden: ("forbidden_title", Catalogue.text("forbidden_text", language))
            case .notFound: ("not_found_title", Catalogue.text("not_found_text", language))
            case .badRequest, .unprocessableContent, .conflict, .contentTooLarge: ("bad_request_title", problem.detail)
            default: ("error_title", problem.status == .internalServerError ? "" : problem.detail)
            }
            return WebErrors.page(renderer, status: problem.status, headingKey: heading, detail: detail,
                                  issues: (problem.errors ?? []).map { "\($0.field): \($0.message)" },
                                  session: context.webSession, language: language, path: request.uri.path)
        }
    }
}
