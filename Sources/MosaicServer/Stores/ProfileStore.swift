import Foundation
import MosaicCore
import Postgres

/// SQL reads of profiles: where an id leads, whose story it is (members), the timeline and the
/// merges. `ProfileViewStore` reads the whole 360 view in one statement into these records.
enum ProfileStore {
    /// Where a profile id leads: itself when live, its live root when merged away, nil when unknown.
    static func liveID(of id: Int64, on connection: Connection) throws -> (live: Int64, mergedAway: Bool)? {
        let rows = try connection.query(prepared: "SELECT id, merged_into FROM profiles WHERE id = \(id)")
        guard let row = rows.first else { return nil }
        if let root = try row.decode(1, as: Int64?.self) { return (root, true) }
        return (id, false)
    }

    /// The live profile and every profile merged into it: whose events and orders make its story.
    static func members(of id: Int64, on connection: Connection) throws -> [Int64] {
        try connection.query(prepared: "SELECT id FROM profiles WHERE id = \(id) OR merged_into = \(id) ORDER BY id")
            .map { try $0.decode(0, as: Int64.self) }
    }

    /// The profile row's own columns; `computed` is the stored JSON of `ComputedTraits`.
    struct Header {
        let id: Int64
        let createdAt: Date
        let updatedAt: Date
        let firstSeen: Date?
        let lastSeen: Date?
        let computed: String
    }

    struct IdentityRow {
        let identifier: Identifier
        let sourceID: Int64?
        let firstSeen: Date
        let lastSeen: Date
    }

    static func identities(of id: Int64, on connection: Connection, limit: Int = 500) throws -> [IdentityRow] {
        try connection.query(prepared: """
            SELECT type, value, source_id, first_seen, last_seen FROM identities WHERE profile_id = \(id)
            ORDER BY type, first_seen LIMIT \(limit)
            """).map { row in
            IdentityRow(identifier: Identifier(type: IdentifierType(rawValue: try row.decode(0)), value: try row.decode(1)),
                        sourceID: try row.decode(2), firstSeen: try row.decode(3), lastSeen: try row.decode(4))
        }
    }

    struct EventRecord {
        let id: Int64
        let messageID: String
        let type: String
        let name: String?
        let timestamp: Date
        let receivedAt: Date
        let body: String?
    }

    /// A page of a profile's timeline, newest first, strictly before the cursor `(timestamp, id)`.
    static func events(of members: [Int64], type: String?, name: String?, before: (Date, Int64)?, limit: Int,
                       withBodies: Bool, on connection: Connection) throws -> [EventRecord] {
        let cursorTime = before?.0 ?? Date.distantFuture
        let cursorID = before?.1 ?? Int64.max
        return try connection.query(prepared: """
            SELECT id, message_id, type, name, "timestamp", received_at, CASE WHEN \(withBodies) THEN body::text END
            FROM events
            WHERE profile_id = ANY(\(members)) AND profile_id IS NOT NULL
              AND (\(type)::text IS NULL OR type = \(type)) AND (\(name)::text IS NULL OR name = \(name))
              AND ("timestamp", id) < (\(cursorTime), \(cursorID))
            ORDER BY "timestamp" DESC, id DESC LIMIT \(limit)
            """).map { row in
            EventRecord(id: try row.decode(0), messageID: try row.decode(1), type: try row.decode(2),
                        name: try row.decode(3), timestamp: try row.decode(4), receivedAt: try row.decode(5),
                        body: try row.decode(6))
        }
    }

    struct MergeRecord {
        let id: Int64
        let winner: Int64
        let loser: Int64
        let cause: Identifier
        let messageID: String?
        let rule: String
        let createdAt: Date
        let undoneAt: Date?
    }

    /// Every merge that shaped the profile: into it, or into a profile merged into it.
    static func merges(of members: [Int64], on connection: Connection) throws -> [MergeRecord] {
        try connection.query(prepared: """
            SELECT id, winner_id, loser_id, identifier_type, identifier_value, message_id, rule, created_at, undone_at
            FROM merges WHERE winner_id = ANY(\(members)) OR loser_id = ANY(\(members)) ORDER BY id
            """).map { row in
            MergeRecord(id: try row.decode(0), winner: try row.decode(1), loser: try row.decode(2),
                        cause: Identifier(type: IdentifierType(rawValue: try row.decode(3)), value: try row.decode(4)),
                        messageID: try row.decode(5), rule: try row.decode(6), createdAt: try row.decode(7),
                        undoneAt: try row.decode(8))
        }
    }

    struct DecisionRecord {
        let identifier: Identifier
        let reason: String
        let messageID: String?
        let createdAt: Date
    }

    /// Identifiers that arrived on this profile's messages but were not linked, and why.
    static func decisions(of members: [Int64], on connection: Connection, limit: Int = 50) throws -> [DecisionRecord] {
        try connection.query(prepared: """
            SELECT identifier_type, identifier_value, reason, message_id, created_at FROM identity_decisions
            WHERE profile_id = ANY(\(members)) ORDER BY id DESC LIMIT \(limit)
            """).map { row in
            DecisionRecord(identifier: Identifier(type: IdentifierType(rawValue: try row.decode(0)), value: try row.decode(1)),
                           reason: try row.decode(2), messageID: try row.decode(3), createdAt: try row.decode(4))
        }
    }
}
