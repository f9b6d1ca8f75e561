/// A response as read off the wire by `RawHTTPClient`, kept close to the bytes so tests can
/// assert on exact framing.
public struct HTTPTestResponse: Sendable, CustomStringConvertible {
    public var version: String
    public var status: Int
    public var reason: String
    /// Header fields in wire order.
    public var headers: [(name: String, value: String)]
    /// The body after de-chunking (never decompressed).
    public var body: [UInt8]

    public init(version: String, status: Int, reason: String, headers: [(name: String, value: String)], body: [UInt8]) {
        self.version = version
        self.status = status
        self.reason = reason
        self.headers = headers
        self.body = body
    }

    /// First value of a header, case-insensitive.
    public subscript(name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    public func values(for name: String) -> [String] {
        headers.filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
    }

    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// The `code` of a JSON error body `{"error":{"code":"..."}}`, found textually so TestSupport
    /// needs no JSON decoder.
    public var errorCode: String? {
        let text = bodyText
        guard let range = text.firstRange(of: "\"code\":\"") else { return nil }
        let rest = text[range.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<end])
    }

    public var description: String {
        "\(status) \(reason) \(headers.map { "\($0.name): \($0.value)" }) \(bodyText.prefix(200))"
    }
}
