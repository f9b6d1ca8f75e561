import Foundation
import Postgres

/// SQL for `GET /v1/profiles?query=`: live profiles whose email, phone, user id or name starts
/// with the query, in id order after a cursor (keyset pagination).
enum ProfileSearch {
    struct Hit {
        let id: Int64
        let lastSeen: Date?
    }

    /// - Parameter query: already trimmed; matched case-insensitively as a prefix.
    static func search(_ query: String, after cursor: Int64, limit: Int, on connection: Connection) throws -> [Hit] {
        let prefix = escapeLike(query.lowercased()) + "%"
        let digits = query.filter(\.isNumber)
        // Phones are stored in E.164: match on their digits when the query is mostly digits.
        let phone = digits.count >= 3 && digits.count * 2 >= query.count ? "+" + escapeLike(digits) + "%" : ""
        return try connection.query(prepared: """
            SELECT DISTINCT coalesce(p.merged_into, p.id) AS live, p2.last_seen_at
            FROM (
                SELECT profile_id FROM identities WHERE type = 'email' AND value LIKE \(prefix)
                UNION SELECT profile_id FROM identities WHERE type = 'user_id' AND lower(value) LIKE \(prefix)
                UNION SELECT profile_id FROM identities WHERE type = 'phone' AND \(phone) <> '' AND value LIKE \(phone)
                UNION SELECT profile_id FROM trait_lineage
                      WHERE key IN ('name', 'first_name', 'last_name') AND lower(value #>> '{}') LIKE \(prefix)
            ) AS m
            JOIN profiles p ON p.id = m.profile_id
            JOIN profiles p2 ON p2.id = coalesce(p.merged_into, p.id)
            WHERE coalesce(p.merged_into, p.id) > \(cursor)
            ORDER BY live LIMIT \(limit)
            """).map { Hit(id: try $0.decode(0), lastSeen: try $0.decode(1)) }
    }

    /// LIKE treats `%`, `_` and `\` as special: a query containing them matches them literally.
    static func escapeLike(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }
}
