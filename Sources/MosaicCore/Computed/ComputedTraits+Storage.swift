extension ComputedTraits {
    /// The format version written in `"v"`; readers refuse versions they do not know.
    static let storageVersion: Int64 = 1

    /// The state as a compact JSON object for the `profiles.computed` `jsonb` column.
    ///
    /// Short keys, integers only (minor units, epoch milliseconds, UTC day numbers), empty
    /// parts omitted, members sorted so equal states serialise identically:
    /// `{"v":1,"spend":{"EUR":[orders,gross,refunded,returns]},"first":ms,"last":ms,"seen":ms,
    /// "cat":{"shoes":3},"ch":{"web":2},"day":19800,"pv":[[day,count]],"s":[[start,end]],"ks":{"id":lastMillis}}`.
    public var stored: JSONValue {
        var object = JSONObject()
        object["v"] = .int(Self.storageVersion)
        if !spend.isEmpty {
            var money = JSONObject()
            for (currency, value) in spend.sorted(by: { $0.key < $1.key }) {
                money[currency.rawValue] = [.int(value.orders), .int(value.gross), .int(value.refunded), .int(value.returns)]
            }
            object["spend"] = .object(money)
        }
        if let firstOrderMillis { object["first"] = .int(firstOrderMillis) }
        if let lastOrderMillis { object["last"] = .int(lastOrderMillis) }
        if let lastSeenMillis { object["seen"] = .int(lastSeenMillis) }
        if !categoryUnits.isEmpty {
            var categories = JSONObject()
            for (name, units) in categoryUnits.sorted(by: { $0.key < $1.key }) { categories[name] = .int(units) }
            object["cat"] = .object(categories)
        }
        if !channelOrders.isEmpty {
            var channels = JSONObject()
            for (channel, count) in channelOrders.sorted(by: { $0.key < $1.key }) { channels[channel.rawValue] = .int(count) }
            object["ch"] = .object(channels)
        }
        if let day = activity.newestDay { object["day"] = .int(day) }
        if !activity.pageViewsByDay.isEmpty {
            object["pv"] = .array(activity.pageViewsByDay.sorted { $0.key < $1.key }.map { [.int($0.key), .int($0.value)] })
        }
        if !activity.spans.isEmpty {
            object["s"] = .array(activity.spans.map { [.int($0.start), .int($0.end)] })
        }
        if !activity.keyedLastSeen.isEmpty {
            var keyed = JSONObject()
            for (key, last) in activity.keyedLastSeen.sorted(by: { $0.key < $1.key }) { keyed[key] = .int(last) }
            object["ks"] = .object(keyed)
        }
        return .object(object)
    }

    /// Reads what ``stored`` wrote. `null` or `{}` is the empty state (a new profile).
    /// - Throws: ``ComputedTraitsError`` naming the bad member.
    public init(stored value: JSONValue) throws(ComputedTraitsError) {
        self.init()
        if value.isNull { return }
        guard case .object(let object) = value else { throw ComputedTraitsError(field: "", message: "not an object") }
        if object.isEmpty { return }
        guard object["v"] == .int(Self.storageVersion) else {
            throw ComputedTraitsError(field: "v", message: "unknown storage version")
        }
        for member in try Self.object(object["spend"], "spend") {
            let field = "spend.\(member.key)"
            guard let currency = CurrencyCode(rawValue: member.key) else {
                throw ComputedTraitsError(field: field, message: "not a currency code")
            }
            let numbers = try Self.integers(member.value, field, count: 4)
            spend[currency] = CurrencySpend(orders: numbers[0], gross: numbers[1], refunded: numbers[2], returns: numbers[3])
        }
        firstOrderMillis = try Self.integer(object["first"], "first")
        lastOrderMillis = try Self.integer(object["last"], "last")
        lastSeenMillis = try Self.integer(object["seen"], "seen")
        for member in try Self.object(object["cat"], "cat") {
            categoryUnits[member.key] = try Self.required(member.value, "cat.\(member.key)")
        }
        for member in try Self.object(object["ch"], "ch") {
            guard let channel = OrderChannel(rawValue: member.key) else {
                throw ComputedTraitsError(field: "ch.\(member.key)", message: "unknown channel")
            }
            channelOrders[channel] = try Self.required(member.value, "ch.\(member.key)")
        }
        activity.newestDay = try Self.integer(object["day"], "day")
        for (index, pair) in try Self.array(object["pv"], "pv").enumerated() {
            let numbers = try Self.integers(pair, "pv[\(index)]", count: 2)
            activity.pageViewsByDay[numbers[0]] = numbers[1]
        }
        for (index, pair) in try Self.array(object["s"], "s").enumerated() {
            let numbers = try Self.integers(pair, "s[\(index)]", count: 2)
            guard numbers[0] <= numbers[1] else { throw ComputedTraitsError(field: "s[\(index)]", message: "ends before it starts") }
            // Through insert, so hand-edited overlapping or unsorted spans come back canonical.
            activity.insert(ActivityWindow.Span(start: numbers[0], end: numbers[1]))
        }
        for member in try Self.object(object["ks"], "ks") {
            activity.keyedLastSeen[member.key] = try Self.required(member.value, "ks.\(member.key)")
        }
        activity.prune()
    }

    private static func integer(_ value: JSONValue?, _ field: String) throws(ComputedTraitsError) -> Int64? {
        guard let value, !value.isNull else { return nil }
        guard case .int(let number) = value else { throw ComputedTraitsError(field: field, message: "not an integer") }
        return number
    }

    private static func required(_ value: JSONValue, _ field: String) throws(ComputedTraitsError) -> Int64 {
        guard case .int(let number) = value else { throw ComputedTraitsError(field: field, message: "not an integer") }
        return number
    }

    private static func integers(_ value: JSONValue, _ field: String, count: Int) throws(ComputedTraitsError) -> [Int64] {
        guard case .array(let elements) = value, elements.count == count else {
            throw ComputedTraitsError(field: field, message: "not an array of \(count) integers")
        }
        var numbers: [Int64] = []
        for element in elements { numbers.append(try required(element, field)) }
        return numbers
    }

    private static func object(_ value: JSONValue?, _ field: String) throws(ComputedTraitsError) -> JSONObject {
        guard let value, !value.isNull else { return JSONObject() }
        guard case .object(let object) = value else { throw ComputedTraitsError(field: field, message: "not an object") }
        return object
    }

    private static func array(_ value: JSONValue?, _ field: String) throws(ComputedTraitsError) -> [JSONValue] {
        guard let value, !value.isNull else { return [] }
        guard case .array(let array) = value else { throw ComputedTraitsError(field: field, message: "not an array") }
        return array
    }
}
