/// A value as a configuration layer supplies it: typed from TOML, text from the environment and flags.
public enum ConfigValue: Sendable, Equatable {
    case text(String)
    case integer(Int)
    case boolean(Bool)
    case list([String])
}

/// One settable key of `MosaicConfig`: its dotted name and how a raw value is checked and stored.
/// The table of them (`ConfigSetting.all`) is the single list of keys that TOML, env and flags share.
struct ConfigSetting: Sendable {
    let key: String
    let apply: @Sendable (inout MosaicConfig, ConfigValue, _ origin: String) throws(ConfigError) -> Void

    /// The environment variable for this key: `http.max_body_bytes` → `MOSAIC_HTTP_MAX_BODY_BYTES`.
    var environmentName: String {
        "MOSAIC_" + key.uppercased().replacingOccurrences(of: ".", with: "_")
    }

    static func string(
        _ key: String, _ path: any WritableKeyPath<MosaicConfig, String> & Sendable,
        allowed: Set<String>? = nil
    ) -> ConfigSetting {
        ConfigSetting(key: key) { config, value, origin throws(ConfigError) in
            guard case .text(let text) = value else {
                throw ConfigError(key: key, reason: "must be a string", origin: origin)
            }
            if let allowed, !allowed.contains(text) {
                throw ConfigError(key: key, reason: "must be one of \(allowed.sorted().joined(separator: ", "))", origin: origin)
            }
            config[keyPath: path] = text
        }
    }

    static func int(
        _ key: String, _ path: any WritableKeyPath<MosaicConfig, Int> & Sendable, range: ClosedRange<Int>
    ) -> ConfigSetting {
        ConfigSetting(key: key) { config, value, origin throws(ConfigError) in
            config[keyPath: path] = try integer(value, key: key, range: range, origin: origin)
        }
    }

    /// An integer whose unset default is derived from other settings.
    static func int(
        _ key: String, _ path: any WritableKeyPath<MosaicConfig, Int?> & Sendable, range: ClosedRange<Int>
    ) -> ConfigSetting {
        ConfigSetting(key: key) { config, value, origin throws(ConfigError) in
            config[keyPath: path] = try integer(value, key: key, range: range, origin: origin)
        }
    }

    private static func integer(
        _ value: ConfigValue, key: String, range: ClosedRange<Int>, origin: String
    ) throws(ConfigError) -> Int {
        let number: Int
        switch value {
        case .integer(let n): number = n
        case .text(let text):
            guard let n = Int(text.replacingOccurrences(of: "_", with: "")) else {
                throw ConfigError(key: key, reason: "must be an integer", origin: origin)
            }
            number = n
        default: throw ConfigError(key: key, reason: "must be an integer", origin: origin)
        }
        guard range.contains(number) else {
            throw ConfigError(key: key, reason: "must be between \(range.lowerBound) and \(range.upperBound)", origin: origin)
        }
        return number
    }

    static func bool(_ key: String, _ path: any WritableKeyPath<MosaicConfig, Bool> & Sendable) -> ConfigSetting {
        ConfigSetting(key: key) { config, value, origin throws(ConfigError) in
            switch value {
            case .boolean(let flag): config[keyPath: path] = flag
            case .text(let text) where ["true", "1", "yes", "on"].contains(text.lowercased()):
                config[keyPath: path] = true
            case .text(let text) where ["false", "0", "no", "off"].contains(text.lowercased()):
                config[keyPath: path] = false
            default: throw ConfigError(key: key, reason: "must be true or false", origin: origin)
            }
        }
    }

    /// A list: a TOML array of strings, or comma-separated text in env and flags.
    static func list(_ key: String, _ path: any WritableKeyPath<MosaicConfig, [String]> & Sendable) -> ConfigSetting {
        ConfigSetting(key: key) { config, value, origin throws(ConfigError) in
            switch value {
            case .list(let items): config[keyPath: path] = items
            case .text(let text):
                config[keyPath: path] = text.split(separator: ",")
                    .map { $0.trimmingCharacters(in: .whitespaces) }
                    .filter { !$0.isEmpty }
            default: throw ConfigError(key: key, reason: "must be a list of strings", origin: origin)
            }
        }
    }

