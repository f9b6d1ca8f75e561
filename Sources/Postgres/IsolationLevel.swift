/// Transaction isolation levels accepted by `BEGIN ISOLATION LEVEL …`.
public struct IsolationLevel: Hashable, Sendable {
    let sql: String
    public static let readCommitted = IsolationLevel(sql: "READ COMMITTED")
    public static let repeatableRead = IsolationLevel(sql: "REPEATABLE READ")
    public static let serializable = IsolationLevel(sql: "SERIALIZABLE")
}
