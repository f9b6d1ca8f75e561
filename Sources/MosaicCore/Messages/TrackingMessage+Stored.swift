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
        object["type"] = .string(type.rawValue)
        object["messageId"] = .string(messageId)
        let identifiers: [(String, String?)] = [
            ("userId", userId), ("anonymousId", anonymousId), ("previousId", previousId), ("groupId", groupId),
        ]
        for (key, value) in identifiers {
            if let value { object[key] = .string(value) }
        }
        if !context.isEmpty || object.contains("context") { object["context"] = .object(context) }
        if !integrations.isEmpty || object.contains("integrations") {
            object["integrations"] = .object(integrations)
        }
        object["timestamp"] = .string(ISO8601Timestamp.format(timestamps.timestamp))
        if let original = timestamps.originalTimestamp {
            object["originalTimestamp"] = .string(ISO8601Timestamp.format(original))
        }
        if let sentAt = timestamps.sentAt {
            object["sentAt"] = .string(ISO8601Timestamp.format(sentAt))
        }
        object["receivedAt"] = .string(ISO8601Timestamp.format(timestamps.receivedAt))
        return object
    }
}
