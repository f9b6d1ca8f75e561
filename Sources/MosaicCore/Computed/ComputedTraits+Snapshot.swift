import Foundation

extension ComputedTraits {
    /// The currency most orders were paid in (ties: the larger net spend, then alphabetical);
    /// RFM's monetary score and single-currency consumers use it.
    public var primaryCurrency: CurrencyCode? {
        spend.max { lhs, rhs in
            (lhs.value.orders, lhs.value.net, rhs.key.rawValue) < (rhs.value.orders, rhs.value.net, lhs.key.rawValue)
        }?.key
    }

    /// Units of the favourite category (see the type's definitions); `nil` when nothing is left.
    public var favouriteCategory: String? {
        categoryUnits.filter { $0.value > 0 }.max { lhs, rhs in
            (lhs.value, rhs.key) < (rhs.value, lhs.key)
        }?.key
    }

    public var preferredChannel: OrderChannel? {
        channelOrders.filter { $0.value > 0 }.max { lhs, rhs in
            (lhs.value, rhs.key.rawValue) < (rhs.value, lhs.key.rawValue)
        }?.key
    }

    /// Mean days between consecutive orders; `nil` with fewer than two orders.
    public var purchaseFrequencyDays: Double? {
        let orders = ordersCount
        guard orders >= 2, let first = firstOrderMillis, let last = lastOrderMillis else { return nil }
        return Double(last &- first) / Double(EpochTime.millisPerDay) / Double(orders - 1)
    }

    /// Whole days since the last order at `now` (0 for an order later today or in the future).
    public func daysSinceLastOrder(now: Date) -> Int64? {
        guard let last = lastOrderMillis else { return nil }
        return Swift.max(0, EpochTime.floorDivide(EpochTime.millis(now) &- last, EpochTime.millisPerDay))
    }

    /// The RFM score at `now`; `nil` for a profile without orders.
    public func rfm(now: Date, configuration: RFMConfiguration = RFMConfiguration()) -> RFMScore? {
        guard let days = daysSinceLastOrder(now: now), let currency = primaryCurrency, let money = spend[currency] else {
            return nil
        }
        return RFMScore(
            recency: configuration.recencyScore(daysSinceLastOrder: days),
            frequency: configuration.frequencyScore(orders: ordersCount),
            monetary: configuration.monetaryScore(netMinorUnits: money.net, currency: currency)
        )
    }

    /// The flat view the 360 profile shows and segment conditions query. Every key is always
    /// present (`null` when unknown) so a segment can test `days_since_last_order is null`.
    ///
    /// Money is per currency as exact decimal strings: `"total_spent": {"EUR": "123.45"}`;
    /// `aov` likewise. Times are ISO-8601 UTC. `sessions_30d` / `page_views_30d` cover the 30
    /// UTC days ending with `now`'s day. `rfm` is `{"score","recency","frequency","monetary","segment"}`.
    public func snapshot(now: Date, rfm configuration: RFMConfiguration = RFMConfiguration()) -> JSONValue {
        var totalSpent = JSONObject()
        var totalRefunded = JSONObject()
        var averages = JSONObject()
        for (currency, money) in spend.sorted(by: { $0.key < $1.key }) {
            totalSpent[currency.rawValue] = .string(Money(minorUnits: money.net, currency: currency).decimalString)
            totalRefunded[currency.rawValue] = .string(Money(minorUnits: money.refunded, currency: currency).decimalString)
            if let average = money.averageOrderValue {
                averages[currency.rawValue] = .string(Money(minorUnits: average, currency: currency).decimalString)
            }
        }
        let today = EpochTime.day(millis: EpochTime.millis(now))
        var view = JSONObject(minimumCapacity: 18)
        view["orders_count"] = .int(ordersCount)
        view["returns_count"] = .int(returnsCount)
        view["total_spent"] = .object(totalSpent)
        view["total_refunded"] = .object(totalRefunded)
        view["aov"] = .object(averages)
        view["first_order_at"] = Self.timeValue(firstOrderMillis)
        view["last_order_at"] = Self.timeValue(lastOrderMillis)
        view["days_since_last_order"] = daysSinceLastOrder(now: now).map(JSONValue.int) ?? .null
        // One decimal is all a "every 12.5 days" display or a segment threshold needs.
        view["purchase_frequency_days"] = purchaseFrequencyDays.map { .double(($0 * 10).rounded() / 10) } ?? .null
        view["favourite_category"] = favouriteCategory.map(JSONValue.string) ?? .null
        view["preferred_channel"] = preferredChannel.map { .string($0.rawValue) } ?? .null
        view["last_seen_at"] = Self.timeValue(lastSeenMillis)
        view["sessions_30d"] = .int(activity.sessions(days: 30, endingOn: today))
        view["page_views_30d"] = .int(activity.pageViews(days: 30, endingOn: today))
        view["rfm"] = rfm(now: now, configuration: configuration)?.json ?? .null
        return .object(view)
    }

    private static func timeValue(_ millis: Int64?) -> JSONValue {
        guard let millis else { return .null }
        return .string(ISO8601Timestamp.format(EpochTime.date(millis: millis)))
    }
}
