/// One piece of evidence about who a customer is: a kind and a normalised value.
///
/// Values are compared exactly, so they must already be normalised: build identifiers
/// from raw input with `Normalizer`, and from database rows (which hold normalised
/// values) directly. `description` masks the value, so an identifier can be logged or
/// put in an error without leaking the customer's email or phone.
public struct Identifier: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let type: IdentifierType
    public let value: String

    public init(type: IdentifierType, value: String) {
        self.type = type
        self.value = value
    }

    /// `email:a***@example.com`, `phone:+7916*****67`: safe for logs.
    public var description: String { "\(type.rawValue):\(PIIMask.value(value, of: type))" }

    /// Orders by kind, then value: a total order, so plans built from a set of
    /// identifiers come out the same on every instance.
    public static func < (lhs: Identifier, rhs: Identifier) -> Bool {
        if lhs.type != rhs.type { return lhs.type < rhs.type }
        return lhs.value < rhs.value
    }
}
