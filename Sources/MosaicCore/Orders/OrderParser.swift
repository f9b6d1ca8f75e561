import Foundation

/// Reads `POST /v1/orders` bodies into ``Order`` values.
///
/// The body:
/// ```json
/// {"order_id":"A-1001","identifiers":{"email":"a@b.c","loyalty_card":"4000 1234"},
///  "currency":"EUR","items":[{"sku":"S1","name":"Tee","category":"shirts","quantity":2,"price":"19.90"}],
///  "shipping":"4.90","tax":"0","discount":"5.00","total":"39.70",
///  "channel":"pos","store_id":"berlin-1","country":"DE","occurred_at":"2024-05-01T10:00:00Z"}
/// ```
/// Rules, each failing with a typed ``OrderError`` naming the field:
/// - `order_id` required; `identifiers` must hold at least one non-blank value; `currency` required.
/// - Amounts are decimal strings or JSON numbers in major units, read exactly (``Money``); with
///   `"amounts_in_minor_units": true` every amount is an integer of minor units (`1990`).
/// - `total`, when absent, is items + `shipping` + `tax` − `discount`. When present together
///   with items it must equal that sum exactly, else `total_mismatch`: a till that sends
///   items whose prices do not add up has lost a line or a discount, and storing either number
///   would make revenue and refunds disagree. Orders without items must send `total`.
/// - `channel` (`web`, `pos`, `app`, `phone`, any case) defaults to `pos` when a `store_id` is given and `web` otherwise.
/// - `occurred_at` defaults to `receivedAt`.
public enum OrderParser {
    /// - Throws: ``OrderError`` (`invalid_json` when `body` is not JSON).
    public static func parse(
        body: some Collection<UInt8>,
        receivedAt: Date,
        limits: OrderLimits = OrderLimits()
    ) throws(OrderError) -> Order {
        let value: JSONValue
        do {
            value = try JSONValue.parse(body)
        } catch {
            throw OrderError(code: .invalidJSON, message: "body is not valid JSON: \(error.reason) at byte \(error.offset)")
        }
        return try parse(value, receivedAt: receivedAt, limits: limits)
    }

    /// - Throws: ``OrderError``.
    public static func parse(
        _ value: JSONValue,
        receivedAt: Date,
        limits: OrderLimits = OrderLimits()
    ) throws(OrderError) -> Order {
        guard case .object(let object) = value else {
            throw OrderError(code: .notAnObject, message: "body must be a JSON object, not \(value.kindName)")
        }
        let body = OrderFieldReader(object)
        let orderID = try body.requiredText("order_id", maxLength: limits.maxOrderIDLength)
        let identifiers = try readIdentifiers(body, limits: limits)
        guard let currency = try body.currency("currency") else {
            throw OrderError(code: .missingField, message: "is required", field: "currency")
        }
        let unit: Money.Unit = try body.bool("amounts_in_minor_units") == true ? .minor : .major
        let items = try readItems(body, currency: currency, unit: unit, limits: limits)
        let total = try readTotal(body, items: items, currency: currency, unit: unit)
        let storeID = try body.text("store_id", maxLength: limits.maxCodeLength)
        var channel: OrderChannel = storeID == nil ? .web : .pos
        if let name = try body.text("channel", maxLength: limits.maxCodeLength) {
            guard let known = OrderChannel(rawValue: name.lowercased()) else {
                throw OrderError(code: .invalidChannel, message: "must be one of web, pos, app, phone", field: "channel")
            }
            channel = known
        }
        return Order(
            orderID: orderID,
            identifiers: identifiers,
            country: try readCountry(body, key: "country"),
            items: items,
            total: total,
            channel: channel,
            storeID: storeID,
            occurredAt: try body.timestamp("occurred_at") ?? receivedAt
        )
    }

