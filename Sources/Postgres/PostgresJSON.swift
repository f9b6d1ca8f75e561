#if canImport(Glibc)
import Glibc
#endif

/// JSON text sent as `jsonb` and read back from `json`/`jsonb` columns unchanged.
///
/// A wrapper rather than a bare String so the bind carries the jsonb OID (no `::jsonb` cast
/// needed) and so callers decide where JSON parsing happens — usually not in the database layer.
/// It holds UTF-8 bytes, so JSON serialised to bytes goes into a bind without becoming a
/// `String` (whose construction validates every byte) on the way.
public struct PostgresJSON: Hashable, Sendable, PostgresEncodable, PostgresDecodable, PostgresArrayElement {
    public var utf8: [UInt8]

    public init(_ text: String) { self.utf8 = Array(text.utf8) }

    /// JSON that is valid UTF-8 already (a serialiser's output).
    public init(utf8: [UInt8]) { self.utf8 = utf8 }

    public var text: String { String(decoding: utf8, as: UTF8.self) }

    public var postgresValue: PostgresValue { PostgresValue(text: text, type: .jsonb) }

    public static var postgresArrayType: PostgresType { .jsonbArray }
    public static var postgresBinaryElementType: PostgresType? { .jsonb }

    /// jsonb's binary format: a version byte (1), then the JSON text.
    public func appendPostgresBinary(to bytes: inout [UInt8]) -> PostgresBinaryElement {
        // memchr: this runs over every byte of every event body a batch insert sends.
        if utf8.withUnsafeBufferPointer({ $0.baseAddress.map { memchr($0, 0, utf8.count) != nil } ?? false }) {
            return .unrepresentable
        }
        bytes.append(1)
        bytes.append(contentsOf: utf8)
        return .value
    }

    public static func decode(postgresText bytes: UnsafeBufferPointer<UInt8>, type: PostgresType) -> PostgresJSON? {
        PostgresJSON(utf8: Array(bytes))
    }
}
