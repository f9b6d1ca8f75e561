import Synchronization

/// Collects values from concurrent request threads.
final class StatusLog: Sendable {
    private let storage = Mutex<[Int]>([])

    func append(_ value: Int) { storage.withLock { $0.append(value) } }

    var values: [Int] { storage.withLock { $0 } }
}
