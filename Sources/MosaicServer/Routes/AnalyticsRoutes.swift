import Foundation
import HTTP
import MosaicCore
import Postgres

/// `GET /v1/analytics/summary?from=&to=` (scope `segments:read`, or `admin`): the numbers a
/// marketing dashboard starts from — customers, orders, revenue, average check, purchase
/// frequency, repeat-purchase rate, channel mix, top categories.
///
/// Everything is aggregated in SQL over `orders`/`order_items` (range-scanned through
/// `orders_time` / `order_items_category_time`), `profiles` and `identities`: never over `events`, so the answer stays fast
/// however much tracking is stored. Definitions:
/// - The range is `[from, to)` on `occurred_at`; `YYYY-MM-DD` dates are whole UTC days with `to`
///   inclusive; full ISO-8601 timestamps are taken as they are. Default: the last 30 days.
/// - Money is per currency (no conversion), exact decimal strings, net of every return made so
///   far on the range's orders. Average check = net revenue ÷ orders, rounded half to even (as the
///   profile's `aov`).
/// - Buyers are live profiles (merged profiles count as their root). Purchase frequency =
///   orders ÷ buyers; repeat-purchase rate = buyers with ≥ 2 orders ÷ buyers.
/// - Identified customers are live profiles holding a `user_id`, `email` or `phone` (merges move
///   identities to the live root, so their owners are live profiles).
/// - Category revenue is at unit prices (before order-level discounts and shipping) of the units
///   not returned; refunds by amount are not attributed to categories.
struct AnalyticsRoutes: Sendable {
    let context: AppContext

    static let topCategories = 10

    func register(on router: Router) {
        router.add(.get, "/v1/analytics/summary") { request, _ in try summary(request) }
    }

    private func summary(_ request: Request) throws -> Response {
        _ = try context.authorize(request, .segmentsRead)
        let now = Date()
        let to = try Self.bound(request, "to", endOfDay: true) ?? now
        let from = try Self.bound(request, "from", endOfDay: false) ?? to.addingTimeInterval(-30 * 86_400)
        guard from < to else {
            throw APIError.badRequest("invalid_range", "from must be before to", field: "from")
        }
        let object = try context.database.withConnection { connection in
            try connection.withTransaction(isolation: .repeatableRead, readOnly: true) { connection in
                var object = JSONObject(["from": RouteSupport.date(from), "to": RouteSupport.date(to)])
                object["customers"] = .object(try customers(from: from, to: to, on: connection))
                for member in try orders(from: from, to: to, on: connection).members { object[member.key] = member.value }
                object["channels"] = try channels(from: from, to: to, on: connection)
                object["top_categories"] = .object(try categories(from: from, to: to, on: connection))
                return object
            }
        }
        return RouteSupport.ok(object)
    }

    private func customers(from: Date, to: Date, on connection: Connection) throws -> JSONObject {
        let row = try connection.query(prepared: """
            SELECT count(*) FILTER (WHERE merged_into IS NULL),
                   count(*) FILTER (WHERE merged_into IS NULL AND created_at >= \(from) AND created_at < \(to))
            FROM profiles
            """)[0]
        let total = try row.decode(0, as: Int64.self)
        let identified = try connection.query(prepared: """
            SELECT count(*) FROM (SELECT DISTINCT profile_id FROM identities
                                  WHERE type IN ('user_id', 'email', 'phone')) AS t
            """)[0].decode(0, as: Int64.self)
        return JSONObject([
            "total": .int(total), "new": .int(try row.decode(1, as: Int64.self)),
            "identified": .int(identified), "anonymous": .int(max(0, total - identified)),
        ])
    }

    /// Orders, buyers, revenue and average check per currency, frequency and repeat rate.
    private func orders(from: Date, to: Date, on connection: Connection) throws -> JSONObject {
        var revenue = JSONObject(), gross = JSONObject(), refunded = JSONObject(), average = JSONObject()
        var ordersByCurrency = JSONObject()
        for row in try connection.query(prepared: """
            SELECT currency, count(*), sum(total_minor)::text, sum(returned_minor)::text,
                   (sum(total_minor) - sum(returned_minor))::text,
                   round((sum(total_minor) - sum(returned_minor)) / count(*))::text
            FROM orders WHERE occurred_at >= \(from) AND occurred_at < \(to)
            GROUP BY currency ORDER BY currency
            """) {
            let code = try row.decode(0, as: String.self)
            let exponent = CurrencyCode(rawValue: code)?.exponent ?? 2
            ordersByCurrency[code] = .int(try row.decode(1, as: Int64.self))
            gross[code] = .string(Self.decimal(try row.decode(2), exponent: exponent))
            refunded[code] = .string(Self.decimal(try row.decode(3), exponent: exponent))
            revenue[code] = .string(Self.decimal(try row.decode(4), exponent: exponent))
            // Half to even, as the profile's `aov`; PostgreSQL's (half away) only past Int64.
            let count = try row.decode(1, as: Int64.self)
            let net = try row.decode(4, as: String.self)
            let mean = Int64(net).flatMap { CurrencySpend(orders: count, gross: $0).averageOrderValue }
            let rounded = try row.decode(5, as: String.self)
            average[code] = .string(Self.decimal(mean.map { String($0) } ?? rounded, exponent: exponent))
        }
        let buyers = try connection.query(prepared: """
            SELECT count(*), count(*) FILTER (WHERE n >= 2), coalesce(sum(n), 0)::bigint
            FROM (SELECT coalesce(p.merged_into, p.id) AS buyer, count(*) AS n
                  FROM orders o JOIN profiles p ON p.id = o.profile_id
                  WHERE o.occurred_at >= \(from) AND o.occurred_at < \(to)
                  GROUP BY 1) AS t
            """)[0]
        let buyerCount = try buyers.decode(0, as: Int64.self)
        let repeaters = try buyers.decode(1, as: Int64.self)
        let orderCount = try buyers.decode(2, as: Int64.self)
        return JSONObject([
            "orders": .object(JSONObject(["total": .int(orderCount), "by_currency": .object(ordersByCurrency)])),
            "buyers": .int(buyerCount),
            "revenue": .object(revenue), "gross_revenue": .object(gross), "refunded": .object(refunded),
            "average_check": .object(average),
            "purchase_frequency": buyerCount > 0 ? .double(Self.rounded(Double(orderCount) / Double(buyerCount))) : .null,
            "repeat_purchase_rate": buyerCount > 0 ? .double(Self.rounded(Double(repeaters) / Double(buyerCount))) : .null,
        ])
    }