    /// `http` or `https`, `://`, a plain host with an optional port, and nothing after it but `/`.
    static func publicURL(_ key: String, _ path: any WritableKeyPath<MosaicConfig, String> & Sendable) -> ConfigSetting {
        ConfigSetting(key: key) { config, value, origin throws(ConfigError) in
            guard case .text(let text) = value else {
                throw ConfigError(key: key, reason: "must be a string", origin: origin)
            }
            guard text.isEmpty || PublicHost(url: text) != nil else {
                throw ConfigError(key: key, reason: "must be http(s)://host[:port] with no path", origin: origin)
            }
            config[keyPath: path] = text
        }
    }

    static func country(_ key: String, _ path: any WritableKeyPath<MosaicConfig, String> & Sendable) -> ConfigSetting {
        ConfigSetting(key: key) { config, value, origin throws(ConfigError) in
            guard case .text(let text) = value,
                  text.count == 2, text.allSatisfy({ $0.isASCII && $0.isLetter }) else {
                throw ConfigError(key: key, reason: "must be an ISO 3166 two-letter country code", origin: origin)
            }
            config[keyPath: path] = text.uppercased()
        }
    }

    /// Every key, in the order `config/mosaic.toml` documents them.
    static let all: [ConfigSetting] = [
        .string("host", \.host),
        .int("port", \.port, range: 0...65_535),
        .string("data_dir", \.dataDir),
        .string("database_url", \.databaseURL),
        .string("migrations_dir", \.migrationsDir),
        .string("log_level", \.logLevel,
                allowed: ["trace", "debug", "info", "notice", "warning", "error", "critical"]),
        .bool("bench_routes", \.benchRoutes),
        .int("http.max_header_bytes", \.http.maxHeaderBytes, range: 1_024...1_048_576),
        .int("http.max_body_bytes", \.http.maxBodyBytes, range: 1_024...268_435_456),
        .int("http.max_connections", \.http.maxConnections, range: 1...1_000_000),
        .int("http.header_timeout_ms", \.http.headerTimeoutMs, range: 100...600_000),
        .int("http.body_timeout_ms", \.http.bodyTimeoutMs, range: 100...3_600_000),
        .int("http.idle_timeout_ms", \.http.idleTimeoutMs, range: 100...3_600_000),
        .int("http.worker_threads", \.http.workerThreads, range: 1...1_024),
        .list("http.cors_origins", \.http.corsOrigins),
        .publicURL("http.public_url", \.http.publicURL),
        .string("http.client_ip_header", \.http.clientIPHeader),
        .int("database.pool_size", \.database.poolSize, range: 1...1_000),
        .int("database.checkout_timeout_ms", \.database.checkoutTimeoutMs, range: 1...600_000),
        .int("ingestion.max_batch_messages", \.ingestion.maxBatchMessages, range: 1...100_000),
        .int("ingestion.queue_capacity", \.ingestion.queueCapacity, range: 1...10_000_000),
        .int("ingestion.writers", \.ingestion.writers, range: 1...64),
        .int("ingestion.overlap_min_messages", \.ingestion.overlapMinMessages, range: 1...100_000),
        .int("ingestion.retry_after_seconds", \.ingestion.retryAfterSeconds, range: 1...3_600),
        .bool("ingestion.fill_client_ip", \.ingestion.fillClientIP),
        .country("identity.default_country", \.identity.defaultCountry),
        .list("identity.custom_types", \.identity.customTypes),
        .int("identity.link_guard", \.identity.linkGuard, range: 1...1_000_000),
        .int("identity.resolver_batch", \.identity.resolverBatch, range: 1...100_000),
        .bool("identity.resolver_enabled", \.identity.resolverEnabled),
        .int("identity.resolver_workers", \.identity.resolverWorkers, range: 1...64),
    ]

    static let byKey: [String: ConfigSetting] = Dictionary(uniqueKeysWithValues: all.map { ($0.key, $0) })
}
