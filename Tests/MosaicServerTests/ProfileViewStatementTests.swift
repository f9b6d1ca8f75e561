import Foundation
import Testing
@testable import MosaicServer

/// `bench/profiles/lookup_view.sql` gives pgbench the statement the lookup endpoint runs, as the
/// ceiling the benchmark compares the endpoint with; this keeps the copy from drifting.
@Suite struct ProfileViewStatementTests {
    @Test func benchmarkRunsTheStatementTheServerRuns() throws {
        let url = Repository.root.appendingPathComponent("bench/profiles/lookup_view.sql")
        let bench = try String(contentsOf: url, encoding: .utf8)
            .split(separator: "\n").filter { !$0.hasPrefix("--") && !$0.hasPrefix("\\") }.joined(separator: " ")
        #expect(Self.words(bench).contains(Self.words(ProfileViewStore.body)))
    }

    /// SQL with every run of whitespace made one space.
    private static func words(_ sql: String) -> String {
        sql.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
