import Foundation
import Testing
import MosaicCore

/// Money parsing, formatting and arithmetic, including hostile input.
struct MoneyTests {
    static let eur = CurrencyCode.eur
    static let jpy = CurrencyCode.jpy
    static let kwd = CurrencyCode(rawValue: "KWD")!

    /// What a row expects: an amount in minor units, or an error code.
    enum Outcome: Sendable, Hashable {
        case minor(Int64)
        case error(MoneyError.Code)
    }

    static func check(_ result: Result<Money, MoneyError>, _ expected: Outcome) {
        switch (result, expected) {
        case (.success(let money), .minor(let minor)): #expect(money.minorUnits == minor)
        case (.failure(let error), .error(let code)): #expect(error.code == code)
        default: Issue.record("got \(result), expected \(expected)")
        }
    }

    struct TextRow: Sendable, CustomTestStringConvertible {
        let text: String
        let currency: CurrencyCode
        let allowNegative: Bool
        let expected: Outcome
        var testDescription: String { "\"\(text.prefix(30))\" \(currency)" }

        init(_ text: String, in currency: CurrencyCode = MoneyTests.eur, negative: Bool = false, _ expected: Outcome) {
            self.text = text
            self.currency = currency
            self.allowNegative = negative
            self.expected = expected
        }
    }

    static let textRows: [TextRow] = [
        TextRow("12.50", .minor(1250)),
        TextRow("12.5", .minor(1250)),
        TextRow("12", .minor(1200)),
        TextRow("0.01", .minor(1)),
        TextRow("0", .minor(0)),
        TextRow("12.500", .minor(1250)),
        TextRow("0007.10", .minor(710)),
        TextRow("1250", in: jpy, .minor(1250)),
        TextRow("1250.0", in: jpy, .minor(1250)),
        TextRow("1.5", in: jpy, .error(.tooManyDecimals)),
        TextRow("1.234", in: kwd, .minor(1234)),
        TextRow("1.2345", in: kwd, .error(.tooManyDecimals)),
        TextRow("92233720368547758.07", .minor(Int64.max)),
        TextRow("92233720368547758.08", .error(.amountOverflow)),
        TextRow("99999999999999999999", .error(.amountOverflow)),
        TextRow("12.345", .error(.tooManyDecimals)),
        TextRow("12.3450000000000000000000000000001", .error(.tooManyDecimals)),
        TextRow("12.5000000000000000000000000000000", .minor(1250)),
        TextRow("-1", .error(.negativeAmount)),
        TextRow("-1.25", negative: true, .minor(-125)),
        TextRow("-0", .minor(0)),
        TextRow("12,50", .error(.invalidAmount)),
        TextRow("1,250.00", .error(.invalidAmount)),
        TextRow("NaN", .error(.invalidAmount)),
        TextRow("Infinity", .error(.invalidAmount)),
        TextRow("1e309", .error(.invalidAmount)),
        TextRow("1e3", .error(.invalidAmount)),
        TextRow("+1", .error(.invalidAmount)),
        TextRow(" 1", .error(.invalidAmount)),
        TextRow("1 ", .error(.invalidAmount)),
        TextRow("", .error(.invalidAmount)),
        TextRow(".5", .error(.invalidAmount)),
        TextRow("5.", .error(.invalidAmount)),
        TextRow("--1", .error(.invalidAmount)),
        TextRow("1.2.3", .error(.invalidAmount)),
        TextRow("0x10", .error(.invalidAmount)),
        TextRow("١٢", .error(.invalidAmount)),
        TextRow("12 €", .error(.invalidAmount)),
        TextRow(String(repeating: "9", count: 1_000), .error(.invalidAmount)),
    ]

