import Foundation
import Logging

/// What routes share: settings, the database, the group committer, caches. Built once by
/// `MosaicApp` and passed to each route group.
struct AppContext: Sendable {
    let config: MosaicConfig
    let database: Database
    let committer: GroupCommitter
    let writeKeys: WriteKeyCache
    let logger: Logger
}