    static func readIdentifiers(_ body: OrderFieldReader, limits: OrderLimits) throws(OrderError) -> [IdentifierType: String] {
        guard let object = try body.object("identifiers") else {
            throw OrderError(code: .missingIdentifiers, message: "an order needs at least one buyer identifier", field: "identifiers")
        }
        guard object.count <= limits.maxIdentifiers else {
            throw OrderError(code: .tooManyItems, message: "at most \(limits.maxIdentifiers) identifiers", field: "identifiers")
        }
        let reader = OrderFieldReader(object, prefix: "identifiers.")
        var identifiers: [IdentifierType: String] = [:]
        for key in object.keys {
            guard let type = IdentifierType(validating: key) else {
                throw OrderError(
                    code: .invalidIdentifierType, message: "identifier types are snake_case names", field: "identifiers")
            }
            if let value = try reader.text(key, maxLength: limits.maxIdentifierLength) {
                identifiers[type] = value
            }
        }
        guard !identifiers.isEmpty else {
            throw OrderError(code: .missingIdentifiers, message: "an order needs at least one buyer identifier", field: "identifiers")
        }
        return identifiers
    }

    static func readItems(
        _ body: OrderFieldReader,
        currency: CurrencyCode,
        unit: Money.Unit,
        limits: OrderLimits
    ) throws(OrderError) -> [OrderItem] {
        guard let array = try body.array("items") else { return [] }
        guard array.count <= limits.maxItems else {
            throw OrderError(code: .tooManyItems, message: "at most \(limits.maxItems) items", field: "items")
        }
        var items: [OrderItem] = []
        items.reserveCapacity(array.count)
        for (index, element) in array.enumerated() {
            guard case .object(let object) = element else {
                throw OrderError(code: .notAnObject, message: "each item must be an object", field: "items[\(index)]")
            }
            let item = OrderFieldReader(object, prefix: "items[\(index)].")
            guard let price = try item.money("price", currency: currency, unit: unit) else {
                throw OrderError(code: .missingField, message: "is required", field: item.path("price"))
            }
            items.append(OrderItem(
                sku: try item.text("sku", maxLength: limits.maxCodeLength),
                name: try item.text("name", maxLength: limits.maxTextLength),
                category: try item.text("category", maxLength: limits.maxTextLength),
                quantity: try item.quantity("quantity", max: limits.maxQuantity),
                unitPrice: price
            ))
        }
        return items
    }

    private static func readTotal(
        _ body: OrderFieldReader,
        items: [OrderItem],
        currency: CurrencyCode,
        unit: Money.Unit
    ) throws(OrderError) -> Money {
        let stated = try body.money("total", currency: currency, unit: unit)
        if items.isEmpty {
            guard let stated else { throw OrderError(code: .missingField, message: "is required when there are no items", field: "total") }
            return stated
        }
        let shipping = try body.money("shipping", currency: currency, unit: unit) ?? .zero(currency)
        let tax = try body.money("tax", currency: currency, unit: unit) ?? .zero(currency)
        let discount = try body.money("discount", currency: currency, unit: unit) ?? .zero(currency)
        let expected: Money
        do {
            var sum = Money.zero(currency)
            for item in items { sum = try sum.adding(try item.lineTotal()) }
            expected = try sum.adding(shipping).adding(tax).subtracting(discount)
        } catch {
            throw OrderError(error, field: "items")
        }
        if let stated {
            guard stated == expected else {
                throw OrderError(
                    code: .totalMismatch, message: "total must equal items + shipping + tax - discount", field: "total")
            }
            return stated
        }
        guard !expected.isNegative else {
            throw OrderError(code: .negativeAmount, message: "discount is larger than the order", field: "discount")
        }
        return expected
    }

    /// Two ASCII letters, upper-cased (`de` → `DE`); `DEU` or `Germany` are refused.
    static func readCountry(_ body: OrderFieldReader, key: String) throws(OrderError) -> String? {
        guard let text = try body.text(key, maxLength: 64) else { return nil }
        let letters = Array(text.utf8)
        guard letters.count == 2, letters.allSatisfy({ ($0 | 0x20) >= UInt8(ascii: "a") && ($0 | 0x20) <= UInt8(ascii: "z") })
        else {
            throw OrderError(code: .invalidCountry, message: "must be an ISO 3166-1 alpha-2 code", field: body.path(key))
        }
        return text.uppercased()
    }
}
