/// JSON text sent as `jsonb` and read back from `json`/`jsonb` columns unchanged.
///
/// A wrapper rather than a bare String so the bind carries the jsonb OID (no `::jsonb` cast
/// needed) and so callers decide where JSON parsing happens — usually not in the database layer.
public struct PostgresJSON: Hashable, Sendable, PostgresEncodable, PostgresDecodable, PostgresArrayElement {
    public var text: String

    public init(_ text: String) { self.text = text }

    public var postgresValue: PostgresValue { PostgresValue(text: text, type: .jsonb) }

    public static var postgresArrayType: PostgresType { .jsonbArray }
    public static var postgresBinaryElementType: PostgresType? { .jsonb }

    /// jsonb's binary format: a version byte (1), then the JSON text.
    public func appendPostgresBinary(to bytes: inout [UInt8]) -> PostgresBinaryElement {
        let start = bytes.count
        bytes.append(1)
        let outcome = PostgresBinaryArray.appendText(text, to: &bytes)
        if case .unrepresentable = outcome { bytes.removeSubrange(start...) }
        return outcome
    }

    public static func decode(postgresText bytes: UnsafeBufferPointer<UInt8>, type: PostgresType) -> PostgresJSON? {
        PostgresJSON(String(decoding: bytes, as: UTF8.self))
    }
}
