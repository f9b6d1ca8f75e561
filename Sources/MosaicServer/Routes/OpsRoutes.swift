import Foundation
import HTTP
import Postgres

/// Liveness, readiness and the benchmark no-op.
struct OpsRoutes: Sendable {
    let context: AppContext
    /// The newest migration version this build ships; /ready waits until the database has it.
    let expectedMigration: Int

    func register(on router: Router) {
        // Liveness: the process answers. Never touches the database (an orchestrator must not
        // restart a healthy process because PostgreSQL is down).
        router.add(.get, "/health", options: RouteOptions(inline: true)) { _, _ in
            .json(.ok, Array(#"{"status":"ok"}"#.utf8))
        }
        router.add(.get, "/ready") { _, _ in ready() }
        if context.config.benchRoutes {
            router.add(.post, "/bench/noop", options: RouteOptions(inline: true)) { _, _ in
                Response(status: .noContent)
            }
        }
    }

    /// Ready: the database answers, is migrated to this build's schema, and ingestion is not
    /// refusing work.
    private func ready() -> Response {
        let problem: String?
        do {
            let applied = try context.database.withConnection { connection in
                try connection.query(prepared: "SELECT coalesce(max(version), 0) FROM schema_migrations")[0].decode(0, as: Int.self)
            }
            if applied < expectedMigration {
                problem = "database schema is at migration \(applied), this build needs \(expectedMigration)"
            } else if !context.committer.isDatabaseReachable {
                problem = "ingestion is waiting for the database"
            } else {
                problem = nil
            }
        } catch {
            problem = "database unavailable"
        }
        guard let problem else {
            return .json(.ok, Array(#"{"status":"ready"}"#.utf8))
        }
        return .error(.serviceUnavailable, code: "not_ready", message: problem)
    }
}
