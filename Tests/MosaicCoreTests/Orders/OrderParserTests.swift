import Foundation
import Testing
import MosaicCore

/// `POST /v1/orders` bodies: the happy path and every validation rule with its code and field.
struct OrderParserTests {
    @Test func fullOrder_isRead() throws {
        let order = try OrderFixtures.parse("""
            {"order_id":"A-1001","identifiers":{"email":"Ann@Example.com","loyalty_card":"4000 1234","phone":""},
             "currency":"eur","country":"de","channel":"POS","store_id":"berlin-1","occurred_at":"2024-04-30T09:15:00+02:00",
             "items":[{"sku":"S1","name":"Tee","category":"shirts","quantity":2,"price":"19.90"},
                      {"sku":"S2","category":"socks","price":4.5}],
             "shipping":"4.90","discount":"5.00","total":"44.20"}
            """)
        #expect(order.orderID == "A-1001")
        #expect(order.identifiers == [.email: "Ann@Example.com", .loyaltyCard: "4000 1234"])
        #expect(order.currency == .eur)
        #expect(order.country == "DE")
        #expect(order.channel == .pos)
        #expect(order.storeID == "berlin-1")
        #expect(order.occurredAt == OrderFixtures.date("2024-04-30T07:15:00Z"))
        #expect(order.items.count == 2)
        #expect(order.items[0].quantity == 2)
        #expect(order.items[0].unitPrice.decimalString == "19.90")
        #expect(order.items[1].quantity == 1)
        #expect(order.items[1].unitPrice.decimalString == "4.50")
        #expect(order.total.decimalString == "44.20")
    }

    @Test func totalDefaultsToItemsPlusShippingTaxLessDiscount() throws {
        let order = try OrderFixtures.parse("""
            {"order_id":"1","identifiers":{"user_id":"u1"},"currency":"EUR",
             "items":[{"price":"10.00","quantity":3}],"shipping":"2.50","tax":"1.20","discount":"0.70"}
            """)
        #expect(order.total.decimalString == "33.00")
        #expect(order.channel == .web)
        #expect(order.occurredAt == OrderFixtures.receivedAt)
    }

    @Test func minorUnitsMode_readsIntegersAsCents() throws {
        let order = try OrderFixtures.parse("""
            {"order_id":7,"identifiers":{"external_id":"shop:1"},"currency":"JPY","amounts_in_minor_units":true,
             "items":[{"price":1250,"quantity":2}],"total":2500}
            """)
        #expect(order.orderID == "7")
        #expect(order.total == Money(minorUnits: 2500, currency: .jpy))
    }

