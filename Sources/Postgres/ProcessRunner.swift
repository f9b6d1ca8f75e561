import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Runs a helper program to completion, optionally as another user via `runuser`.
///
/// Uses posix_spawn + waitpid rather than Foundation's `Process`: `pg_ctl start` leaves a
/// daemon behind that inherits descriptors, and `Process` can then wait forever for an exit
/// notification. Output goes to a temporary file (not a pipe) for the same reason, and every
/// descriptor above stderr is closed in the child so the server holds none of ours.
enum ProcessRunner {
    struct Outcome {
        var status: Int32
        var output: String
    }

    static func run(_ executable: String, _ arguments: [String], asUser user: String?) throws -> Outcome {
        var argv = [executable]
        if let user { argv = [try runuserPath(), "-u", user, "--", executable] }
        let arguments = argv + arguments
        let outputPath = NSTemporaryDirectory() + "mosaic-pg-\(UUID().uuidString).out"
        defer { unlink(outputPath) }
        let outputFD = open(outputPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard outputFD >= 0 else { throw LocalClusterError.fileSystem(operation: "create", path: outputPath, errno: errno) }
        defer { close(outputFD) }

        var environment = ProcessInfo.processInfo.environment
        // Keep the server's locale out of our environment's accidents.
        environment["LC_ALL"] = "C"
        environment["LANG"] = "C"
        let envStrings = environment.map { "\($0.key)=\($0.value)" }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outputFD, 1)
        posix_spawn_file_actions_adddup2(&actions, outputFD, 2)
        // closefrom is not exported to Swift; close every descriptor we have open instead.
        for fd in openDescriptors() where fd > 2 && fd != outputFD {
            posix_spawn_file_actions_addclose(&actions, fd)
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var defaultSignals = sigset_t()
        sigemptyset(&defaultSignals)
        for signal in [SIGPIPE, SIGCHLD, SIGTERM, SIGINT, SIGQUIT, SIGHUP, SIGUSR1, SIGUSR2] {
            sigaddset(&defaultSignals, signal)
        }
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &defaultSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var pid: pid_t = 0
        let spawnStatus = withCStrings(arguments) { argvPointers in
            withCStrings(envStrings) { envPointers in
                posix_spawn(&pid, arguments[0], &actions, &attributes, argvPointers, envPointers)
            }
        }
        guard spawnStatus == 0 else {
            throw LocalClusterError.commandFailed(
                command: arguments[0], status: -1, output: String(cString: strerror(spawnStatus)))
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else {
                throw LocalClusterError.commandFailed(command: executable, status: -1, output: "waitpid failed")
            }
        }
        let exitCode: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        return Outcome(status: exitCode, output: text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    static func runuserPath() throws -> String {
        for candidate in ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser", "/bin/runuser"]
        where FileManager.default.isExecutableFile(atPath: candidate) {
            return candidate
        }
        throw LocalClusterError.binariesNotFound(searched: ["runuser in /usr/sbin, /sbin, /usr/bin, /bin"])
    }

    private static func openDescriptors() -> [Int32] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return names.compactMap { Int32($0) }
    }

    /// A NULL-terminated `char *[]` whose strings live only during `body`.
    private static func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
        let pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) } + [nil]
        defer { pointers.forEach { free($0) } }
        return body(pointers)
    }
}
