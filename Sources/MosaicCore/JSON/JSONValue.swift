/// A JSON document as a value: what tracking bodies, traits and stored event bodies are made of.
///
/// Integers that fit in `Int64` stay exact as `.int` (ids, cents and counters must not pass
/// through a `Double`); every other number is a `.double`. `.int(1)` and `.double(1.0)` are
/// different values: the representation follows the text that was sent (`1` vs `1.0`).
/// Objects keep their members in insertion order so serialised output reads like the input.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    /// An integer literal without fraction or exponent that fits in `Int64`.
    case int(Int64)
    /// Any other number; always finite when produced by the parser.
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)
}
