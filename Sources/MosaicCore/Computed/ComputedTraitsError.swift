/// Stored computed state that cannot be read back: a bug or a hand-edited `jsonb` column.
/// The resolver can log it (the field, never values) and rebuild the state from history.
public struct ComputedTraitsError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Path of the bad member: `spend.EUR`, `s[3]`.
    public var field: String
    public var message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "invalid stored computed traits at \(field): \(message)" }
}
