/// The ring's stored form read and written as JSON text directly, without a `JSONValue` tree:
/// the resolver reads and rewrites the ring of every profile a batch lands on, and building,
/// comparing and serialising trees for it was a large share of the resolver's own CPU.
extension RecentEvents {
    /// The stored form for `profiles.recent_events`, newest first:
    /// `[[id,messageId,type,name|null,timestampµs,receivedAtµs],…]`, written straight from the
    /// events. Migration 0009's `mosaic_rebuild_recent_events` writes the same form (its comment
    /// names `RecentEvents.stored`, the tree-building writer this replaced; applied migrations are
    /// checksummed, so the comment stays), and `MosaicServerTests.RecentEventsTests` checks that a
    /// rebuild changes no ring the resolver wrote.
    public func serialized() -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(2 &+ events.count &* 96)
        output.append(UInt8(ascii: "["))
        for (index, event) in events.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            output.append(UInt8(ascii: "["))
            JSONValue.appendDecimal(event.id, to: &output)
            output.append(UInt8(ascii: ","))
            JSONValue.serializeString(event.messageID, into: &output)
            output.append(UInt8(ascii: ","))
            JSONValue.serializeString(event.type, into: &output)
            output.append(UInt8(ascii: ","))
            if let name = event.name {
                JSONValue.serializeString(name, into: &output)
            } else {
                output.append(contentsOf: "null".utf8)
            }
            output.append(UInt8(ascii: ","))
            JSONValue.appendDecimal(event.timestampMicros, to: &output)
            output.append(UInt8(ascii: ","))
            JSONValue.appendDecimal(event.receivedAtMicros, to: &output)
            output.append(UInt8(ascii: "]"))
        }
        output.append(UInt8(ascii: "]"))
        return output
    }

    /// Reads the stored form from JSON text, as PostgreSQL prints it (`[[1, "m", …], …]`) or as
    /// ``serialized()`` writes it. Text of the ring's own shape with plain strings is read in one
    /// pass; anything else (escapes, other layouts, text past the general parser's size limit)
    /// goes through the general parser, so the answer is always that of ``init(stored:)``.
    /// - Throws: ``ComputedTraitsError`` for text that is not a ring.
    public init(storedText text: String) throws(ComputedTraitsError) {
        if let events = Self.scanned(text) {
            self.init(ordering: events)
            return
        }
        guard let value = try? JSONValue.parse(text) else {
            throw ComputedTraitsError(field: "", message: "not JSON")
        }
        try self.init(stored: value)
    }

    /// The events of a ring's text when it has the common shape; nil sends it to the general parser.
    static func scanned(_ text: String) -> [EventSummary]? {
        var text = text
        guard text.utf8.count <= JSONLimits().maxBytes else { return nil }
        return text.withUTF8 { bytes in
            var scanner = RingScanner(bytes: bytes)
            return scanner.events()
        }
    }
}

/// One pass over a ring's JSON text; nil as soon as the text leaves the common shape.
private struct RingScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    mutating func events() -> [EventSummary]? {
        guard take(UInt8(ascii: "[")) else { return nil }
        var events: [EventSummary] = []
        if take(UInt8(ascii: "]")) { return atEnd() ? events : nil }
        repeat {
            guard take(UInt8(ascii: "[")), let id = integer(), take(UInt8(ascii: ",")),
                  let messageID = string(), take(UInt8(ascii: ",")),
                  let type = string(), take(UInt8(ascii: ",")),
                  let name = nullableString(), take(UInt8(ascii: ",")),
                  let timestamp = integer(), take(UInt8(ascii: ",")),
                  let receivedAt = integer(), take(UInt8(ascii: "]")) else { return nil }
            events.append(EventSummary(id: id, messageID: messageID, type: type, name: name,
                                       timestampMicros: timestamp, receivedAtMicros: receivedAt))
        } while take(UInt8(ascii: ","))
        return take(UInt8(ascii: "]")) && atEnd() ? events : nil
    }

    private mutating func skipSpace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position &+= 1
            default: return
            }
        }
    }

    private mutating func take(_ byte: UInt8) -> Bool {
        skipSpace()
        guard position < bytes.count, bytes[position] == byte else { return false }
        position &+= 1
        return true
    }

    private mutating func atEnd() -> Bool {
        skipSpace()
        return position == bytes.count
    }

    /// An optional minus and digits, within Int64; a fraction or exponent is not an integer here.
    private mutating func integer() -> Int64? {
        skipSpace()
        let negative = position < bytes.count && bytes[position] == UInt8(ascii: "-")
        if negative { position &+= 1 }
        let start = position
        var magnitude: UInt64 = 0
        while position < bytes.count, case let digit = bytes[position] &- UInt8(ascii: "0"), digit < 10 {
            let (times10, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(digit))
            guard !overflow1, !overflow2 else { return nil }
            magnitude = sum
            position &+= 1
        }
        guard position > start, position - start == 1 || bytes[start] != UInt8(ascii: "0") else { return nil }
        if position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"): return nil
            default: break
            }
        }
        if negative {
            return magnitude <= UInt64(Int64.max) &+ 1 ? Int64(truncatingIfNeeded: 0 &- magnitude) : nil
        }
        return magnitude <= UInt64(Int64.max) ? Int64(magnitude) : nil
    }

    /// A string without escapes or control characters, in valid UTF-8.
    private mutating func string() -> String? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        let start = position
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let text = String(validating: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
                position &+= 1
                return text
            }
            guard byte >= 0x20, byte != UInt8(ascii: "\\") else { return nil }
            position &+= 1
        }
        return nil
    }

    /// `null` (→ `.some(nil)`) or a string; nil when it is neither.
    private mutating func nullableString() -> String?? {
        skipSpace()
        if bytes[position...].starts(with: "null".utf8) {
            position &+= 4
            return .some(nil)
        }
        return string().map { .some($0) }
    }
}
