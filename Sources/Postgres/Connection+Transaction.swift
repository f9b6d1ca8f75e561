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
        try withTransaction(isolation: isolation, readOnly: readOnly, plans: plans, body, thenReading: { _ in nil }).value
    }

    /// `withTransaction`, then the statement `read` builds from the body's result, run after
    /// the COMMIT and sent with it: a caller that answers with what it committed (an upsert
    /// showing the stored record) saves the round trip of reading it afterwards. In a nested
    /// call the read runs after the savepoint's RELEASE.
    /// - Returns: the body's value and the read's rows (nil when `read` gave no statement).
    /// - Throws: as `withTransaction`; a failing read, after the commit, throws a
    ///   `TransactionError` at stage `.readAfterCommit` (not to be retried as a conflict).
    public func withTransaction<T>(
        isolation: IsolationLevel? = nil,
        readOnly: Bool = false,
        plans: PlanCacheMode? = nil,
        _ body: (Connection) throws -> T,
        thenReading read: (T) -> Query?
    ) throws -> (value: T, rows: Rows?) {
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
        if depth == 0 {
            return (value, try commit(thenReading: read(value)))
        }
        do { try execute(unsafeSQL: "RELEASE SAVEPOINT \(savepoint)") } catch {
            throw TransactionError(stage: .releaseSavepoint, underlying: error)
        }
        return (value, try read(value).map { try query(prepared: $0) })
    }

    /// COMMIT sent with the statements the body enqueued and with `read`, in one round trip.
    /// A failure among the enqueued statements is the body's error (the server skipped the
    /// COMMIT; the transaction is rolled back); a failing COMMIT is a `TransactionError`.
    private func commit(thenReading read: Query?) throws -> Rows? {
        let commitIndex = pipelined.count
        let outcome: (answers: [Rows?], failure: (index: Int, error: any Error)?)
        do {
            try enqueue(unprepared: "COMMIT")
            if let read { try enqueue(prepared: read) }
            outcome = try settlePipeline()
        } catch {
            if isInTransaction { try? execute(unsafeSQL: "ROLLBACK") }
            throw TransactionError(stage: .commit, underlying: error)
        }
        if let failure = outcome.failure, failure.index <= commitIndex {
            if isInTransaction { try? execute(unsafeSQL: "ROLLBACK") }
            if failure.index == commitIndex { throw TransactionError(stage: .commit, underlying: failure.error) }
            throw failure.error
        }
        // COMMIT of an aborted transaction answers ROLLBACK without an error.
        if outcome.answers[commitIndex]?.result?.commandStatus == "ROLLBACK" {
            throw TransactionError(stage: .commit, underlying: PostgresError(
                kind: .server, operation: "commit", sqlState: .inFailedSQLTransaction,
                message: "transaction was aborted by an earlier error and has been rolled back"))
        }
        if let failure = outcome.failure { throw TransactionError(stage: .readAfterCommit, underlying: failure.error) }
        return read == nil ? nil : outcome.answers.last ?? nil
    }
}
