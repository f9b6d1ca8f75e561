/// A permission a secret API key can hold. Open set: new scopes come with new resources.
public struct Scope: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }

    public static let profilesRead = Scope("profiles:read")
    public static let profilesWrite = Scope("profiles:write")
    /// Unmasked email, phone and names; without it they come back masked.
    public static let piiRead = Scope("pii:read")
    public static let ordersWrite = Scope("orders:write")
    public static let segmentsRead = Scope("segments:read")
    public static let segmentsWrite = Scope("segments:write")
    public static let privacy = Scope("privacy")
    /// Implies every other scope.
    public static let admin = Scope("admin")

    public static let known: [Scope] = [
        .profilesRead, .profilesWrite, .piiRead, .ordersWrite, .segmentsRead, .segmentsWrite, .privacy, .admin,
    ]

    public var description: String { rawValue }
    public static func < (a: Scope, b: Scope) -> Bool { a.rawValue < b.rawValue }
}
