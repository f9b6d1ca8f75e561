/// Why a local PostgreSQL cluster could not be prepared, started or stopped.
public enum LocalClusterError: Error, Sendable, CustomStringConvertible {
    /// `initdb`/`pg_ctl`/`postgres` not on PATH nor under /usr/lib/postgresql/*/bin.
    case binariesNotFound(searched: [String])
    /// Running as root but the unprivileged user (normally `postgres`) does not exist.
    case unknownUser(String)
    /// A path or setting the server cannot take: a newline in a value, or a socket path
    /// longer than the 107 bytes a Unix socket address holds.
    case unsupportedPath(String)
    case fileSystem(operation: String, path: String, errno: Int32)
    /// A helper program failed; `output` is its combined stdout/stderr (no personal data there).
    case commandFailed(command: String, status: Int32, output: String)
    case startTimedOut(logTail: String)

    public var description: String {
        switch self {
        case .binariesNotFound(let searched):
            return "PostgreSQL binaries (initdb, pg_ctl, postgres) not found in: \(searched.joined(separator: ", "))"
        case .unknownUser(let user):
            return "running as root needs the unprivileged user \"\(user)\" to run PostgreSQL, but it does not exist"
        case .unsupportedPath(let path):
            return "\(path) cannot be passed to the server (newline, bad setting name, or socket path over 107 bytes)"
        case .fileSystem(let operation, let path, let code):
            return "\(operation) \(path) failed: \(String(cString: strerror(code)))"
        case .commandFailed(let command, let status, let output):
            return "\(command) exited with status \(status): \(output)"
        case .startTimedOut(let logTail):
            return "PostgreSQL did not become ready in time; server log ends with: \(logTail)"
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
