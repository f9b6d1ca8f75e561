import Foundation
import HTTP
import MosaicCore

/// Small pieces every resource's routes need: ids from the path, JSON bodies, JSON answers.
enum RouteSupport {
    /// A positive integer id from the path, else 404 (an id that cannot exist is not found).
    static func id(_ context: RequestContext, _ name: String = "id") throws -> Int64 {
        guard let text = context.parameter(name), let id = Int64(text), id > 0 else {
            throw APIError.notFound("no such \(name == "id" ? "resource" : name)")
        }
        return id
    }

    /// The body as a JSON object. - Throws: 415 for a non-JSON type, 400 for bad JSON or a non-object.
    static func jsonObject(_ request: Request) throws -> JSONObject {
        try requireJSONContentType(request)
        let value: JSONValue
        do {
            value = try JSONValue.parse(request.body, limits: JSONLimits(replacesNullCharacter: true))
        } catch {
            throw APIError.badRequest("invalid_json", "the body is not valid JSON: \(error)")
        }
        guard let object = value.objectValue else {
            throw APIError.badRequest("not_an_object", "the body must be a JSON object")
        }
        return object
    }

    /// JSON bodies come as `application/json`, or `text/plain` (browsers' `sendBeacon` and CORS
    /// "simple requests"), or without a type; anything else is 415.
    static func requireJSONContentType(_ request: Request) throws {
        guard let type = request.headers["Content-Type"] else { return }
        guard jsonMediaTypes.contains(mediaType(type)) else {
            throw APIError(status: .unsupportedMediaType, code: "unsupported_media_type",
                           message: "send JSON (application/json or text/plain)", field: nil)
        }
    }

    private static let jsonMediaTypes: Set<String> = ["application/json", "text/plain", ""]

    /// The media type of a Content-Type value, lowercased, without parameters or spaces. Every
    /// tracking request asks, so this stays on bytes (Foundation's trimming bridges to NSString)
    /// and returns a value that is already plain (`application/json`) as it is.
    static func mediaType(_ value: String) -> String {
        let isSpace = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        let isUpper = { (byte: UInt8) in (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) }
        if !value.utf8.contains(where: { $0 == UInt8(ascii: ";") || isSpace($0) || isUpper($0) }) { return value }
        var bytes = Array(value.utf8.prefix { $0 != UInt8(ascii: ";") })
        while let last = bytes.last, isSpace(last) { bytes.removeLast() }
        let start = bytes.firstIndex { !isSpace($0) } ?? bytes.endIndex
        let lowered = bytes[start...].map { isUpper($0) ? $0 | 0x20 : $0 }
        return String(decoding: lowered, as: UTF8.self)
    }

    /// An integer query parameter within bounds (defaulted when absent). - Throws: 400 naming it.
    static func intQuery(_ request: Request, _ name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = request.query(name) else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw APIError.badRequest("invalid_parameter", "\(name) must be an integer from \(range.lowerBound) to \(range.upperBound)", field: name)
        }
        return number
    }

    static func ok(_ object: JSONObject, status: Status = .ok) -> Response {
        .json(status, JSONValue.object(object).serialized())
    }

    static func date(_ date: Date?) -> JSONValue {
        date.map { .string(ISO8601Timestamp.format($0)) } ?? .null
    }
}

extension JSONObject {
    /// Builds an object from literal pairs in order.
    init(_ pairs: KeyValuePairs<String, JSONValue>) {
        self.init(minimumCapacity: pairs.count)
        for (key, value) in pairs { self[key] = value }
    }
}
