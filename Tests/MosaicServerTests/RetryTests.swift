@testable import Postgres
import Testing
@testable import MosaicServer

/// What `Retry` runs again: lost races, whatever wrapper they travel in, and never a transaction
/// that already committed.
@Suite struct RetryTests {
    static let unique = PostgresError(kind: .server, operation: "query", sqlState: .uniqueViolation, message: "duplicate key")

    @Test func conflicts_areRetried_evenWhenWrappedByTheCommit() {
        #expect(Retry.isConflict(Self.unique))
        #expect(Retry.isConflict(IdentityStore.StaleGraph()))
        #expect(Retry.isConflict(TransactionError(stage: .commit, underlying: Self.unique)))
        #expect(!Retry.isConflict(PostgresError(kind: .server, operation: "query", sqlState: "22012", message: "division by zero")))
    }

    /// A read sent with the COMMIT failed after the commit: running the body again would apply it twice.
    @Test func aFailedReadAfterCommit_isNeverRetried() {
        #expect(!Retry.isConflict(TransactionError(stage: .readAfterCommit, underlying: Self.unique)))
    }
}
