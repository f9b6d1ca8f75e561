/// One bind parameter in PostgreSQL text format; `nil` in a bind list is SQL NULL.
///
/// Kept as text because libpq's text protocol is what every server type accepts, and the
/// type OID travels with it so polymorphic functions (`unnest`, `= ANY`) can resolve.
public struct PostgresValue: Hashable, Sendable {
    public var text: String
    public var type: PostgresType

    public init(text: String, type: PostgresType = .unknown) {
        self.text = text
        self.type = type
    }
}
