import Dispatch
import Foundation

/// A fixed set of threads for handlers that block (libpq calls). Fixed, because libdispatch's
/// global queues either starve or spawn without bound when their work blocks. The queue is not
/// bounded here: each connection has at most one job in flight and connections are bounded.
final class WorkerPool: @unchecked Sendable {
    typealias Job = @Sendable () -> Void

    private struct State {
        var jobs: [Job] = []
        var head = 0
        var stopping = false
    }

    /// Guards `state`. `NSLock` (a plain futex) rather than `Mutex`, whose priority-inheritance
    /// futex turns every contended hand-off between the loops and the workers into a slow path.
    private let lock = NSLock()
    private var state = State()
    private let available = DispatchSemaphore(value: 0)
    private let threadCount: Int

    init(threads: Int, name: String = "http.worker") {
        threadCount = threads
        for index in 0..<threads {
            NamedThread.start("\(name).\(index)", stackSize: 1 << 20) { [self] in self.run() }
        }
    }

    func submit(_ job: @escaping Job) {
        withState { $0.jobs.append(job) }
        available.signal()
    }

    /// Lets queued jobs finish, then ends the threads. Does not wait for them.
    func shutdown() {
        let alreadyStopping = withState { state -> Bool in
            defer { state.stopping = true }
            return state.stopping
        }
        if alreadyStopping { return }
        for _ in 0..<threadCount { available.signal() }
    }

    private func withState<T>(_ body: (inout State) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&state)
    }

    private func run() {
        while true {
            available.wait()
            let job: Job? = withState { state in
                guard state.head < state.jobs.count else { return nil }
                let job = state.jobs[state.head]
                state.head += 1
                if state.head == state.jobs.count {
                    state.jobs.removeAll(keepingCapacity: true)
                    state.head = 0
                } else if state.head > 1024 && state.head * 2 > state.jobs.count {
                    state.jobs.removeFirst(state.head)
                    state.head = 0
                }
                return job
            }
            if let job {
                job()
            } else if withState({ $0.stopping }) {
                return
            }
        }
    }
}