    private func channels(from: Date, to: Date, on connection: Connection) throws -> JSONValue {
        let rows = try connection.query(prepared: """
            SELECT channel, count(*) FROM orders WHERE occurred_at >= \(from) AND occurred_at < \(to)
            GROUP BY channel ORDER BY count(*) DESC, channel
            """)
        let counts = try rows.map { (try $0.decode(0, as: String.self), try $0.decode(1, as: Int64.self)) }
        let total = counts.reduce(Int64(0)) { $0 &+ $1.1 }
        return .array(counts.map { channel, count in
            .object(JSONObject([
                "channel": .string(channel), "orders": .int(count),
                "share": .double(total > 0 ? Self.rounded(Double(count) / Double(total)) : 0),
            ]))
        })
    }

    private func categories(from: Date, to: Date, on connection: Connection) throws -> JSONObject {
        let byUnits = try connection.query(prepared: """
            SELECT category, sum(quantity - returned_quantity)::text FROM order_items
            WHERE occurred_at >= \(from) AND occurred_at < \(to) AND category IS NOT NULL
            GROUP BY category ORDER BY sum(quantity - returned_quantity) DESC, category LIMIT \(Self.topCategories)
            """).map { row in
            JSONValue.object(JSONObject(["category": .string(try row.decode(0)), "units": Self.integer(try row.decode(1))]))
        }
        let byRevenue = try connection.query(prepared: """
            SELECT category, currency, sum((quantity - returned_quantity)::numeric * unit_price_minor)::text,
                   sum(quantity - returned_quantity)::text
            FROM order_items
            WHERE occurred_at >= \(from) AND occurred_at < \(to) AND category IS NOT NULL
            GROUP BY category, currency
            ORDER BY sum((quantity - returned_quantity)::numeric * unit_price_minor) DESC, category, currency
            LIMIT \(Self.topCategories)
            """).map { row in
            let currency = try row.decode(1, as: String.self)
            return JSONValue.object(JSONObject([
                "category": .string(try row.decode(0)), "currency": .string(currency),
                "revenue": .string(Self.decimal(try row.decode(2), exponent: CurrencyCode(rawValue: currency)?.exponent ?? 2)),
                "units": Self.integer(try row.decode(3)),
            ]))
        }
        return JSONObject(["by_units": .array(byUnits), "by_revenue": .array(byRevenue)])
    }

    // MARK: Parameters and formatting

    /// `YYYY-MM-DD` (a UTC day: its start, or for `to` the start of the next day) or ISO-8601.
    static func bound(_ request: Request, _ name: String, endOfDay: Bool) throws -> Date? {
        guard let text = request.query(name) else { return nil }
        if let day = day(text) { return endOfDay ? day.addingTimeInterval(86_400) : day }
        if let instant = ISO8601Timestamp.parse(text) { return instant }
        throw APIError.badRequest("invalid_parameter", "\(name) must be a date like 2024-05-01 or an ISO-8601 time",
                                  field: name)
    }

    static func day(_ text: String) -> Date? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.utf8.count == 10, parts.count == 3, let year = Int(parts[0]), let month = Int(parts[1]),
              let day = Int(parts[2]), (1...9999).contains(year) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let components = DateComponents(year: year, month: month, day: day)
        guard components.isValidDate(in: calendar) else { return nil }
        return calendar.date(from: components)
    }

    /// An integer count of minor units (as PostgreSQL prints a numeric) as a decimal amount with
    /// `exponent` fraction digits: `"-1250"`, 2 → `"-12.50"`. Exact at any size.
    static func decimal(_ minorUnits: String, exponent: Int) -> String {
        let negative = minorUnits.hasPrefix("-")
        var digits = String(minorUnits.drop { $0 == "-" || $0 == "+" }.prefix { $0.isASCII && $0.isNumber })
        if digits.isEmpty { digits = "0" }
        if exponent > 0 {
            if digits.count <= exponent { digits = String(repeating: "0", count: exponent - digits.count + 1) + digits }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -exponent))
        }
        return (negative && digits.contains(where: { $0 != "0" && $0 != "." }) ? "-" : "") + digits
    }

    static func integer(_ text: String) -> JSONValue { Int64(text).map(JSONValue.int) ?? .string(text) }

    static func rounded(_ value: Double) -> Double { (value * 10_000).rounded() / 10_000 }
}
