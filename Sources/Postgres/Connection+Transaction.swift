import Logging

extension Connection {
    /// Runs `body` in a transaction: COMMIT when it returns, ROLLBACK when it throws.
    ///
    /// Nested calls use savepoints, so an inner failure rolls back only the inner work; `plans`
    /// applies to the outermost transaction only (sent with its BEGIN, no extra round trip).
    /// - Throws: the body's own error unchanged (so `catch SQLState.uniqueViolation` works), or
    ///   `TransactionError` saying whether BEGIN/SAVEPOINT or COMMIT/RELEASE failed.
    @discardableResult
    public func withTransaction<T>(
        isolation: IsolationLevel? = nil,
        readOnly: Bool = false,
        plans: PlanCacheMode? = nil,
        _ body: (Connection) throws -> T
    ) throws -> T {
        let depth = transactionDepth
        let savepoint = "mosaic_sp_\(depth)"
        if depth == 0 {
            var begin = "BEGIN"
            if let isolation { begin += " ISOLATION LEVEL \(isolation.sql)" }
            if readOnly { begin += " READ ONLY" }
            // Enqueued: BEGIN (and the plan mode) travel with the body's first statement, so a
            // transaction costs no round trip of its own. A BEGIN the server refuses surfaces as
            // that statement's error; one that cannot be sent is a `TransactionError` here.
            do {
                try enqueue(unprepared: Query(unsafeSQL: begin))
                if let plans { try enqueue(unprepared: Query(unsafeSQL: "SET LOCAL plan_cache_mode = \(plans.sql)")) }
            } catch {
                _ = try? settlePipeline()
                if isInTransaction { try? execute(unsafeSQL: "ROLLBACK") }
                throw TransactionError(stage: .begin, underlying: error)
            }
        } else {
            do { try execute(unsafeSQL: "SAVEPOINT \(savepoint)") } catch {
                throw TransactionError(stage: .savepoint, underlying: error)
            }
        }
        transactionDepth = depth + 1
        defer { transactionDepth = depth }
        let value: T
        do {
            value = try body(self)
            // Inside a savepoint, what the body enqueued must be answered before its RELEASE.
            if depth > 0 { try finishPipeline() }
        } catch {
            // Enqueued statements are answered first; a failure among them must not keep the
            // ROLLBACK from being sent (the body's error is the one thrown).
            _ = try? settlePipeline()
            let rollback = depth == 0 ? "ROLLBACK" : "ROLLBACK TO SAVEPOINT \(savepoint); RELEASE SAVEPOINT \(savepoint)"
            do { try execute(unsafeSQL: rollback) } catch let rollbackError {
                logger.debug("db.transaction.rollback_failed", metadata: ["db.error": "\(rollbackError)"])
            }
            throw error
        }
        if depth == 0 && hasPendingPipeline {
            try commitWithPipeline()
        } else if depth == 0 {
            do { try execute(unsafeSQL: "COMMIT") } catch {
                if isInTransaction { try? execute(unsafeSQL: "ROLLBACK") }
                throw TransactionError(stage: .commit, underlying: error)
            }
            try throwIfCommitRolledBack()
        } else {
            do { try execute(unsafeSQL: "RELEASE SAVEPOINT \(savepoint)") } catch {
                throw TransactionError(stage: .releaseSavepoint, underlying: error)
            }
        }
        return value
    }

    /// COMMIT sent with the statements the body enqueued, in one round trip. A failure among
    /// them is the body's error (the server skipped the COMMIT; the transaction is rolled back);
    /// a failing COMMIT is a `TransactionError` as usual.
    private func commitWithPipeline() throws {
        let commitIndex = pipelined.count
        let outcome: (rows: Rows?, failure: (index: Int, error: any Error)?)
        do {
            try enqueue(unprepared: "COMMIT")
            outcome = try settlePipeline()
        } catch {
            throw TransactionError(stage: .commit, underlying: error)
        }
        if let failure = outcome.failure {
            if isInTransaction { try? execute(unsafeSQL: "ROLLBACK") }
            if failure.index == commitIndex { throw TransactionError(stage: .commit, underlying: failure.error) }
            throw failure.error
        }
        try throwIfCommitRolledBack()
    }

    /// COMMIT of an aborted transaction answers ROLLBACK without an error.
    private func throwIfCommitRolledBack() throws {
        if let status = lastCommandStatus, status == "ROLLBACK" {
            throw TransactionError(stage: .commit, underlying: PostgresError(
                kind: .server, operation: "commit", sqlState: .inFailedSQLTransaction,
                message: "transaction was aborted by an earlier error and has been rolled back"))
        }
    }
}
