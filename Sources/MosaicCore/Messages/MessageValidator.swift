import Foundation

/// Validates one message object against the Segment Spec, reporting errors at `itemPath`.
///
/// Checks run in this order and the first failure is reported: the value is an object; its
/// size; `type`; identity (`userId`/`anonymousId`, or `previousId` + `userId` for alias); the
/// call's own required field (`event` for track, `groupId` for group) and optional texts
/// (`name`, `category`); `traits`/`properties`/`context`/`integrations` are objects;
/// `messageId`; timestamps. `null` counts as absent everywhere, and so does an empty or
/// all-whitespace string for ids and names.
struct MessageValidator {
    let expectedType: MessageType?
    /// `batch[3]` for batch items, `nil` for a body that is itself the message.
    let itemPath: String?
    let index: Int?
    let receivedAt: Date
    let limits: MessageLimits
    var batchContext = JSONObject()
    var batchIntegrations = JSONObject()
    var batchSentAt: Date?
    /// Set as `context.ip` on messages of client-side libraries that carry none.
    var clientIP: String?

    init(expectedType: MessageType?, itemPath: String?, index: Int?, receivedAt: Date, limits: MessageLimits) {
        self.expectedType = expectedType
        self.itemPath = itemPath
        self.index = index
        self.receivedAt = receivedAt
        self.limits = limits
    }

    func validate(_ value: JSONValue, makeMessageID: () -> String) throws(MessageError) -> TrackingMessage {
        guard case .object(let object) = value else {
            throw failure(.notAnObject, "message must be a JSON object, got \(value.kindName)", field: itemPath)
        }
        guard value.serializedByteCount(isAtMost: limits.maxMessageBytes) else {
            throw failure(
                .messageTooLarge, "message is \(value.serializedByteCount) bytes, over the \(limits.maxMessageBytes)-byte limit",
                field: itemPath
            )
        }
        let type = try messageType(object)

        let userId = try identifier("userId", in: object, maxBytes: limits.maxStringFieldBytes)
        let anonymousId = try identifier("anonymousId", in: object, maxBytes: limits.maxStringFieldBytes)
        var previousId: String?
        if type == .alias {
            previousId = try identifier("previousId", in: object, maxBytes: limits.maxStringFieldBytes)
            guard previousId != nil else { throw failure(.missingField, "previousId is required for alias", key: "previousId") }
            guard userId != nil else { throw failure(.missingField, "userId is required for alias", key: "userId") }
        } else if userId == nil, anonymousId == nil {
            throw failure(.missingField, "userId or anonymousId is required", key: "userId")
        }

        var event: String?
        var groupId: String?
        var name: String?
        var category: String?
        switch type {
        case .track:
            event = try text("event", in: object)
            guard event != nil else { throw failure(.missingField, "event is required for track", key: "event") }
        case .group:
            groupId = try identifier("groupId", in: object, maxBytes: limits.maxStringFieldBytes)
            guard groupId != nil else { throw failure(.missingField, "groupId is required for group", key: "groupId") }
        case .page, .screen:
            name = try text("name", in: object)
            category = try text("category", in: object)
        case .identify, .alias:
            break
        }

        let traits = try self.object("traits", in: object)
        let properties = try self.object("properties", in: object)
        var context = try self.object("context", in: object)
        context.fillMissing(from: batchContext)
        if let clientIP, context["ip"] == nil, ClientSideLibraries.sent(context) {
            context["ip"] = .string(clientIP)
        }
        var integrations = try self.object("integrations", in: object)
        integrations.fillMissing(from: batchIntegrations)

        let clientMessageId = try identifier("messageId", in: object, maxBytes: limits.maxMessageIdBytes)
        let timestamps = MessageTimestamps(
            timestamp: try timestamp("timestamp", in: object),
            originalTimestamp: try timestamp("originalTimestamp", in: object),
            sentAt: try timestamp("sentAt", in: object) ?? batchSentAt,
            receivedAt: receivedAt
        )
        // Valid timestamps can still skew-correct to an impossible time (a device clock that
        // claims the event waited 8,000 years); stored, it would become ±infinity or make the
        // database refuse the whole batch. Refuse this message alone.
        guard Self.storableTimes.contains(timestamps.timestamp) else {
            throw failure(.invalidTimestamp, "the event time falls outside years 0001-9999",
                          key: timestamps.sentAt == nil ? "timestamp" : "sentAt")
        }
        return TrackingMessage(
            type: type,
            messageId: clientMessageId ?? makeMessageID(),
            messageIdWasGenerated: clientMessageId == nil,
            userId: userId,
            anonymousId: anonymousId,
            event: event,
            name: name,
            category: category,
            groupId: groupId,
            previousId: previousId,
            traits: traits,
            properties: properties,
            context: context,
            integrations: integrations,
            timestamps: timestamps,
            raw: object
        )
    }

