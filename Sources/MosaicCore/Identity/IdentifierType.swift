/// The kind of an identifier (`email`, `phone`, ...).
///
/// An open set: the built-in kinds are static members, and deployments add their own
/// (`wechat_id`, `ga_client_id`) from configuration, so this is a struct, not an enum.
public struct IdentifierType: RawRepresentable, Hashable, Comparable, Sendable,
    ExpressibleByStringLiteral, CustomStringConvertible
{
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    /// The id the customer's own system gives a signed-in user: the strongest evidence.
    public static let userID: IdentifierType = "user_id"
    /// A random id an SDK gives one browser or app install before sign-in.
    public static let anonymousID: IdentifierType = "anonymous_id"
    public static let email: IdentifierType = "email"
    public static let phone: IdentifierType = "phone"
    public static let loyaltyCard: IdentifierType = "loyalty_card"
    /// A record id in another system, namespaced by that system: `shop:1234`.
    public static let externalID: IdentifierType = "external_id"
    public static let deviceID: IdentifierType = "device_id"

    /// The kinds every deployment has, in default priority order.
    public static let builtIn: [IdentifierType] = [
        .userID, .externalID, .email, .phone, .loyaltyCard, .deviceID, .anonymousID,
    ]

    /// Accepts a kind named in configuration or an API query string only when it is a
    /// plain snake_case name (`[a-z][a-z0-9_]{0,63}`), so type names can be used safely
    /// as JSON keys, query parameters and metric labels.
    public init?(validating name: String) {
        let scalars = Array(name.unicodeScalars)
        guard let first = scalars.first, scalars.count <= 64,
            ("a"..."z").contains(first),
            scalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" })
        else { return nil }
        self.rawValue = name
    }

    public var description: String { rawValue }

    public static func < (lhs: IdentifierType, rhs: IdentifierType) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}
