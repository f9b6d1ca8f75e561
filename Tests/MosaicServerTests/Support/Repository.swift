import Foundation

/// Paths inside this checkout, derived from this file's location so tests work from any
/// working directory (`swift test`, an IDE, `make test`).
enum Repository {
    /// `<root>/Tests/MosaicServerTests/Support/Repository.swift` → `<root>`.
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Support
        .deletingLastPathComponent()  // MosaicServerTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    static var migrations: String { root.appendingPathComponent("migrations").path }

    /// The debug `mosaic` binary `swift build` leaves behind, if it is there.
    static var debugBinary: String? {
        let candidates = [
            root.appendingPathComponent(".build/debug/mosaic").path,
            root.appendingPathComponent(".build/x86_64-unknown-linux-gnu/debug/mosaic").path,
            root.appendingPathComponent(".build/aarch64-unknown-linux-gnu/debug/mosaic").path,
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
