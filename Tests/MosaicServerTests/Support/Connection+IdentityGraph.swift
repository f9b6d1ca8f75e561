import Foundation
import Postgres

/// Read-only views of the identity graph for assertions.
extension Connection {
    /// The live profile holding an identifier, or nil when no profile holds it.
    func profile(holding type: String, _ value: String) throws -> Int64? {
        try query("""
            SELECT coalesce(p.merged_into, p.id) FROM identities i JOIN profiles p ON p.id = i.profile_id
            WHERE i.type = \(type) AND i.value = \(value)
            """).first.map { try $0.decode(0, as: Int64.self) }
    }

    /// The live profile of each event of `source`, in arrival order (nil: unresolved).
    func liveProfiles(source: Int64) throws -> [Int64?] {
        try query("""
            SELECT coalesce(p.merged_into, e.profile_id) FROM events e LEFT JOIN profiles p ON p.id = e.profile_id
            WHERE e.source_id = \(source) ORDER BY e.id
            """).map { try $0.decode(0, as: Int64?.self) }
    }

    /// Merges whose winner or loser is one of `profiles`.
    func mergeCount(involving profiles: [Int64]) throws -> Int {
        try query("""
            SELECT count(*) FROM merges WHERE winner_id = ANY(\(profiles)) OR loser_id = ANY(\(profiles))
            """)[0].decode(0, as: Int.self)
    }
}
