/// Where an order was placed. Preferred channel is a computed trait, so the set is fixed
/// to the four the API documents; a struct with constants keeps room to add more.
public struct OrderChannel: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: String

    /// Only the known channels; `nil` for anything else.
    public init?(rawValue: String) {
        guard Self.all.contains(where: { $0.rawValue == rawValue }) else { return nil }
        self.rawValue = rawValue
    }

    private init(known: String) { self.rawValue = known }

    public var description: String { rawValue }
    public static func < (lhs: OrderChannel, rhs: OrderChannel) -> Bool { lhs.rawValue < rhs.rawValue }

    public static let web = OrderChannel(known: "web")
    public static let pos = OrderChannel(known: "pos")
    public static let app = OrderChannel(known: "app")
    public static let phone = OrderChannel(known: "phone")

    public static let all: [OrderChannel] = [.web, .pos, .app, .phone]
}
