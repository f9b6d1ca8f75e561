import Foundation

/// What one message, REST call or import row says about a person: the identifiers it carries
/// (normalised), the raw values that were not identifiers and why, and the traits it sets.
/// The resolver plans on `identifiers` and applies `traits` to the profile it lands on.
public struct Fragment: Sendable, Equatable {
    /// A raw value that failed normalisation: kept out of the graph, counted and reported.
    public struct Rejected: Sendable, Equatable {
        public let type: IdentifierType
        public let error: NormalizationError
    }

    /// Distinct, normalised; order is irrelevant to the planner.
    public var identifiers: [Identifier]
    public var rejected: [Rejected]
    public var traits: TraitUpdate<JSONValue>

    public init(identifiers: [Identifier], rejected: [Rejected] = [], traits: TraitUpdate<JSONValue>) {
        self.identifiers = identifiers
        self.rejected = rejected
        self.traits = traits
    }
}
