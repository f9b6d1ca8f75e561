/// A JSON object that remembers member order.
///
/// Order matters for output people read (stored events, API answers) and costs little:
/// members live in an array; small objects are searched linearly (faster than hashing a
/// handful of keys), and a key → position index is built once an object grows past
/// ``indexThreshold`` members so big objects keep O(1) lookups.
///
/// Keys are unique: setting an existing key replaces its value in place (the parser uses
/// this, so a duplicated key in a document keeps its first position and its last value,
/// as PostgreSQL `jsonb` does). Equality ignores order, as JSON object semantics say.
public struct JSONObject: Sendable {
    /// One member of an object.
    public struct Member: Sendable, Hashable {
        public var key: String
        public var value: JSONValue

        public init(key: String, value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// Objects with more members than this get a hash index.
    static let indexThreshold = 12

    public private(set) var members: [Member]
    private var index: [String: Int]?

    public init() {
        members = []
        index = nil
    }

    public init(minimumCapacity: Int) {
        members = []
        members.reserveCapacity(Swift.max(0, minimumCapacity))
        index = nil
    }

    public var count: Int { members.count }
    public var isEmpty: Bool { members.isEmpty }
    public var keys: [String] { members.map(\.key) }

    /// The value for `key`; assigning `nil` removes the member.
    public subscript(key: String) -> JSONValue? {
        get {
            guard let position = position(of: key) else { return nil }
            return members[position].value
        }
        set {
            if let newValue {
                set(newValue, for: key)
            } else {
                removeValue(forKey: key)
            }
        }
    }

    /// Whether `key` is present (also when its value is `null`).
    public func contains(_ key: String) -> Bool {
        position(of: key) != nil
    }

    @discardableResult
    public mutating func removeValue(forKey key: String) -> JSONValue? {
        guard let position = position(of: key) else { return nil }
        let removed = members.remove(at: position).value
        rebuildIndex()
        return removed
    }

    /// Adds the members of `other` whose keys are missing here; existing members win.
    ///
    /// This is the "message fields win" merge used for batch-level `context`/`integrations`.
    public mutating func fillMissing(from other: JSONObject) {
        for member in other.members where position(of: member.key) == nil {
            set(member.value, for: member.key)
        }
    }

    func position(of key: String) -> Int? {
        if let index { return index[key] }
        // Lengths first: most keys looked up differ in length from most members, and comparing
        // two unequal strings is a call into the runtime.
        let length = key.utf8.count
        for position in members.indices where members[position].key.utf8.count == length && members[position].key == key {
            return position
        }
        return nil
    }

    private mutating func set(_ value: JSONValue, for key: String) {
        if let position = position(of: key) {
            members[position].value = value
            return
        }
        members.append(Member(key: key, value: value))
        if index != nil {
            index?[key] = members.count - 1
        } else if members.count > Self.indexThreshold {
            rebuildIndex()
        }
    }

    private mutating func rebuildIndex() {
        guard members.count > Self.indexThreshold else {
            index = nil
            return
        }
        var fresh = [String: Int](minimumCapacity: members.count)
        for (position, member) in members.enumerated() { fresh[member.key] = position }
        index = fresh
    }
}

extension JSONObject: Sequence {
    public func makeIterator() -> IndexingIterator<[Member]> {
        members.makeIterator()
    }

    public var underestimatedCount: Int { members.count }
}

extension JSONObject: Hashable {
    /// Order-insensitive, as JSON objects are unordered.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.count == rhs.count else { return false }
        for member in lhs.members where rhs[member.key] != member.value {
            return false
        }
        return true
    }

    /// Combines member hashes commutatively so equal objects in any order hash alike.
    public func hash(into hasher: inout Hasher) {
        var combined = 0
        for member in members {
            combined = combined &+ member.hashValue
        }
        hasher.combine(count)
        hasher.combine(combined)
    }
}
