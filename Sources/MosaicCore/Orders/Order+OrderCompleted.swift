import Foundation

extension Order {
    /// Maps a Segment e-commerce `Order Completed` track call to an order.
    ///
    /// Spec fields (segment.com/docs/connections/spec/ecommerce/v2/#order-completed):
    /// `properties.order_id` (required), `total`, else `revenue`, else the sum of the products;
    /// `currency` (the spec's default `USD` when absent); `products[]` with `sku` (else
    /// `product_id`), `name`, `category`, `quantity` (default 1) and `price` (unit price, required).
    /// Unlike the REST API the total is not checked against the products: web shops report
    /// `total` with taxes, shipping and coupons folded in inconsistently, and the event has
    /// already happened — refusing it would only lose the revenue.
    ///
    /// Buyer identifiers are `userId`, `anonymousId` and `context.traits.email`/`phone`.
    /// The channel is `app` when the message carries `context.app` or an iOS/Android
    /// `context.device.type` (a mobile SDK sent it), else `web`. The time is the message's
    /// corrected ``TrackingMessage/timestamp``.
    ///
    /// - Throws: ``OrderError`` `not_an_order_event` for any other message; field errors with
    ///   paths such as `properties.products[1].price`.
    public init(fromOrderCompleted message: TrackingMessage, limits: OrderLimits = OrderLimits()) throws(OrderError) {
        guard message.type == .track, let event = message.event, Self.isOrderCompleted(event) else {
            throw OrderError(code: .notAnOrderEvent, message: "only track \"Order Completed\" events are orders", field: "event")
        }
        let properties = OrderFieldReader(message.properties, prefix: "properties.")
        let orderID = try properties.requiredText("order_id", maxLength: limits.maxOrderIDLength)
        let currency = try properties.currency("currency") ?? .usd
        let items = try Self.readProducts(properties, currency: currency, limits: limits)
        var stated = try properties.money("total", currency: currency, unit: .major)
        if stated == nil { stated = try properties.money("revenue", currency: currency, unit: .major) }
        let total: Money
        if let stated {
            total = stated
        } else {
            var sum = Money.zero(currency)
            do {
                for item in items { sum = try sum.adding(try item.lineTotal()) }
            } catch {
                throw OrderError(error, field: "properties.products")
            }
            total = sum
        }
        self.init(
            orderID: orderID,
            identifiers: Self.identifiers(of: message, limits: limits),
            country: Self.country(of: message),
            items: items,
            total: total,
            channel: Self.channel(of: message),
            storeID: try properties.text("store_id", maxLength: limits.maxCodeLength),
            occurredAt: message.timestamp
        )
    }

    static func isOrderCompleted(_ event: String) -> Bool {
        event.lowercased() == "order completed"
    }

    private static func readProducts(
        _ properties: OrderFieldReader,
        currency: CurrencyCode,
        limits: OrderLimits
    ) throws(OrderError) -> [OrderItem] {
        guard let products = try properties.array("products") else { return [] }
        guard products.count <= limits.maxItems else {
            throw OrderError(code: .tooManyItems, message: "at most \(limits.maxItems) products", field: "properties.products")
        }
        var items: [OrderItem] = []
        items.reserveCapacity(products.count)
        for (index, element) in products.enumerated() {
            guard case .object(let object) = element else {
                throw OrderError(code: .notAnObject, message: "each product must be an object", field: "properties.products[\(index)]")
            }
            let product = OrderFieldReader(object, prefix: "properties.products[\(index)].")
            guard let price = try product.money("price", currency: currency, unit: .major) else {
                throw OrderError(code: .missingField, message: "is required", field: product.path("price"))
            }
            var sku = try product.text("sku", maxLength: limits.maxCodeLength)
            if sku == nil { sku = try product.text("product_id", maxLength: limits.maxCodeLength) }
            items.append(OrderItem(
                sku: sku,
                name: try product.text("name", maxLength: limits.maxTextLength),
                category: try product.text("category", maxLength: limits.maxTextLength),
                quantity: try product.quantity("quantity", max: limits.maxQuantity),
                unitPrice: price
            ))
        }
        return items
    }

    /// Identifiers that are malformed here are skipped, not fatal: the message itself was
    /// already validated, and its identity is resolved from the message by the identity layer.
    private static func identifiers(of message: TrackingMessage, limits: OrderLimits) -> [IdentifierType: String] {
        var identifiers: [IdentifierType: String] = [:]
        func add(_ type: IdentifierType, _ value: String?) {
            guard let value, !OrderFieldReader.isBlank(value), value.utf8.count <= limits.maxIdentifierLength else { return }
            identifiers[type] = value
        }
        add(.userID, message.userId)
        add(.anonymousID, message.anonymousId)
        let traits = message.context["traits"]
        add(.email, traits?["email"]?.stringValue)
        add(.phone, traits?["phone"]?.stringValue)
        return identifiers
    }

    private static func channel(of message: TrackingMessage) -> OrderChannel {
        if let app = message.context["app"]?.objectValue, !app.isEmpty { return .app }
        switch message.context["device"]?["type"]?.stringValue?.lowercased() {
        case "ios", "android": return .app
        default: return .web
        }
    }

    /// `context.location.country` only when it is already an alpha-2 code; SDKs often send a
    /// country name there, which is not worth guessing at.
    private static func country(of message: TrackingMessage) -> String? {
        guard let text = message.context["location"]?["country"]?.stringValue, text.utf8.count == 2,
              text.utf8.allSatisfy({ ($0 | 0x20) >= UInt8(ascii: "a") && ($0 | 0x20) <= UInt8(ascii: "z") })
        else { return nil }
        return text.uppercased()
    }
}
