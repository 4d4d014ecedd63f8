import Foundation
import Hummingbird
import KindredCore

extension WebRoutes {
    /// The `cursor` of a list paged by record id, if given; anything else is refused.
    static func idCursor(_ request: Request) throws -> String? {
        try request.uri.queryParameters.get("cursor").map { raw in
            guard RecordIdentifier.isValid(raw) else { throw ValidationFailure([FieldIssue(field: "cursor", message: "is not a cursor this list returned")]) }
            return raw
        }
    }

    /// A path on this site to return to after a form, or nil when `back` is absent or could lead elsewhere.
    static func localPath(_ back: String?) -> String? {
        guard let back, back.hasPrefix("/"), !back.hasPrefix("//"), back.count <= 2000,
              back.allSatisfy({ $0.isASCII && $0 != "\\" && !$0.isWhitespace }) else { return nil }
        return back
    }
}
