import Foundation

/// Reads `POST /v1/orders/{id}/return` bodies.
///
/// ```json
/// {"return_id":"R-1","items":[{"sku":"S1","quantity":1}],"reason":"too small","occurred_at":"2024-05-03T09:00:00Z"}
/// {"amount":"5.00","currency":"EUR"}
/// {}
/// ```
/// An empty body (no `items`, no `amount`) is a full return. `items` and `amount` together are
/// `conflicting_fields`: they would be two different refunds. `currency`, when sent, must be
/// the order's; `amount` must be more than zero; amounts follow ``Money`` parsing (and
/// `amounts_in_minor_units`). Whether the return fits what is left is decided by
/// ``Order/settle(_:after:)``, not here.
public enum OrderReturnParser {
    /// - Parameters:
    ///   - orderID: from the URL.
    ///   - currency: the order's currency.
    /// - Throws: ``OrderError``.
    public static func parse(
        _ value: JSONValue,
        orderID: String,
        currency: CurrencyCode,
        receivedAt: Date,
        limits: OrderLimits = OrderLimits()
    ) throws(OrderError) -> OrderReturn {
        guard case .object(let object) = value else {
            throw OrderError(code: .notAnObject, message: "body must be a JSON object, not \(value.kindName)")
        }
        let body = OrderFieldReader(object)
        if let stated = try body.currency("currency"), stated != currency {
            throw OrderError(code: .currencyMismatch, message: "must be the order's currency", field: "currency")
        }
        let unit: Money.Unit = try body.bool("amounts_in_minor_units") == true ? .minor : .major
        let items = try body.array("items")
        let amount = try body.money("amount", currency: currency, unit: unit)
        let scope: OrderReturn.Scope
        switch (items, amount) {
        case (.some, .some):
            throw OrderError(code: .conflictingFields, message: "send either items or amount, not both", field: "amount")
        case (.some(let items), nil):
            scope = .items(try readLines(items, limits: limits))
        case (nil, .some(let amount)):
            guard !amount.isZero else {
                throw OrderError(code: .invalidAmount, message: "must be more than zero", field: "amount")
            }
            scope = .amount(amount)
        case (nil, nil):
            scope = .full
        }
        return OrderReturn(
            returnID: try body.text("return_id", maxLength: limits.maxOrderIDLength),
            orderID: orderID,
            scope: scope,
            reason: try body.text("reason", maxLength: limits.maxTextLength),
            occurredAt: try body.timestamp("occurred_at") ?? receivedAt
        )
    }

    private static func readLines(_ array: [JSONValue], limits: OrderLimits) throws(OrderError) -> [OrderReturn.Line] {
        guard !array.isEmpty else {
            throw OrderError(code: .missingField, message: "must name at least one item; omit it for a full return", field: "items")
        }
        guard array.count <= limits.maxItems else {
            throw OrderError(code: .tooManyItems, message: "at most \(limits.maxItems) items", field: "items")
        }
        var lines: [OrderReturn.Line] = []
        for (index, element) in array.enumerated() {
            guard case .object(let object) = element else {
                throw OrderError(code: .notAnObject, message: "each item must be an object", field: "items[\(index)]")
            }
            let line = OrderFieldReader(object, prefix: "items[\(index)].")
            lines.append(OrderReturn.Line(
                sku: try line.requiredText("sku", maxLength: limits.maxCodeLength),
                quantity: try line.quantity("quantity", max: limits.maxQuantity)
            ))
        }
        return lines
    }
}
