import Foundation

/// What the database holds for one source, read the way an auditor would: straight from the
/// tables, not through the API under test.
struct StoredEvent: Sendable, Equatable {
    var messageID: String
    var type: String
    var name: String?
    var userID: String?
    var anonymousID: String?
    var timestamp: Date
    var receivedAt: Date
    var body: String
    var profileID: Int64?
}
