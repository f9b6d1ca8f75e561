extension TrackingMessage {
    /// The JSON object to store as the event body: the raw message with the normalised
    /// fields written back, so readers never need to repeat validation or skew correction.
    ///
    /// Written back: `type`, `messageId` (generated when absent), `userId`/`anonymousId`/
    /// `previousId`/`groupId` as strings, `context`/`integrations` with batch-level members
    /// merged in, and `timestamp`, `originalTimestamp`, `sentAt`, `receivedAt` as ISO-8601 UTC
    /// with milliseconds. `writeKey` is removed: it is a credential, not event data.
    /// Members keep the client's order; new ones are appended.
    public func storedObject() -> JSONObject {
        var object = raw
        object.removeValue(forKey: "writeKey")
        for (key, value) in writtenBack() { object[key] = value }
        return object
    }

    /// ``storedObject()`` serialised (the same bytes), written in one pass over the raw members
    /// without building the object: copying the raw message and setting a dozen keys in it was
    /// about a tenth of ingestion's CPU per event.
    public func storedBody() -> [UInt8] {
        let written = writtenBack()
        var used: UInt32 = 0
        var output: [UInt8] = []
        output.reserveCapacity(768)
        output.append(UInt8(ascii: "{"))
        func member(_ key: String, _ value: JSONValue) {
            if output.count > 1 { output.append(UInt8(ascii: ",")) }
            JSONValue.serializeString(key, into: &output)
            output.append(UInt8(ascii: ":"))
            value.serialize(into: &output)
        }
        for raw in raw.members where raw.key != "writeKey" {
            if let position = written.firstIndex(where: { $0.key == raw.key }) {
                used |= 1 << position
                member(raw.key, written[position].value)
            } else {
                member(raw.key, raw.value)
            }
        }
        for (position, new) in written.enumerated() where used & (1 << position) == 0 {
            member(new.key, new.value)
        }
        output.append(UInt8(ascii: "}"))
        return output
    }

    /// The normalised members written over the raw message, in the order they are appended
    /// when the client did not send them.
    private func writtenBack() -> [(key: String, value: JSONValue)] {
        var written: [(key: String, value: JSONValue)] = []
        written.reserveCapacity(12)
        written.append(("type", .string(type.rawValue)))
        written.append(("messageId", .string(messageId)))
        let identifiers: [(String, String?)] = [
            ("userId", userId), ("anonymousId", anonymousId), ("previousId", previousId), ("groupId", groupId),
        ]
        for (key, value) in identifiers {
            if let value { written.append((key, .string(value))) }
        }
        if !context.isEmpty || raw.contains("context") { written.append(("context", .object(context))) }
        if !integrations.isEmpty || raw.contains("integrations") {
            written.append(("integrations", .object(integrations)))
        }
        written.append(("timestamp", .string(ISO8601Timestamp.format(timestamps.timestamp))))
        if let original = timestamps.originalTimestamp {
            written.append(("originalTimestamp", .string(ISO8601Timestamp.format(original))))
        }
        if let sentAt = timestamps.sentAt {
            written.append(("sentAt", .string(ISO8601Timestamp.format(sentAt))))
        }
        written.append(("receivedAt", .string(ISO8601Timestamp.format(timestamps.receivedAt))))
        return written
    }
}
