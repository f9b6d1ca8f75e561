import Foundation
import TestSupport

/// A tracking API answer decoded from its JSON body, so tests assert on fields rather than
/// substrings: `{"success":...,"stored":N,"errors":[...]}` or `{"error":{"code",...}}`.
struct TrackingAnswer: Sendable, CustomStringConvertible {
    struct ItemError: Sendable, Equatable {
        var index: Int?
        var code: String
        var field: String?
    }

    var status: Int
    var retryAfter: String?
    var success: Bool?
    var stored: Int?
    var errors: [ItemError] = []
    /// `error.code` / `error.field` of a request-level error.
    var errorCode: String?
    var errorField: String?
    var rawBody: String

    init(_ response: HTTPTestResponse) {
        status = response.status
        retryAfter = response["Retry-After"]
        rawBody = response.bodyText
        guard let object = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] else {
            return
        }
        success = object["success"] as? Bool
        stored = (object["stored"] as? NSNumber)?.intValue
        for item in object["errors"] as? [[String: Any]] ?? [] {
            errors.append(ItemError(index: (item["index"] as? NSNumber)?.intValue, code: item["code"] as? String ?? "",
                                    field: item["field"] as? String))
        }
        if let error = object["error"] as? [String: Any] {
            errorCode = error["code"] as? String
            errorField = error["field"] as? String
        }
    }

    var description: String { "\(status) \(rawBody.prefix(300))" }
}
