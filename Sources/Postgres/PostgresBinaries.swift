import Foundation

/// Locates the server programs of one PostgreSQL installation.
struct PostgresBinaries: Sendable {
    let directory: String

    var initdb: String { directory + "/initdb" }
    var pgCtl: String { directory + "/pg_ctl" }
    var postgres: String { directory + "/postgres" }

    /// PATH first (the user's choice), then the highest `/usr/lib/postgresql/<major>/bin` (Debian).
    static func find(in explicit: String?) throws -> PostgresBinaries {
        var searched: [String] = []
        var candidates: [String] = []
        if let explicit {
            candidates = [explicit]
        } else {
            let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
            candidates = path.split(separator: ":").map(String.init)
            let root = "/usr/lib/postgresql"
            let names: [String] = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
            var versions: [(name: String, number: Double)] = []
            for name in names {
                if let number = Double(name) { versions.append((name, number)) }
            }
            versions.sort { $0.number > $1.number }
            for version in versions { candidates.append("\(root)/\(version.name)/bin") }
        }
        for directory in candidates {
            searched.append(directory)
            let binaries = PostgresBinaries(directory: directory)
            if [binaries.initdb, binaries.pgCtl, binaries.postgres].allSatisfy(FileManager.default.isExecutableFile) {
                return binaries
            }
        }
        throw LocalClusterError.binariesNotFound(searched: searched)
    }
}
