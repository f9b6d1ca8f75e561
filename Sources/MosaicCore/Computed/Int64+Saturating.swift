extension Int64 {
    /// Addition that sticks at the bounds instead of trapping: counters and money sums in
    /// computed state must never crash the resolver, and 9.2 × 10^18 minor units is far past
    /// anything real.
    func saturatingAdd(_ other: Int64) -> Int64 {
        let (sum, overflow) = addingReportingOverflow(other)
        guard overflow else { return sum }
        return other > 0 ? .max : .min
    }
}
