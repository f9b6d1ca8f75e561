import CLibPQ

extension Connection {
    /// A statement sent in pipeline mode whose answer has not been read yet.
    struct Pipelined {
        var operation: String
        var binds: [PostgresValue?]
        /// Set when this entry prepares a statement: the SQL whose cache entry is void if it fails.
        var preparedSQL: String?
    }

    /// Sends a prepared statement whose rows the caller does not need, without waiting for its
    /// answer (libpq pipeline mode). The answer is read, and an error thrown, by the next call on
    /// this connection that waits: any query or execute, or `withTransaction` before it commits.
    /// A write in a transaction of several then costs no round trip of its own.
    public func enqueue(prepared query: Query) throws {
        if preparedStatements[query.sql] == nil && preparedStatements.count >= Self.maxPreparedStatements {
            // The statement cache is full (see `query(prepared:)`): send it unprepared.
            try enqueue(unprepared: query)
            return
        }
        let handle = try liveHandle("query")
        try enterPipeline(handle)
        do {
            let name: String
            if let known = preparedStatements[query.sql] {
                name = known
            } else {
                name = "mosaic_\(preparedStatements.count + 1)"
                let types = query.binds.map { $0?.type.rawValue ?? 0 }
                let sent = query.sql.withCString { sql in
                    types.withUnsafeBufferPointer { PQsendPrepare(handle, name, sql, Int32(types.count), $0.baseAddress) }
                }
                guard sent == 1 else { throw connectionError(operation: "prepare") }
                preparedStatements[query.sql] = name
                pipelined.append(Pipelined(operation: "prepare", binds: [], preparedSQL: query.sql))
            }
            let sent = try withBinds(query.binds, operation: "query") { binds in
                PQsendQueryPrepared(handle, name, Int32(query.binds.count), binds.values, binds.lengths, binds.formats, 0)
            }
            guard sent == 1 else { throw connectionError(operation: "query") }
            pipelined.append(Pipelined(operation: "query", binds: query.binds, preparedSQL: nil))
        } catch {
            if pipelined.isEmpty {
                PQexitPipelineMode(handle)
            } else {
                try? finishPipeline()
            }
            throw error
        }
    }

    /// Runs prepared statements in one round trip and returns each one's rows, in order: for
    /// reads that need the same earlier answer but not each other's. Statements enqueued before
    /// go first, and the first failure among all of them is thrown.
    public func queries(prepared list: [Query]) throws -> [Rows] {
        guard list.count > 1 else { return try list.map { try query(prepared: $0) } }
        var positions: [Int] = []
        for query in list {
            try enqueue(prepared: query)
            positions.append(pipelined.count - 1)
        }
        let (answers, failure) = try settlePipeline()
        if let failure { throw failure.error }
        return try positions.map { position in
            guard let rows = answers[position] else { throw connectionError(operation: "query") }
            return rows
        }
    }

    /// Sends one statement unprepared in the pipeline: COMMIT, and statements beyond the
    /// statement cache's limit.
    func enqueue(unprepared query: Query) throws {
        let handle = try liveHandle("query")
        try enterPipeline(handle)
        let sent = try withBinds(query.binds, operation: "query") { binds in
            query.sql.withCString { sql in
                PQsendQueryParams(handle, sql, Int32(query.binds.count), binds.types, binds.values, binds.lengths, binds.formats, 0)
            }
        }
        guard sent == 1 else {
            if pipelined.isEmpty { PQexitPipelineMode(handle) }
            throw connectionError(operation: "query")
        }
        pipelined.append(Pipelined(operation: "query", binds: query.binds, preparedSQL: nil))
    }

    /// Enters pipeline mode unless statements are already enqueued.
    private func enterPipeline(_ handle: OpaquePointer) throws {
        if pipelined.isEmpty, PQenterPipelineMode(handle) != 1 { throw connectionError(operation: "pipeline") }
    }

    /// Statements enqueued and not yet answered.
    public var hasPendingPipeline: Bool { !pipelined.isEmpty }

    /// Reads the answers of the enqueued statements and leaves pipeline mode.
    /// - Throws: the first enqueued statement's error (the server skipped the ones after it), or
    ///   a connection error.
    public func finishPipeline() throws {
        if let failure = try settlePipeline().failure { throw failure.error }
    }

    /// Sends the enqueued statements with a sync, reads every answer and leaves pipeline mode.
    /// - Returns: each entry's rows (nil where it failed or was skipped; prepares count as
    ///   entries), and the first failure with its position.
    /// - Throws: a connection error only.
    func settlePipeline() throws -> (answers: [Rows?], failure: (index: Int, error: any Error)?) {
        guard !pipelined.isEmpty else { return ([], nil) }
        let entries = pipelined
        pipelined = []
        let handle = try liveHandle("pipeline")
        guard PQpipelineSync(handle) == 1 else { throw connectionError(operation: "pipeline") }
        var failure: (index: Int, error: any Error)?
        var answers: [Rows?] = []
        answers.reserveCapacity(entries.count)
        for (index, entry) in entries.enumerated() {
            guard let result = PQgetResult(handle) else { throw connectionError(operation: entry.operation) }
            let status = PQresultStatus(result)
            if status == PGRES_PIPELINE_ABORTED || status == PGRES_FATAL_ERROR, let sql = entry.preparedSQL {
                preparedStatements[sql] = nil
            }
            var answer: Rows?
            if status == PGRES_PIPELINE_ABORTED {
                PQclear(result)
            } else {
                do { answer = try check(result, operation: entry.operation, binds: entry.binds) } catch {
                    if failure == nil { failure = (index, error) }
                }
            }
            answers.append(answer)
            // Each statement's results end with a NULL.
            while let extra = PQgetResult(handle) { PQclear(extra) }
        }
        guard let sync = PQgetResult(handle) else { throw connectionError(operation: "pipeline") }
        let synced = PQresultStatus(sync) == PGRES_PIPELINE_SYNC
        PQclear(sync)
        guard synced, PQexitPipelineMode(handle) == 1 else { throw connectionError(operation: "pipeline") }
        return (answers, failure)
    }
}
