import Dispatch
import Synchronization

extension Server {
    /// Serves until SIGINT or SIGTERM, then shuts down gracefully and returns the signal number,
    /// so an executable's `serve` is `try server.start(); server.runUntilSignalled()`.
    @discardableResult
    public func runUntilSignalled(gracePeriod: Duration = .seconds(10)) -> Int32 {
        do {
            let signals = [Platform.interrupt, Platform.terminate]
            let queue = DispatchQueue(label: "mosaic.http.signals")
            let box = SignalBox()
            let sources = signals.map { number -> any DispatchSourceSignal in
                // The default action would kill the process before the source sees the signal.
                Platform.ignore(signal: number)
                let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
                source.setEventHandler { [self] in
                    box.record(number)
                    shutdown(gracePeriod: gracePeriod)
                }
                source.activate()
                return source
            }
            waitUntilStopped()
            for source in sources { source.cancel() }
            for number in signals { Platform.restoreDefault(signal: number) }
            return box.value
        }
    }
}

/// The first signal received, shared between the signal queue and the waiting thread.
private final class SignalBox: Sendable {
    private let received = Atomic<Int32>(0)

    func record(_ number: Int32) {
        _ = received.compareExchange(expected: 0, desired: number, ordering: .relaxed)
    }

    var value: Int32 { received.load(ordering: .relaxed) }
}
