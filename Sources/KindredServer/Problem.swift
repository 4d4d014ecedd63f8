import Foundation
import HTTPTypes
import Hummingbird
import KindredCore
import KindredStore
import Logging

/// An RFC 9457 problem: every error response of the API, as `application/problem+json`.
public struct Problem: HTTPResponseError, Sendable {
    /// The HTTP status.
    public let status: HTTPResponse.Status
    /// A short, fixed summary of the problem type.
    public let title: String
    /// What went wrong in this case, in plain words.
    public let detail: String
    /// For 422: every invalid field.
    public let errors: [FieldIssue]?
    /// Extra response headers (`Retry-After`, `WWW-Authenticate`).
    public let headers: HTTPFields

    /// Creates a problem.
    public init(_ status: HTTPResponse.Status, _ detail: String, errors: [FieldIssue]? = nil, headers: HTTPFields = [:]) {
        self.status = status
        self.title = status.reasonPhrase
        self.detail = detail
        self.errors = errors
        self.headers = headers
    }

    private struct Body: Encodable {
        let type: String
        let title: String
        let status: Int
        let detail: String
        let errors: [FieldIssue]?
    }

    /// The problem document.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = Body(type: "about:blank", title: title, status: status.code, detail: detail, errors: errors)
        var fields = headers
        fields[.contentType] = "application/problem+json"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(data: try JSONEncoder().encode(body))))
    }

    /// The problem an error means; anything unexpected becomes a 500 that reveals nothing.
    static func from(_ error: any Error, logger: Logger) -> Problem {
        switch error {
        case let problem as Problem:
            return problem
        case let failure as ValidationFailure:
            return Problem(.unprocessableContent, "the request has invalid fields: \(failure.summary)", errors: failure.issues)
        case let error as StoreError:
            return from(error)
        case let error as ModelFitError:
            return Problem(.unprocessableContent, error.description)
        case let error as HTTPError:
            return Problem(error.status, error.body ?? error.status.reasonPhrase.lowercased())
        case let error as any HTTPResponseError:
            if error.status == .contentTooLarge { return Problem(.contentTooLarge, "the request body is larger than the limit of 1 MiB") }
            return Problem(error.status, error.status.reasonPhrase.lowercased())
        default:
            logger.error("unexpected error", metadata: ["error.type": "\(type(of: error))"])
            return Problem(.internalServerError, "an internal error occurred; it has been logged")
        }
    }

    private static func from(_ error: StoreError) -> Problem {
        switch error {
        case .notFound(let entity, _):
            return Problem(.notFound, "no \(entity.replacingOccurrences(of: "_", with: " ")) has this id")
        case .conflict(let message):
            return Problem(.conflict, message)
        case .invalidReference(let field, let message):
            return Problem(.unprocessableContent, "\(field) \(message)", errors: [FieldIssue(field: field, message: message)])
        case .forbidden(let message):
            return Problem(.forbidden, message)
        case .unavailable(let message):
            return Problem(.serviceUnavailable, message, headers: [.retryAfter: "5"])
        case .invalidConfiguration(let message):
            return Problem(.internalServerError, message)
        }
    }
}

/// Turns every error thrown below it into a problem response.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Runs the request and answers any error as a problem.
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            return try Problem.from(error, logger: context.logger).response(from: request, context: context)
        }
    }
}
