import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Starts the long-lived threads of the server and of its background work under names the kernel
/// knows, so `top -H`, `perf` and `/proc/<pid>/task/*/comm` tell them apart: on Linux,
/// Foundation's `Thread.name` names only the `Thread` object.
public enum NamedThread {
    /// - Parameters:
    ///   - name: Linux keeps its first 15 bytes.
    ///   - niceness: the thread's nice value (Linux keeps one per thread); above 0, it gets CPU
    ///     only as far as threads at 0 leave it.
    ///
    /// Returns once the thread runs under its name and priority, so whoever started it (a test
    /// reading `/proc`, an operator's `top -H`) never sees it half-made.
    public static func start(_ name: String, stackSize: Int? = nil, niceness: Int32 = 0,
                             _ body: @escaping @Sendable () -> Void) {
        let named = DispatchSemaphore(value: 0)
        let thread = Thread {
            // Priority first: a thread seen under its name has its priority too.
            // PRIO_PROCESS with 0 names the calling thread.
            if niceness != 0 { _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, niceness) }
            // What `pthread_setname_np` does (Glibc's module does not export it).
            try? name.write(toFile: "/proc/thread-self/comm", atomically: false, encoding: .utf8)
            named.signal()
            body()
        }
        thread.name = name
        if let stackSize { thread.stackSize = stackSize }
        thread.start()
        named.wait()
    }
}
