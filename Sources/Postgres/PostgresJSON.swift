/// JSON text sent as `jsonb` and read back from `json`/`jsonb` columns unchanged.
///
/// A wrapper rather than a bare String so the bind carries the jsonb OID (no `::jsonb` cast
/// needed) and so callers decide where JSON parsing happens — usually not in the database layer.
public struct PostgresJSON: Hashable, Sendable, PostgresEncodable, PostgresDecodable, PostgresArrayElement {
    public var text: String

    public init(_ text: String) { self.text = text }

    public var postgresValue: PostgresValue { PostgresValue(text: text, type: .jsonb) }

    public static var postgresArrayType: PostgresType { .jsonbArray }

    public static func decode(postgresText bytes: UnsafeBufferPointer<UInt8>, type: PostgresType) -> PostgresJSON? {
        PostgresJSON(String(decoding: bytes, as: UTF8.self))
    }
}
