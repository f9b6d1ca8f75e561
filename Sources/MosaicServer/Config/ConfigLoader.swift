import Foundation

/// Builds a `MosaicConfig` from its layers, each overriding the one before:
/// defaults ← the TOML file ← `MOSAIC_*` environment ← command-line flags.
public struct ConfigLoader: Sendable {
    /// The file used when `--config` is not given, if it exists.
    public static let defaultFile = "config/mosaic.toml"

    public var file: String?
    public var environment: [String: String]
    /// Flag values by dotted key, e.g. `["port": "9000"]`.
    public var flags: [String: String]

    public init(file: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment,
                flags: [String: String] = [:]) {
        self.file = file
        self.environment = environment
        self.flags = flags
    }

    /// - Throws: `ConfigError` naming the first bad key (unknown key, wrong type, out of range,
    ///   unreadable or malformed file).
    public func load() throws(ConfigError) -> MosaicConfig {
        var config = MosaicConfig()
        if let path = resolvedFile() {
            try applyFile(path, to: &config)
        }
        for setting in ConfigSetting.all {
            if let text = environment[setting.environmentName] {
                try setting.apply(&config, .text(text), setting.environmentName)
            }
        }
        for (key, text) in flags.sorted(by: { $0.key < $1.key }) {
            guard let setting = ConfigSetting.byKey[key] else {
                throw ConfigError(key: key, reason: "unknown setting", origin: "flag")
            }
            try setting.apply(&config, .text(text), "--" + key.replacingOccurrences(of: "_", with: "-"))
        }
        return config
    }

    /// `--config` (or `MOSAIC_CONFIG`) must exist when given; the default file is optional.
    private func resolvedFile() -> String? {
        if let file { return file }
        if let fromEnv = environment["MOSAIC_CONFIG"], !fromEnv.isEmpty { return fromEnv }
        return FileManager.default.fileExists(atPath: Self.defaultFile) ? Self.defaultFile : nil
    }

    private func applyFile(_ path: String, to config: inout MosaicConfig) throws(ConfigError) {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigError(key: path, reason: "cannot read the file", origin: "--config")
        }
        for entry in try ConfigFileReader.entries(of: text, path: path) {
            guard let setting = ConfigSetting.byKey[entry.key] else {
                throw ConfigError(key: entry.key, reason: "unknown setting", origin: entry.origin)
            }
            try setting.apply(&config, entry.value, entry.origin)
        }
    }
}
