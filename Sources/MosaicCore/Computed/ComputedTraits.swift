import Foundation

/// Traits derived from a profile's behaviour, kept current one event or order at a time.
///
/// The resolver holds one of these per profile (stored compactly in `profiles.computed`
/// through ``init(stored:)`` / ``stored``), applies each new order, return and event, and
/// never rescans history. ``snapshot(now:rfm:)`` turns it into the flat keys the 360 view
/// shows and segments query.
///
/// **Definitions.**
/// - Money is per currency and net of returns (``CurrencySpend``); there is no conversion.
/// - Purchase frequency is the mean number of days between consecutive orders:
///   (last − first order time) ÷ (orders − 1); absent with fewer than two orders.
/// - Favourite category is the category with the most units bought, less units returned
///   (spend would let one sofa outweigh twenty shirts); ties go to the alphabetically first.
///   At most ``maxCategories`` categories are tracked; units of a new category past that are
///   not counted.
/// - Preferred channel is the channel with the most orders; ties alphabetically.
/// - Last seen is the newest time of any event, order or return applied.
/// - Page views and sessions: see ``ActivityWindow``; days are UTC days.
///
/// **Idempotence is the caller's job.** Applying the same order, return or event twice counts
/// it twice; the stores dedupe by `order_id`, return id and `messageId` before applying.
///
/// **Order does not matter.** Every part is a sum, a min or max, or an ``ActivityWindow``, so
/// applying the same items in any order gives an equal value; and ``merge(with:)`` of two
/// states equals one state that applied both histories (exact for counts and money).
public struct ComputedTraits: Sendable, Hashable {
    public static let maxCategories = 200

    public internal(set) var spend: [CurrencyCode: CurrencySpend] = [:]
    var firstOrderMillis: Int64?
    var lastOrderMillis: Int64?
    var lastSeenMillis: Int64?
    /// Net units per category.
    public internal(set) var categoryUnits: [String: Int64] = [:]
    /// Orders per channel.
    public internal(set) var channelOrders: [OrderChannel: Int64] = [:]
    public internal(set) var activity = ActivityWindow()

    public init() {}

    public var firstOrderAt: Date? { firstOrderMillis.map(EpochTime.date(millis:)) }
    public var lastOrderAt: Date? { lastOrderMillis.map(EpochTime.date(millis:)) }
    public var lastSeenAt: Date? { lastSeenMillis.map(EpochTime.date(millis:)) }

    /// Orders in every currency.
    public var ordersCount: Int64 { spend.values.reduce(0) { $0.saturatingAdd($1.orders) } }
    public var returnsCount: Int64 { spend.values.reduce(0) { $0.saturatingAdd($1.returns) } }

    /// Counts an order: its total, time, categories, channel.
    public mutating func apply(order: Order) {
        let millis = EpochTime.millis(order.occurredAt)
        var money = spend[order.currency, default: CurrencySpend()]
        money.orders = money.orders.saturatingAdd(1)
        money.gross = money.gross.saturatingAdd(order.total.minorUnits)
        spend[order.currency] = money
        firstOrderMillis = Swift.min(firstOrderMillis ?? millis, millis)
        lastOrderMillis = Swift.max(lastOrderMillis ?? millis, millis)
        seen(millis)
        for item in order.items {
            guard let category = item.category else { continue }
            addUnits(item.quantity, to: category)
        }
        channelOrders[order.channel] = channelOrders[order.channel, default: 0].saturatingAdd(1)
    }

    /// Takes a settled return off the money and the categories of `order` (the order it
    /// belongs to, for the categories of the returned lines).
    public mutating func apply(return settled: SettledReturn, for order: Order) {
        var money = spend[settled.refund.currency, default: CurrencySpend()]
        money.refunded = money.refunded.saturatingAdd(settled.refund.minorUnits)
        money.returns = money.returns.saturatingAdd(1)
        spend[settled.refund.currency] = money
        seen(EpochTime.millis(settled.occurredAt))
        for line in settled.lines where order.items.indices.contains(line.itemIndex) {
            guard let category = order.items[line.itemIndex].category else { continue }
            addUnits(0 &- Swift.max(line.quantity, 0), to: category)
        }
    }

    /// Counts a tracking event: last seen, page views, sessions.
    public mutating func apply(event: ActivityEvent) {
        let millis = EpochTime.millis(event.timestamp)
        seen(millis)
        activity.record(
            millis: millis, pageView: event.isPageView, interaction: event.isInteraction, sessionID: event.sessionID)
    }

    /// Folds another profile's state into this one when the two profiles merge.
    ///
    /// Exact for counts, money, dates, categories (within ``maxCategories``) and channels;
    /// page views are summed per day; sessions are joined as if both event streams had been
    /// applied to one profile, so two sessions of the same visit seen under two identities
    /// become one (only the keyed-session cap of ``ActivityWindow`` can make it approximate).
    public mutating func merge(with other: ComputedTraits) {
        for (currency, money) in other.spend { spend[currency, default: CurrencySpend()].merge(money) }
        if let theirs = other.firstOrderMillis { firstOrderMillis = Swift.min(firstOrderMillis ?? theirs, theirs) }
        if let theirs = other.lastOrderMillis { lastOrderMillis = Swift.max(lastOrderMillis ?? theirs, theirs) }
        if let theirs = other.lastSeenMillis { seen(theirs) }
        for (category, units) in other.categoryUnits { addUnits(units, to: category) }
        for (channel, count) in other.channelOrders {
            channelOrders[channel] = channelOrders[channel, default: 0].saturatingAdd(count)
        }
        activity.merge(other.activity)
    }

    private mutating func seen(_ millis: Int64) {
        lastSeenMillis = Swift.max(lastSeenMillis ?? millis, millis)
    }

    private mutating func addUnits(_ units: Int64, to category: String) {
        if categoryUnits[category] == nil, categoryUnits.count >= Self.maxCategories { return }
        categoryUnits[category] = categoryUnits[category, default: 0].saturatingAdd(units)
    }
}
