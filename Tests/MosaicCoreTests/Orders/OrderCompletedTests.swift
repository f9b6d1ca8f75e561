import Foundation
import Testing
import MosaicCore

/// Mapping the Segment e-commerce spec's `Order Completed` event to an order.
struct OrderCompletedTests {
    @Test func specExample_isMapped() throws {
        let message = try MessageFixtures.single("""
            {"userId":"u-1","anonymousId":"anon-1","event":"Order Completed","timestamp":"2024-01-15T10:00:00Z",
             "context":{"traits":{"email":"ann@example.com"},"location":{"country":"de"}},
             "properties":{"order_id":"50314b8e9bcf000000000000","total":27.50,"revenue":25.00,"shipping":3,
               "tax":2,"discount":2.5,"currency":"EUR",
               "products":[{"product_id":"507f1f77bcf86cd799439011","sku":"45790-32","name":"Monopoly","price":19,"quantity":1,"category":"Games"},
                           {"product_id":"505bd76785ebb509fc183733","name":"Uno","price":3,"quantity":2,"category":"Games"}]}}
            """, .track)
        let order = try Order(fromOrderCompleted: message)
        #expect(order.orderID == "50314b8e9bcf000000000000")
        #expect(order.total.decimalString == "27.50")
        #expect(order.currency == .eur)
        #expect(order.channel == .web)
        #expect(order.country == "DE")
        #expect(order.occurredAt == OrderFixtures.date("2024-01-15T10:00:00Z"))
        #expect(order.identifiers == [.userID: "u-1", .anonymousID: "anon-1", .email: "ann@example.com"])
        #expect(order.items.map(\.sku) == ["45790-32", "505bd76785ebb509fc183733"])
        #expect(order.items.map(\.quantity) == [1, 2])
        #expect(order.items.map(\.unitPrice.decimalString) == ["19.00", "3.00"])
        #expect(order.items.map(\.category) == ["Games", "Games"])
    }

    @Test func revenueThenProducts_whenNoTotal_andUSDByDefault() throws {
        let byRevenue = try Order(fromOrderCompleted: MessageFixtures.single(
            #"{"userId":"u","event":"Order Completed","properties":{"order_id":1,"revenue":"9.99"}}"#, .track))
        #expect(byRevenue.orderID == "1")
        #expect(byRevenue.total == Money(minorUnits: 999, currency: .usd))
        let byProducts = try Order(fromOrderCompleted: MessageFixtures.single(
            #"{"userId":"u","event":"order completed","properties":{"order_id":"o","currency":"JPY","products":[{"price":500,"quantity":3}]}}"#,
            .track))
        #expect(byProducts.total == Money(minorUnits: 1500, currency: .jpy))
    }

    @Test(arguments: [
        (#"{"app":{"name":"Shop","version":"1.2"}}"#, OrderChannel.app),
        (#"{"device":{"type":"ios"}}"#, .app),
        (#"{"device":{"type":"Android"}}"#, .app),
        (#"{"page":{"url":"https://shop.example/checkout"}}"#, .web),
        (#"{"app":{}}"#, .web),
    ])
    func channel_followsContext(_ context: String, _ expected: OrderChannel) throws {
        let message = try MessageFixtures.single(
            #"{"userId":"u","event":"Order Completed","context":\#(context),"properties":{"order_id":"o","total":1}}"#, .track)
        #expect(try Order(fromOrderCompleted: message).channel == expected)
    }

    @Test(arguments: [
        (#"{"userId":"u","event":"Product Viewed","properties":{"order_id":"o"}}"#, OrderError.Code.notAnOrderEvent, "event"),
        (#"{"userId":"u","event":"Order Completed","properties":{"total":1}}"#, .missingField, "properties.order_id"),
        (#"{"userId":"u","event":"Order Completed","properties":{"order_id":"o","total":"1,00"}}"#, .invalidAmount, "properties.total"),
        (#"{"userId":"u","event":"Order Completed","properties":{"order_id":"o","total":-5}}"#, .negativeAmount, "properties.total"),
        (#"{"userId":"u","event":"Order Completed","properties":{"order_id":"o","currency":"dollars"}}"#, .invalidCurrency, "properties.currency"),
        (#"{"userId":"u","event":"Order Completed","properties":{"order_id":"o","products":{}}}"#, .invalidType, "properties.products"),
        (#"{"userId":"u","event":"Order Completed","properties":{"order_id":"o","products":[{"price":1},{"sku":"x"}]}}"#, .missingField, "properties.products[1].price"),
        (#"{"userId":"u","event":"Order Completed","properties":{"order_id":"o","products":[{"price":1,"quantity":0}]}}"#, .invalidQuantity, "properties.products[0].quantity"),
        (#"{"userId":"u","event":"Order Completed","properties":{"order_id":"o","products":[{"price":0.001}]}}"#, .tooManyDecimals, "properties.products[0].price"),
    ])
    func invalidEvent_throwsCodeAndField(_ json: String, _ code: OrderError.Code, _ field: String) throws {
        let message = try MessageFixtures.single(json, .track)
        do {
            let order = try Order(fromOrderCompleted: message)
            Issue.record("expected \(code), got order \(order.orderID)")
        } catch {
            #expect(error.code == code)
            #expect(error.field == field)
        }
    }

    @Test func pageCall_isNotAnOrder() throws {
        let message = try MessageFixtures.single(#"{"userId":"u","name":"Order Completed"}"#, .page)
        #expect(throws: OrderError.self) { try Order(fromOrderCompleted: message) }
    }
}
