/// BEGIN, COMMIT or ROLLBACK itself failed (a failing body is rethrown unchanged instead).
///
/// Knowing the stage matters: a failed COMMIT means the outcome is unknown to the caller only
/// if the connection broke (`isConnectionError`); otherwise the transaction was rolled back.
public struct TransactionError: Error, Sendable, CustomStringConvertible {
    public struct Stage: Hashable, Sendable, CustomStringConvertible {
        let name: String
        public var description: String { name }
        public static let begin = Stage(name: "BEGIN")
        public static let commit = Stage(name: "COMMIT")
        public static let rollback = Stage(name: "ROLLBACK")
        public static let savepoint = Stage(name: "SAVEPOINT")
        public static let releaseSavepoint = Stage(name: "RELEASE SAVEPOINT")
        /// The transaction committed; the read sent with its COMMIT failed. Running the
        /// transaction again would apply it twice.
        public static let readAfterCommit = Stage(name: "read after COMMIT")
    }

    public var stage: Stage
    public var underlying: any Error

    public var description: String { "transaction failed at \(stage): \(underlying)" }
}
