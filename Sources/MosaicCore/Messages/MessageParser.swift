import Foundation

/// Turns tracking request bodies into validated ``TrackingMessage``s. One entry point serves
/// every endpoint so `/v1/track` and a `track` item inside `/v1/batch` follow the same rules.
public enum MessageParser {
    /// The default `messageId` generator: a random lower-case UUID, like Segment's SDKs.
    public static func randomMessageID() -> String {
        UUID().uuidString.lowercased()
    }

    /// Parses and validates one request body.
    ///
    /// Body-level problems throw: over ``MessageLimits/maxBatchBytes`` (`batch_too_large` on
    /// the batch endpoint, `message_too_large` on the others), not JSON, not an object, and for
    /// batches a missing/non-array/empty/oversized `batch` or a malformed batch-level
    /// `context`/`integrations`/`sentAt`/`writeKey`. On a single-message endpoint the body is
    /// the message, so its validation errors throw too; `accepted` then has exactly one entry.
    /// On the batch endpoint each item is validated on its own and a bad item lands in
    /// `rejected` with its index; valid items are never dropped. An escaped `\u0000` in the body
    /// is read as U+FFFD, since PostgreSQL `jsonb` cannot store NUL.
    ///
    /// Batch-level `context` and `integrations` are merged into every item one level deep:
    /// the item's own keys win, batch keys fill in the rest (`context.library` from the item
    /// replaces the batch's whole `context.library`). A batch-level `sentAt` applies to items
    /// without their own.
    ///
    /// - Parameters:
    ///   - body: the raw request body.
    ///   - endpoint: the type the URL implies (`/v1/track` → `.track`), `nil` for `/v1/batch`.
    ///   - receivedAt: server time of receipt (MosaicCore never reads the clock itself).
    ///   - limits: size bounds.
    ///   - makeMessageID: called once per accepted message that has no `messageId`.
    ///   - clientIP: the sender's address, set as `context.ip` on messages of client-side
    ///     libraries that carry none (see ``ClientSideLibraries``); nil sets nothing.
    /// - Throws: ``MessageError`` for body-level problems (see above).
    public static func parse(
        body: some Collection<UInt8>,
        endpoint: MessageType?,
        receivedAt: Date,
        limits: MessageLimits = MessageLimits(),
        clientIP: String? = nil,
        makeMessageID: () -> String = MessageParser.randomMessageID
    ) throws(MessageError) -> ParsedRequest {
        guard body.count <= limits.maxBatchBytes else {
            throw MessageError(
                code: endpoint == nil ? .batchTooLarge : .messageTooLarge,
                message: "request body is over the \(limits.maxBatchBytes)-byte limit"
            )
        }
        let root = try parseRootObject(body, limits: limits)
        let writeKey = try readWriteKey(root)
        if let endpoint {
            var validator = MessageValidator(
                expectedType: endpoint, itemPath: nil, index: nil, receivedAt: receivedAt, limits: limits
            )
            validator.clientIP = clientIP
            let message = try validator.validate(.object(root), makeMessageID: makeMessageID)
            return ParsedRequest(writeKey: writeKey, accepted: [.init(index: 0, message: message)], rejected: [])
        }
        return try parseBatch(root, writeKey: writeKey, receivedAt: receivedAt, limits: limits, clientIP: clientIP,
                              makeMessageID: makeMessageID)
    }

    /// Validates one message that is already parsed (an NDJSON import line, a replayed event).
    /// Parse such input with `JSONLimits(replacesNullCharacter: true)` so it can be stored.
    ///
    /// - Parameter type: the type to require, or `nil` when the message must carry its own `type`.
    /// - Throws: ``MessageError`` with the field at fault; `index` is `nil`.
    public static func validateMessage(
        _ value: JSONValue,
        type: MessageType?,
        receivedAt: Date,
        limits: MessageLimits = MessageLimits(),
        makeMessageID: () -> String = MessageParser.randomMessageID
    ) throws(MessageError) -> TrackingMessage {
        let validator = MessageValidator(expectedType: type, itemPath: nil, index: nil, receivedAt: receivedAt, limits: limits)
        return try validator.validate(value, makeMessageID: makeMessageID)
    }

    private static func parseRootObject(_ body: some Collection<UInt8>, limits: MessageLimits) throws(MessageError) -> JSONObject {
        let value: JSONValue
        do throws(JSONError) {
            let jsonLimits = JSONLimits(maxBytes: limits.maxBatchBytes, maxDepth: limits.maxDepth, replacesNullCharacter: true)
            value = try JSONValue.parse(body, limits: jsonLimits)
        } catch {
            throw MessageError(code: .invalidJSON, message: "body is not valid JSON: \(error)")
        }
        guard case .object(let root) = value else {
            throw MessageError(code: .notAnObject, message: "body must be a JSON object, got \(value.kindName)")
        }
        return root
    }

    private static func readWriteKey(_ root: JSONObject) throws(MessageError) -> String? {
        switch root["writeKey"] {
        case nil, .null?:
            return nil
        case .string(let key)?:
            return key.isEmpty ? nil : key
        case let other?:
            throw MessageError(code: .invalidType, message: "writeKey must be a string, got \(other.kindName)", field: "writeKey")
        }
    }

    private static func parseBatch(
        _ root: JSONObject,
        writeKey: String?,
        receivedAt: Date,
        limits: MessageLimits,
        clientIP: String?, makeMessageID: () -> String
    ) throws(MessageError) -> ParsedRequest {
        let items: [JSONValue]
        switch root["batch"] {
        case nil, .null?:
            throw MessageError(code: .missingField, message: "batch is required", field: "batch")
        case .array(let array)?:
            items = array
        case let other?:
            throw MessageError(code: .invalidType, message: "batch must be an array, got \(other.kindName)", field: "batch")
        }
        guard !items.isEmpty else {
            throw MessageError(code: .emptyBatch, message: "batch has no messages", field: "batch")
        }
        guard items.count <= limits.maxBatchMessages else {
            throw MessageError(
                code: .tooManyMessages,
                message: "batch has \(items.count) messages, over the limit of \(limits.maxBatchMessages)",
                field: "batch"
            )
        }
        let shared = MessageValidator(expectedType: nil, itemPath: nil, index: nil, receivedAt: receivedAt, limits: limits)
        let context = try shared.object("context", in: root)
        let integrations = try shared.object("integrations", in: root)
        let sentAt = try shared.timestamp("sentAt", in: root)

        var accepted: [ParsedRequest.Accepted] = []
        accepted.reserveCapacity(items.count)
        var rejected: [MessageError] = []
        for (index, item) in items.enumerated() {
            var validator = MessageValidator(
                expectedType: nil, itemPath: "batch[\(index)]", index: index, receivedAt: receivedAt, limits: limits
            )
            validator.batchContext = context
            validator.batchIntegrations = integrations
            validator.batchSentAt = sentAt
            validator.clientIP = clientIP
            do throws(MessageError) {
                accepted.append(.init(index: index, message: try validator.validate(item, makeMessageID: makeMessageID)))
            } catch {
                rejected.append(error)
            }
        }
        return ParsedRequest(writeKey: writeKey, accepted: accepted, rejected: rejected)
    }
}
