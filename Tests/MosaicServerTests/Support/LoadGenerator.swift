import Foundation
import Synchronization

/// A bounded tracking load from a few threads, each message with a unique `messageId`, that
/// remembers exactly which messages were acknowledged with a 200.
final class LoadGenerator: Sendable {
    struct Outcome: Sendable {
        var acknowledged: Set<String> = []
        /// Status → count of answered requests.
        var statuses: [Int: Int] = [:]
        /// Requests that got no answer (connection refused/reset, timeout).
        var failures = 0
        /// The slowest answered request.
        var slowest: Duration = .zero
        /// 503s that carried a Retry-After header.
        var retryAfterOn503 = 0
        /// The first few answers that were neither 200 nor 503, for the failure message.
        var unexpected: [String] = []
    }

    private let state = Mutex(Outcome())
    private let stopFlag = Atomic<Bool>(false)
    private let port: Int
    private let writeKey: String
    private let prefix: String
    private let group = DispatchGroup()

    init(port: Int, writeKey: String, prefix: String = UUID().uuidString.prefix(8).lowercased()) {
        self.port = port
        self.writeKey = writeKey
        self.prefix = prefix
    }

    /// Starts `threads` senders of at most `requestsPerThread` requests each. Every third
    /// request is a batch of five, so batches and single calls are both in flight.
    /// - Parameter stopOnFailure: a sender stops at its first unanswered request (the server died).
    func start(threads: Int, requestsPerThread: Int, stopOnFailure: Bool, pause: TimeInterval = 0) {
        for thread in 0..<threads {
            group.enter()
            Thread { [self] in
                defer { group.leave() }
                let client = TrackingClient(port: port)
                for index in 0..<requestsPerThread where !stopFlag.load(ordering: .relaxed) {
                    let ids = index % 3 == 2
                        ? (0..<5).map { "\(prefix)-\(thread)-\(index)-\($0)" } : ["\(prefix)-\(thread)-\(index)"]
                    let request = Self.request(ids: ids, writeKey: writeKey)
                    let started = ContinuousClock.now
                    do {
                        let answer = try client.answer(request, timeout: .seconds(15))
                        let elapsed = ContinuousClock.now - started
                        state.withLock { outcome in
                            outcome.statuses[answer.status, default: 0] += 1
                            outcome.slowest = max(outcome.slowest, elapsed)
                            if answer.status == 200 && answer.success == true { outcome.acknowledged.formUnion(ids) }
                            if answer.status == 503 && answer.retryAfter != nil { outcome.retryAfterOn503 += 1 }
                            if answer.status != 200 && answer.status != 503 && outcome.unexpected.count < 3 {
                                outcome.unexpected.append(answer.description)
                            }
                        }
                    } catch {
                        state.withLock { $0.failures += 1 }
                        if stopOnFailure { return }
                    }
                    if pause > 0 { Thread.sleep(forTimeInterval: pause) }
                }
            }.start()
        }
    }

    var snapshot: Outcome { state.withLock { $0 } }

    func stop() { stopFlag.store(true, ordering: .relaxed) }

    /// Waits for every sender to finish; false on timeout.
    func wait(timeout: TimeInterval) -> Bool {
        group.wait(timeout: .now() + timeout) == .success
    }

    private static func request(ids: [String], writeKey: String) -> TrackingRequest {
        let messages = ids.map {
            #"{"type":"track","userId":"load-user","event":"Load","messageId":"\#($0)","properties":{"n":1}}"#
        }
        if messages.count == 1 {
            return TrackingRequest(path: "/v1/track", json: messages[0], writeKey: writeKey)
        }
        return TrackingRequest(path: "/v1/batch", json: #"{"batch":[\#(messages.joined(separator: ","))]}"#,
                               writeKey: writeKey)
    }
}
