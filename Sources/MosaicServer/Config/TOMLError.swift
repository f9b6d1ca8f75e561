/// A config file that is not the TOML we read, with the 1-based line where it went wrong.
///
/// The reason names keys but never values: config files hold database passwords.
public struct TOMLError: Error, Sendable, Hashable, CustomStringConvertible {
    public let line: Int
    public let reason: String

    public init(line: Int, reason: String) {
        self.line = line
        self.reason = reason
    }

    public var description: String { "line \(line): \(reason)" }
}
