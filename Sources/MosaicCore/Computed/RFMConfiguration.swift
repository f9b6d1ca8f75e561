/// Fixed thresholds for RFM scoring, so a score means the same thing for every customer and
/// does not shift as the customer base grows (quantile scoring would need a scan of everyone).
///
/// Each list holds four ascending thresholds that split the scale into scores 1–5.
public struct RFMConfiguration: Sendable, Hashable {
    /// Days since the last order: ≤ t[0] → R5, ≤ t[1] → R4, ≤ t[2] → R3, ≤ t[3] → R2, else R1.
    /// Default `[30, 90, 180, 365]`.
    public var recencyDays: [Int64]
    /// Orders placed (all currencies): ≥ t[3] → F5, ≥ t[2] → F4, ≥ t[1] → F3, ≥ t[0] → F2, else F1.
    /// Default `[2, 3, 5, 10]`, so one order is F1 and ten or more is F5.
    public var frequencyOrders: [Int64]
    /// Net spend in the customer's primary currency, in **major** units, scored like
    /// frequency. Default `[50, 150, 400, 1000]`, used for any currency without its own entry.
    public var monetaryMajorUnits: [Int64]
    /// Per-currency thresholds in major units, for currencies whose unit is far from the
    /// euro's (default: JPY `[5000, 15000, 40000, 100000]`, KRW `[50000, 150000, 400000, 1000000]`).
    public var monetaryMajorUnitsByCurrency: [CurrencyCode: [Int64]]

    public init(
        recencyDays: [Int64] = [30, 90, 180, 365],
        frequencyOrders: [Int64] = [2, 3, 5, 10],
        monetaryMajorUnits: [Int64] = [50, 150, 400, 1000],
        monetaryMajorUnitsByCurrency: [CurrencyCode: [Int64]] = [
            .jpy: [5_000, 15_000, 40_000, 100_000],
            CurrencyCode(rawValue: "KRW") ?? .jpy: [50_000, 150_000, 400_000, 1_000_000],
        ]
    ) {
        self.recencyDays = recencyDays
        self.frequencyOrders = frequencyOrders
        self.monetaryMajorUnits = monetaryMajorUnits
        self.monetaryMajorUnitsByCurrency = monetaryMajorUnitsByCurrency
    }

    /// 5 for the most recent.
    func recencyScore(daysSinceLastOrder days: Int64) -> Int {
        5 - Swift.min(4, recencyDays.prefix(4).filter { days > $0 }.count)
    }

    func frequencyScore(orders: Int64) -> Int {
        1 + Swift.min(4, frequencyOrders.prefix(4).filter { orders >= $0 }.count)
    }

    func monetaryScore(netMinorUnits: Int64, currency: CurrencyCode) -> Int {
        let thresholds = monetaryMajorUnitsByCurrency[currency] ?? monetaryMajorUnits
        var scale: Int64 = 1
        for _ in 0..<currency.exponent { scale = scale.multipliedReportingOverflow(by: 10).overflow ? .max : scale * 10 }
        let met = thresholds.prefix(4).filter { threshold in
            let (minor, overflow) = threshold.multipliedReportingOverflow(by: scale)
            return !overflow && netMinorUnits >= minor
        }.count
        return 1 + Swift.min(4, met)
    }
}
