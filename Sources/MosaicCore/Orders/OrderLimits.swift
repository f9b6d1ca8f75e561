/// Size bounds for orders and returns, so one hostile body cannot make a profile's rows or
/// its computed traits unbounded. The defaults are generous for real baskets.
public struct OrderLimits: Sendable, Hashable {
    /// `order_id` and `return_id` length in UTF-8 bytes (default 128).
    public var maxOrderIDLength: Int
    /// Items per order and lines per return (default 1,000).
    public var maxItems: Int
    /// Distinct identifier entries per order (default 20).
    public var maxIdentifiers: Int
    /// Identifier value length in UTF-8 bytes (default 1,024, as tracking ids).
    public var maxIdentifierLength: Int
    /// `sku`, `store_id` length (default 128).
    public var maxCodeLength: Int
    /// `name`, `category`, `reason` length (default 512).
    public var maxTextLength: Int
    /// Units of one item (default 1,000,000): a till typo of `1e9` units is an error, not revenue.
    public var maxQuantity: Int64

    public init(
        maxOrderIDLength: Int = 128,
        maxItems: Int = 1_000,
        maxIdentifiers: Int = 20,
        maxIdentifierLength: Int = 1_024,
        maxCodeLength: Int = 128,
        maxTextLength: Int = 512,
        maxQuantity: Int64 = 1_000_000
    ) {
        self.maxOrderIDLength = maxOrderIDLength
        self.maxItems = maxItems
        self.maxIdentifiers = maxIdentifiers
        self.maxIdentifierLength = maxIdentifierLength
        self.maxCodeLength = maxCodeLength
        self.maxTextLength = maxTextLength
        self.maxQuantity = maxQuantity
    }
}
