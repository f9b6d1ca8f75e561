import Foundation
@testable import MosaicServer
import Testing

/// Configuration layers: defaults ← TOML file ← MOSAIC_* environment ← flags, and one clear
/// error naming the key for anything wrong.
struct ConfigLoaderTests {
    func file(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("mosaic-\(UUID().uuidString).toml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func defaults_withoutAnyLayer() throws {
        let config = try ConfigLoader(file: nil, environment: [:], flags: [:]).load()
        #expect(config == MosaicConfig())
        #expect(config.port == 8080 && config.host == "127.0.0.1" && config.dataDir == ".mosaic")
    }

    /// Unset, the worker threads follow the request pool (a worker holds one connection at a time).
    @Test func workerThreads_followThePoolSize_unlessSet() throws {
        var config = try ConfigLoader(file: nil, environment: ["MOSAIC_DATABASE_POOL_SIZE": "6"], flags: [:]).load()
        #expect(config.http.workerThreads == nil)
        #expect(MosaicApp.serverConfiguration(config).workerThreads == 6)
        config.http.workerThreads = 9
        #expect(MosaicApp.serverConfiguration(config).workerThreads == 9)
    }

    @Test func layersOverrideInOrder() throws {
        let path = try file("""
            port = 9000
            log_level = "debug"
            [http]
            max_body_bytes = 2_048
            cors_origins = ["https://shop.example"]
            public_url = "https://cdp.example.com:8443/"
            [identity]
            default_country = "pl"
            custom_types = ["wechat_id"]
            """)
        let config = try ConfigLoader(file: path, environment: ["MOSAIC_PORT": "9100", "MOSAIC_HTTP_WORKER_THREADS": "8"],
                                      flags: ["port": "9200"]).load()
        #expect(config.port == 9200)
        #expect(config.logLevel == "debug")
        #expect(config.http.maxBodyBytes == 2_048)
        #expect(config.http.workerThreads == 8)
        #expect(config.http.corsOrigins == ["https://shop.example"])
        #expect(config.http.publicURL == "https://cdp.example.com:8443/")
        #expect(PublicHost(url: config.http.publicURL) == PublicHost(scheme: "https", name: "cdp.example.com:8443"))
        #expect(config.identity.defaultCountry == "PL")
        #expect(config.identity.customTypes == ["wechat_id"])
    }

    @Test(arguments: [
        ("port = \"x\"", [String: String](), "port"),
        ("port = 70000", [:], "port"),
        ("porrt = 1", [:], "porrt"),
        ("[http]\nmax_body_bytes = 1.5", [:], "http.max_body_bytes"),
        ("log_level = \"loud\"", [:], "log_level"),
        ("[identity]\ndefault_country = \"Poland\"", [:], "identity.default_country"),
        ("port = ", [:], "line 1"),
        ("", ["MOSAIC_PORT": "eighty"], "port"),
        ("", ["MOSAIC_BENCH_ROUTES": "maybe"], "bench_routes"),
        ("", ["MOSAIC_INGESTION_WRITERS": "0"], "ingestion.writers"),
        ("", ["MOSAIC_HTTP_WORKER_THREADS": "0"], "http.worker_threads"),
        ("[identity]\nresolver_workers = 0", [:], "identity.resolver_workers"),
        ("[http]\npublic_url = \"cdp.example.com\"", [:], "http.public_url"),
        ("", ["MOSAIC_HTTP_PUBLIC_URL": "https://cdp.example.com/v1"], "http.public_url"),
        ("", ["MOSAIC_HTTP_PUBLIC_URL": "ftp://cdp.example.com"], "http.public_url"),
        ("", ["MOSAIC_HTTP_PUBLIC_URL": "https://user@cdp.example.com"], "http.public_url"),
    ])
    func badValues_failWithTheKeyNamed(text: String, environment: [String: String], key: String) throws {
        let path = try file(text)
        do {
            _ = try ConfigLoader(file: path, environment: environment, flags: [:]).load()
            Issue.record("expected a ConfigError for \(key)")
        } catch {
            #expect(error.description.contains(key), "\(error)")
            #expect(!error.description.contains("\n"))
        }
    }

    @Test func missingConfigFile_isAnError() {
        #expect(throws: ConfigError.self) {
            try ConfigLoader(file: "/nonexistent/mosaic.toml", environment: [:], flags: [:]).load()
        }
    }

    @Test func shippedConfigFile_isValidAndMatchesTheDefaults() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let config = try ConfigLoader(file: repository.appendingPathComponent("config/mosaic.toml").path,
                                      environment: [:], flags: [:]).load()
        #expect(config == MosaicConfig())
    }
}