    @Test(arguments: textRows)
    func parseText(_ row: TextRow) {
        let result = Result { () throws(MoneyError) -> Money in
            try Money.parse(row.text, currency: row.currency, allowNegative: row.allowNegative)
        }
        Self.check(result, row.expected)
        if case .success(let money) = result { #expect(money.currency == row.currency) }
        if case .failure(let error) = result, row.text.count > 2 { #expect(!error.message.contains(row.text)) }
    }

    struct JSONRow: Sendable, CustomTestStringConvertible {
        let value: JSONValue
        let unit: Money.Unit
        let expected: Outcome
        var testDescription: String { "\(value.jsonString) \(unit)" }

        init(_ value: JSONValue, unit: Money.Unit = .major, _ expected: Outcome) {
            self.value = value
            self.unit = unit
            self.expected = expected
        }
    }

    static let jsonRows: [JSONRow] = [
        JSONRow(.double(12.5), .minor(1250)),
        JSONRow(.double(19.99), .minor(1999)),
        JSONRow(.double(0.07), .minor(7)),
        JSONRow(.double(1_234_567.89), .minor(123_456_789)),
        JSONRow(.double(0.1 + 0.2), .error(.tooManyDecimals)),
        JSONRow(.double(1e-5), .error(.tooManyDecimals)),
        JSONRow(.double(1e16), .minor(1_000_000_000_000_000_000)),
        JSONRow(.double(1e17), .error(.amountOverflow)),
        JSONRow(.double(1e300), .error(.amountOverflow)),
        JSONRow(.double(-2.5), .error(.negativeAmount)),
        JSONRow(.double(.nan), .error(.invalidAmount)),
        JSONRow(.double(.infinity), .error(.invalidAmount)),
        JSONRow(.int(12), .minor(1200)),
        JSONRow(.int(Int64.max), .error(.amountOverflow)),
        JSONRow(.int(Int64.min), .error(.negativeAmount)),
        JSONRow(.int(1250), unit: .minor, .minor(1250)),
        JSONRow(.int(Int64.max), unit: .minor, .minor(Int64.max)),
        JSONRow(.string("1250"), unit: .minor, .minor(1250)),
        JSONRow(.string("12.50"), unit: .minor, .error(.invalidAmount)),
        JSONRow(.double(1250.0), unit: .minor, .minor(1250)),
        JSONRow(.double(12.5), unit: .minor, .error(.tooManyDecimals)),
        JSONRow(.string("12.50"), .minor(1250)),
        JSONRow(.bool(true), .error(.invalidAmount)),
        JSONRow(.null, .error(.invalidAmount)),
        JSONRow(["12.50"], .error(.invalidAmount)),
    ]

    @Test(arguments: jsonRows)
    func parseJSON(_ row: JSONRow) {
        let result = Result { () throws(MoneyError) -> Money in
            try Money.parse(json: row.value, currency: Self.eur, unit: row.unit)
        }
        Self.check(result, row.expected)
    }

    @Test(arguments: [
        (Int64(1250), "EUR", "12.50"), (5, "EUR", "0.05"), (-5, "EUR", "-0.05"), (0, "EUR", "0.00"),
        (100, "EUR", "1.00"), (1250, "JPY", "1250"), (-7, "JPY", "-7"), (5, "KWD", "0.005"), (12_345, "BHD", "12.345"),
        (Int64.min, "EUR", "-92233720368547758.08"), (Int64.max, "EUR", "92233720368547758.07"),
    ])
    func formatting(_ minor: Int64, _ code: String, _ text: String) throws {
        let currency = try #require(CurrencyCode(rawValue: code))
        let money = Money(minorUnits: minor, currency: currency)
        #expect(money.decimalString == text)
        if minor != Int64.min {
            #expect(try Money.parse(text, currency: currency, allowNegative: true) == money)
        }
    }

    @Test(arguments: [("eur", "EUR"), ("Usd", "USD"), ("JPY", "JPY")])
    func currencyCode_isUpperCased(_ text: String, _ expected: String) {
        #expect(CurrencyCode(rawValue: text)?.rawValue == expected)
    }

    @Test(arguments: ["", "EU", "EURO", "E1R", "€", "E R", "ÉUR"])
    func currencyCode_rejectsNonCodes(_ text: String) {
        #expect(CurrencyCode(rawValue: text) == nil)
    }

    @Test(arguments: [("EUR", 2), ("USD", 2), ("XYZ", 2), ("JPY", 0), ("KRW", 0), ("CLP", 0), ("VND", 0), ("ISK", 0),
                      ("BHD", 3), ("KWD", 3), ("OMR", 3), ("JOD", 3), ("TND", 3)])
    func currencyExponents(_ code: String, _ exponent: Int) {
        #expect(CurrencyCode(rawValue: code)?.exponent == exponent)
    }

    @Test func arithmetic_isExactAndGuarded() throws {
        let a = try Money.parse("0.10", currency: Self.eur)
        let b = try Money.parse("0.20", currency: Self.eur)
        #expect(try a.adding(b).decimalString == "0.30")
        #expect(try b.subtracting(a).multiplied(by: 3).decimalString == "0.30")
        #expect(throws: MoneyError.self) { try Money(minorUnits: Int64.max, currency: Self.eur).adding(a) }
        #expect(throws: MoneyError.self) { try Money(minorUnits: Int64.max / 2, currency: Self.eur).multiplied(by: 3) }
        do {
            _ = try a.adding(Money(minorUnits: 1, currency: Self.jpy))
            Issue.record("mixed currencies were added")
        } catch {
            #expect(error.code == .currencyMismatch)
        }
    }
}
