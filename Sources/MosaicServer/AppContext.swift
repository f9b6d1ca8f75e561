import Foundation
import Logging
import MosaicCore

/// What routes share: settings, the database, the group committer, caches. Built once by
/// `MosaicApp` and passed to each route group.
struct AppContext: Sendable {
    let config: MosaicConfig
    let database: Database
    let committer: GroupCommitter
    let resolver: Resolver
    let rules: IdentityRules
    let writeKeys: KeyCache<Source>
    let apiKeys: KeyCache<APIKeyRecord>
    let logger: Logger
    /// Ids for the events REST upserts store themselves.
    let eventIDs = EventIDBlock()
}
