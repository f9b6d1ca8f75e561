/// How PostgreSQL plans prepared statements (`plan_cache_mode`), set for one transaction.
///
/// By default a prepared statement is re-planned on every execution while a plan for the actual
/// values looks cheaper than the generic one — always, for statements over `unnest($1, …)` or
/// `= ANY($1)` that get one value: the estimate for one element beats the generic estimate.
/// A short transaction of such statements (one REST write) then spends as long planning as
/// running. Large batches (hundreds of array elements) are better served by value-aware plans.
public struct PlanCacheMode: Hashable, Sendable {
    let sql: String
    /// Plan once per connection and reuse the plan.
    public static let generic = PlanCacheMode(sql: "force_generic_plan")
    /// Plan every execution with its values.
    public static let custom = PlanCacheMode(sql: "force_custom_plan")
}
