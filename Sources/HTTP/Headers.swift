/// HTTP header fields in wire order. Order and duplicates are kept because they matter
/// (RFC 9110 §5.3: `Set-Cookie`, list-valued fields); lookups are ASCII case-insensitive.
public struct Headers: Sendable, Sequence, ExpressibleByDictionaryLiteral, CustomStringConvertible {
    public typealias Element = (name: String, value: String)

    @usableFromInline var fields: [Element]

    public init() { fields = [] }

    public init(_ pairs: [(String, String)]) {
        fields = pairs.map { (name: $0.0, value: $0.1) }
    }

    public init(dictionaryLiteral elements: (String, String)...) {
        fields = elements.map { (name: $0.0, value: $0.1) }
    }

    /// The first value of the field `name`, or nil when absent.
    public subscript(name: String) -> String? {
        for field in fields where Headers.namesEqual(field.name, name) { return field.value }
        return nil
    }

    /// Every value of the field `name`, in order (for list-valued or repeated fields).
    public func values(for name: String) -> [String] {
        fields.filter { Headers.namesEqual($0.name, name) }.map(\.value)
    }

    public func contains(_ name: String) -> Bool { self[name] != nil }

    /// Appends a field, keeping existing ones with the same name.
    public mutating func add(_ name: String, _ value: String) {
        fields.append((name: name, value: value))
    }

    /// Replaces every field named `name` with a single one.
    public mutating func set(_ name: String, _ value: String) {
        remove(name)
        fields.append((name: name, value: value))
    }

    public mutating func remove(_ name: String) {
        fields.removeAll { Headers.namesEqual($0.name, name) }
    }

    public var count: Int { fields.count }
    public var isEmpty: Bool { fields.isEmpty }

    public func makeIterator() -> IndexingIterator<[Element]> { fields.makeIterator() }

    /// Credentials and cookies are redacted so headers can be logged safely.
    public var description: String {
        let shown = fields.map { field -> String in
            let secret = ["authorization", "cookie", "set-cookie", "proxy-authorization"]
                .contains { Headers.namesEqual($0, field.name) }
            return "\(field.name): \(secret ? "<redacted>" : field.value)"
        }
        return "[" + shown.joined(separator: ", ") + "]"
    }

    /// ASCII case-insensitive comparison without allocating (field names are ASCII tokens).
    /// Lookups compare against every field, and most differ in length: that is checked first.
    static func namesEqual(_ lhs: String, _ rhs: String) -> Bool {
        guard lhs.utf8.count == rhs.utf8.count else { return false }
        var left = lhs.utf8.makeIterator()
        var right = rhs.utf8.makeIterator()
        while true {
            switch (left.next(), right.next()) {
            case (nil, nil):
                return true
            case let (l?, r?):
                if l != r && lowerASCII(l) != lowerASCII(r) { return false }
            default:
                return false
            }
        }
    }

    @inline(__always)
    static func lowerASCII(_ byte: UInt8) -> UInt8 {
        (byte >= 0x41 && byte <= 0x5A) ? byte | 0x20 : byte
    }

    /// Comma-separated list elements across every field named `name`, trimmed, lower-cased
    /// (RFC 9110 §5.6.1), for token lists such as `Connection` and `Transfer-Encoding`.
    func tokens(for name: String) -> [String] {
        var result: [String] = []
        for field in fields where Headers.namesEqual(field.name, name) {
            for part in field.value.split(separator: ",", omittingEmptySubsequences: false) {
                result.append(part.trimmingOWS().lowercased())
            }
        }
        return result
    }
}

extension Substring {
    /// Strips optional whitespace (SP / HTAB, RFC 9110 §5.6.3) from both ends.
    func trimmingOWS() -> Substring {
        var view = self
        while let first = view.first, first == " " || first == "\t" { view = view.dropFirst() }
        while let last = view.last, last == " " || last == "\t" { view = view.dropLast() }
        return view
    }
}