    @Test func totalWithoutItems_isAccepted() throws {
        let order = try OrderFixtures.parse(#"{"order_id":"1","identifiers":{"email":"a@b.c"},"currency":"KWD","total":"1.234"}"#)
        #expect(order.total.minorUnits == 1234)
        #expect(order.items.isEmpty)
    }

    struct Row: Sendable, CustomTestStringConvertible {
        let body: String
        let code: OrderError.Code
        let field: String?
        var testDescription: String { "\(body.prefix(70)) → \(code) \(field ?? "-")" }

        init(_ body: String, _ code: OrderError.Code, _ field: String?) {
            self.body = body
            self.code = code
            self.field = field
        }
    }

    static let ids = #"{"order_id":"1","identifiers":{"email":"a@b.c"}"#
    static let base = ids + #","currency":"EUR""#
    static let manyItems = "[" + Array(repeating: #"{"price":"1"}"#, count: 1_001).joined(separator: ",") + "]"

    static let rows: [Row] = [
        Row("", .invalidJSON, nil),
        Row(#"{"order_id":"1","total":1e309}"#, .invalidJSON, nil),
        Row("[]", .notAnObject, nil),
        Row(#"{"identifiers":{"email":"a@b.c"},"currency":"EUR","total":"1"}"#, .missingField, "order_id"),
        Row(#"{"order_id":"  ","identifiers":{"email":"a@b.c"},"currency":"EUR","total":"1"}"#, .missingField, "order_id"),
        Row(#"{"order_id":{},"identifiers":{"email":"a@b.c"}}"#, .invalidType, "order_id"),
        Row(#"{"order_id":"\#(String(repeating: "x", count: 129))","identifiers":{"email":"a@b.c"}}"#, .valueTooLong, "order_id"),
        Row(#"{"order_id":"1","currency":"EUR","total":"1"}"#, .missingIdentifiers, "identifiers"),
        Row(#"{"order_id":"1","identifiers":{"email":"","phone":null},"currency":"EUR","total":"1"}"#, .missingIdentifiers, "identifiers"),
        Row(#"{"order_id":"1","identifiers":"a@b.c"}"#, .invalidType, "identifiers"),
        Row(#"{"order_id":"1","identifiers":{"E-Mail":"a@b.c"}}"#, .invalidIdentifierType, "identifiers"),
        Row(#"{"order_id":"1","identifiers":{"email":["a@b.c"]}}"#, .invalidType, "identifiers.email"),
        Row(#"{"order_id":"1","identifiers":{"email":"\#(String(repeating: "a", count: 1_025))"}}"#, .valueTooLong, "identifiers.email"),
        Row(ids + #","total":"1"}"#, .missingField, "currency"),
        Row(ids + #","currency":"EURO","total":"1"}"#, .invalidCurrency, "currency"),
        Row(ids + #","currency":978,"total":"1"}"#, .invalidType, "currency"),
        Row(base + "}", .missingField, "total"),
        Row(base + #","total":"12.345"}"#, .tooManyDecimals, "total"),
        Row(base + #","total":"12,50"}"#, .invalidAmount, "total"),
        Row(base + #","total":"-1.00"}"#, .negativeAmount, "total"),
        Row(base + #","total":"NaN"}"#, .invalidAmount, "total"),
        Row(base + #","total":99999999999999999999}"#, .amountOverflow, "total"),
        Row(base + #","items":{}}"#, .invalidType, "items"),
        Row(base + #","items":[5]}"#, .notAnObject, "items[0]"),
        Row(base + #","items":[{"price":"1"},{"sku":"S"}]}"#, .missingField, "items[1].price"),
        Row(base + #","items":[{"price":"1"},{"price":"1"},{"price":"1.001"}]}"#, .tooManyDecimals, "items[2].price"),
        Row(base + #","items":[{"price":"-1"}]}"#, .negativeAmount, "items[0].price"),
        Row(base + #","items":[{"price":"1","quantity":0}]}"#, .invalidQuantity, "items[0].quantity"),
        Row(base + #","items":[{"price":"1","quantity":-2}]}"#, .invalidQuantity, "items[0].quantity"),
        Row(base + #","items":[{"price":"1","quantity":1.5}]}"#, .invalidQuantity, "items[0].quantity"),
        Row(base + #","items":[{"price":"1","quantity":"2"}]}"#, .invalidQuantity, "items[0].quantity"),
        Row(base + #","items":[{"price":"1","quantity":1000001}]}"#, .invalidQuantity, "items[0].quantity"),
        Row(base + #","items":[{"price":"1","sku":true}]}"#, .invalidType, "items[0].sku"),
        Row(base + #","items":[{"price":"1","name":"\#(String(repeating: "n", count: 513))"}]}"#, .valueTooLong, "items[0].name"),
        Row(base + #","items":\#(manyItems)}"#, .tooManyItems, "items"),
        Row(base + #","items":[{"price":"10.00","quantity":2}],"total":"19.99"}"#, .totalMismatch, "total"),
        Row(base + #","items":[{"price":"10.00"}],"discount":"10.01"}"#, .negativeAmount, "discount"),
        Row(base + #","items":[{"price":"10.00"}],"shipping":"abc"}"#, .invalidAmount, "shipping"),
        Row(base + #","items":[{"price":"92233720368547758.07","quantity":2}]}"#, .amountOverflow, "items"),
        Row(base + #","total":"1","channel":"email"}"#, .invalidChannel, "channel"),
        Row(base + #","total":"1","country":"DEU"}"#, .invalidCountry, "country"),
        Row(base + #","total":"1","country":"D1"}"#, .invalidCountry, "country"),
        Row(base + #","total":"1","occurred_at":"yesterday"}"#, .invalidTimestamp, "occurred_at"),
        Row(base + #","total":"1","occurred_at":"2024-05-01T10:00:00"}"#, .invalidTimestamp, "occurred_at"),
        Row(base + #","total":"1","amounts_in_minor_units":"yes"}"#, .invalidType, "amounts_in_minor_units"),
        Row(base + #","total":"12.50","amounts_in_minor_units":true}"#, .invalidAmount, "total"),
    ]

    @Test(arguments: rows)
    func invalidOrder_throwsCodeAndField(_ row: Row) {
        do {
            let order = try OrderFixtures.parse(row.body)
            Issue.record("expected \(row.code), parsed order \(order.orderID)")
        } catch {
            #expect(error.code == row.code)
            #expect(error.field == row.field)
        }
    }

    @Test func errors_doNotEchoPII() {
        do {
            _ = try OrderFixtures.parse(#"{"order_id":"1","identifiers":{"email":"secret-person@example.com","x-y":"1"}}"#)
            Issue.record("expected an error")
        } catch {
            #expect(!error.description.contains("secret-person"))
        }
    }
}
