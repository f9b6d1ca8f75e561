import Dispatch
import Logging
import Postgres
import Foundation

/// Keeps the monthly `events` partitions created ahead while the server runs for months: at
/// start-up (by `MosaicApp`) and then twice a day (idempotent, so several instances may all do it).
final class PartitionMaintainer: @unchecked Sendable {
    private let pool: Pool
    private let logger: Logger
    private let interval: DispatchTimeInterval
    /// Made in `start()`: libdispatch traps on releasing a source that was never resumed.
    /// Guarded by `lock`.
    private var timer: (any DispatchSourceTimer)?
    private let lock = NSLock()

    init(pool: Pool, logger: Logger, interval: DispatchTimeInterval = .seconds(12 * 3_600)) {
        self.pool = pool
        self.logger = logger
        self.interval = interval
    }

    func start() {
        let source = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "mosaic.partitions"))
        source.schedule(deadline: .now() + interval, repeating: interval, leeway: .seconds(60))
        source.setEventHandler { [pool, logger] in
            do {
                try pool.withConnection { try EventStore.ensurePartitions(on: $0) }
            } catch {
                logger.error("events.partitions.failed", metadata: ["error": "\(error)"])
            }
        }
        source.resume()
        lock.withLock { timer = source }
    }

    func stop() {
        lock.withLock {
            timer?.cancel()
            timer = nil
        }
    }
}