    /// 0001-01-01T00:00:00Z ... 9999-12-31T23:59:59.999Z: what `ISO8601Timestamp` can write,
    /// so the stored body and the `timestamp` column always agree.
    static let storableTimes = Date(timeIntervalSince1970: -62_135_596_800)...Date(timeIntervalSince1970: 253_402_300_799.999)

    // MARK: Field readers (internal so batch-level fields share them)

    func messageType(_ object: JSONObject) throws(MessageError) -> MessageType {
        switch object["type"] {
        case nil, .null?:
            guard let expectedType else { throw failure(.missingField, "type is required", key: "type") }
            return expectedType
        case .string(let text)?:
            guard let type = MessageType(rawValue: text) ?? MessageType(rawValue: text.lowercased()) else {
                throw failure(.unknownType, "type must be one of identify, track, page, screen, group, alias", key: "type")
            }
            if let expectedType, type != expectedType {
                throw failure(.typeMismatch, "type \(type.rawValue) does not match the \(expectedType.rawValue) endpoint", key: "type")
            }
            return type
        case let other?:
            throw failure(.invalidType, "type must be a string, got \(other.kindName)", key: "type")
        }
    }

    /// An id: a string, or a number converted to its decimal text as Segment does.
    func identifier(_ key: String, in object: JSONObject, maxBytes: Int) throws(MessageError) -> String? {
        let value: String
        switch object[key] {
        case nil, .null?:
            return nil
        case .string(let text)?:
            value = text
        case .int(let number)?:
            value = String(number)
        case .double(let number)?:
            value = Int64(exactly: number).map { String($0) } ?? number.description
        case let other?:
            throw failure(.invalidType, "\(key) must be a string or number, got \(other.kindName)", key: key)
        }
        return try checked(value, key: key, maxBytes: maxBytes)
    }

    /// A name-like string (`event`, `name`, `category`); numbers are not accepted.
    func text(_ key: String, in object: JSONObject) throws(MessageError) -> String? {
        switch object[key] {
        case nil, .null?:
            return nil
        case .string(let text)?:
            return try checked(text, key: key, maxBytes: limits.maxStringFieldBytes)
        case let other?:
            throw failure(.invalidType, "\(key) must be a string, got \(other.kindName)", key: key)
        }
    }

    func object(_ key: String, in object: JSONObject) throws(MessageError) -> JSONObject {
        switch object[key] {
        case nil, .null?:
            return JSONObject()
        case .object(let member)?:
            return member
        case let other?:
            throw failure(.invalidType, "\(key) must be an object, got \(other.kindName)", key: key)
        }
    }

    func timestamp(_ key: String, in object: JSONObject) throws(MessageError) -> Date? {
        switch object[key] {
        case nil, .null?:
            return nil
        case .string(let text)?:
            guard let date = ISO8601Timestamp.parse(text) else {
                throw failure(.invalidTimestamp, "\(key) is not an ISO-8601 timestamp with a time zone", key: key)
            }
            return date
        case let other?:
            throw failure(.invalidTimestamp, "\(key) must be an ISO-8601 string, got \(other.kindName)", key: key)
        }
    }

    private func checked(_ value: String, key: String, maxBytes: Int) throws(MessageError) -> String? {
        // Byte scan, not `Character.isWhitespace`: grapheme iteration costs more than the
        // whole JSON parse. Only ASCII whitespace counts as blank.
        let isBlank = !value.utf8.contains { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }
        if isBlank { return nil }
        guard value.utf8.count <= maxBytes else {
            throw failure(.valueTooLong, "\(key) is longer than \(maxBytes) bytes", key: key)
        }
        return value
    }

    private func failure(_ code: MessageError.Code, _ message: String, key: String) -> MessageError {
        failure(code, message, field: itemPath.map { "\($0).\(key)" } ?? key)
    }

    private func failure(_ code: MessageError.Code, _ message: String, field: String?) -> MessageError {
        MessageError(code: code, message: message, field: field, index: index)
    }
}
