/// One bind parameter; `nil` in a bind list is SQL NULL.
///
/// Scalars travel as text, because libpq's text protocol is what every server type accepts.
/// Arrays of the common element types travel in binary format (`binary`): building them is a
/// copy per element rather than a quoting pass over every byte, and the server reads them
/// without parsing an array literal — group commits bind arrays of hundreds of JSON bodies.
/// The type OID travels with either, so polymorphic functions (`unnest`, `= ANY`) resolve.
public struct PostgresValue: Hashable, Sendable {
    /// The value in text format; empty when `binary` is set.
    public var text: String
    /// The value in PostgreSQL's binary send format of `type`, sent instead of `text`.
    public var binary: [UInt8]?
    public var type: PostgresType

    public init(text: String, type: PostgresType = .unknown) {
        self.text = text
        self.binary = nil
        self.type = type
    }

    public init(binary: [UInt8], type: PostgresType) {
        self.text = ""
        self.binary = binary
        self.type = type
    }

    /// The texts a server error about this bind might quote, for redaction: the value itself,
    /// or the text and JSON elements of a binary array.
    var quotableTexts: [String] {
        guard let binary else { return [text] }
        return PostgresBinaryArray.textElements(of: binary)
    }
}
