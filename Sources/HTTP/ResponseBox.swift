import Dispatch
import Synchronization

/// Holds the first response given to a deferred handler's callback and lets one thread wait
/// for it; later calls are ignored, as the `DeferredHandler` contract promises.
final class ResponseBox: Sendable {
    private let state = Mutex<Response?>(nil)
    private let ready = DispatchSemaphore(value: 0)

    func set(_ response: Response) {
        let first = state.withLock { stored -> Bool in
            if stored != nil { return false }
            stored = response
            return true
        }
        if first { ready.signal() }
    }

    func wait() -> Response {
        ready.wait()
        return state.withLock { $0 } ?? Response(status: .internalServerError)
    }
}
