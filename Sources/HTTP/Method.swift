/// An HTTP request method. A struct with static members rather than a closed enum because
/// the set is open (RFC 9110 §9): extension methods must round-trip through routing unchanged.
public struct Method: Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The method token exactly as it appears on the wire (case-sensitive, RFC 9110 §9.1).
    public let rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }

    public static let get: Method = "GET"
    public static let head: Method = "HEAD"
    public static let post: Method = "POST"
    public static let put: Method = "PUT"
    public static let patch: Method = "PATCH"
    public static let delete: Method = "DELETE"
    public static let options: Method = "OPTIONS"
    public static let trace: Method = "TRACE"
    public static let connect: Method = "CONNECT"
}
