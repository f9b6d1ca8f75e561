/// A configuration problem, reported as one line naming the key, after which `mosaic` exits with 2.
public struct ConfigError: Error, CustomStringConvertible, Equatable {
    /// The dotted key (`http.max_body_bytes`), or the file for syntax errors.
    public let key: String
    /// What is wrong, in words, without the value when the value may be a secret.
    public let reason: String
    /// Where the value came from (`config/mosaic.toml:12`, `MOSAIC_PORT`, `--port`).
    public let origin: String

    public init(key: String, reason: String, origin: String) {
        self.key = key
        self.reason = reason
        self.origin = origin
    }

    public var description: String { "invalid config \(key) (\(origin)): \(reason)" }
}
