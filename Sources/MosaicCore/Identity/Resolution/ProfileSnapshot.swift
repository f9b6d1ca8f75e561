import Foundation

/// What the planner needs to know about one live profile.
///
/// `identifiers` must hold every value of every kind that has a `maxPerProfile` limit
/// (`user_id`, `email`, `phone`, `loyalty_card` by default): limits are checked on
/// them. Values of unlimited kinds may be left out, which keeps a profile with
/// thousands of `anonymous_id`s cheap to load.
public struct ProfileSnapshot: Sendable, Equatable {
    public let id: ProfileID
    public let createdAt: Date
    public var identifiers: [IdentifierType: Set<String>]

    public init(id: ProfileID, createdAt: Date, identifiers: [IdentifierType: Set<String>] = [:]) {
        self.id = id
        self.createdAt = createdAt
        self.identifiers = identifiers
    }

    public init(id: ProfileID, createdAt: Date, identifiers: some Sequence<Identifier>) {
        self.init(id: id, createdAt: createdAt)
        for identifier in identifiers { insert(identifier) }
    }

    public func values(of type: IdentifierType) -> Set<String> { identifiers[type] ?? [] }

    public mutating func insert(_ identifier: Identifier) {
        identifiers[identifier.type, default: []].insert(identifier.value)
    }

    /// Older first: earlier creation time, then smaller id. The oldest profile of a
    /// merge wins, so links, URLs and exports that name it stay valid, and every
    /// instance agrees on the winner.
    public static func isOlder(_ lhs: ProfileSnapshot, than rhs: ProfileSnapshot) -> Bool {
        if lhs.createdAt != rhs.createdAt { return lhs.createdAt < rhs.createdAt }
        return lhs.id < rhs.id
    }
}
