import Foundation
import Logging
import Postgres

/// Re-runs a transaction that lost a race with another resolver on the same part of the graph
/// (an identifier inserted meanwhile, a deadlock, a profile merged between lookup and lock).
/// The body must be a whole transaction: its effects were rolled back when it threw.
enum Retry {
    static let attempts = 12

    static func onConflict<T>(logger: Logger, _ body: () throws -> T) throws -> T {
        var attempt = 1
        while true {
            do {
                return try body()
            } catch let error where attempt < attempts && isConflict(error) {
                logger.debug("resolver.conflict.retry", metadata: ["attempt": "\(attempt)", "error": "\(error)"])
                // Jittered back-off so two racing resolvers do not collide again in lock-step.
                Thread.sleep(forTimeInterval: Double.random(in: 0.001...0.004) * Double(attempt))
                attempt += 1
            }
        }
    }

    static func isConflict(_ error: any Error) -> Bool {
        if error is IdentityStore.StaleGraph { return true }
        if let transaction = error as? TransactionError {
            // Committed already: running the body again would apply it twice.
            return transaction.stage != .readAfterCommit && isConflict(transaction.underlying)
        }
        switch error {
        case SQLState.uniqueViolation, SQLState.deadlockDetected, SQLState.serializationFailure: return true
        default: return false
        }
    }
}
