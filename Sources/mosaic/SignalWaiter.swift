import Dispatch
import Foundation

/// Blocks until SIGTERM or SIGINT, delivered through Dispatch rather than a raw signal handler
/// (so the work after it is ordinary code, not async-signal-unsafe).
enum SignalWaiter {
    static func waitForTermination() {
        let done = DispatchSemaphore(value: 0)
        let queue = DispatchQueue(label: "mosaic.signals")
        var sources: [any DispatchSourceSignal] = []
        for signalNumber in [SIGTERM, SIGINT] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
            source.setEventHandler { done.signal() }
            source.resume()
            sources.append(source)
        }
        done.wait()
        sources.forEach { $0.cancel() }
    }
}
