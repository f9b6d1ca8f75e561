import Foundation
import Testing
import TestSupport

/// The resolver's threads past the first yield the CPU to ingestion (nice 10), and every thread
/// carries a name the kernel keeps (15 bytes at most), so `top -H` and `perf` can tell them apart.
@Suite struct ResolverThreadsTests {
    /// This process's threads: kernel name and nice value (field 19 of `stat`, after the name).
    static func threads() throws -> [(name: String, nice: Int)] {
        try FileManager.default.contentsOfDirectory(atPath: "/proc/self/task").compactMap { task in
            guard let name = try? String(contentsOfFile: "/proc/self/task/\(task)/comm", encoding: .utf8),
                  let stat = try? String(contentsOfFile: "/proc/self/task/\(task)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return nil }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            // After the name: state is field 3, so nice (field 19) is the 17th.
            guard fields.count > 16, let nice = Int(fields[16]) else { return nil }
            return (name.trimmingCharacters(in: .newlines), nice)
        }
    }

    @Test func secondResolverThread_runsAtLowerPriority_andThreadsAreNamed() throws {
        let mosaic = try LiveMosaic(conninfo: try TestDatabase.create(prefix: "resolver_threads").conninfo,
                                    configure: { $0.identity.resolverWorkers = 3 })
        defer { mosaic.stop() }
        let threads = try Self.threads()
        let byName = Dictionary(grouping: threads, by: \.name)
        // Other suites' instances run in this process too: every thread of a name must agree.
        #expect(byName["resolver.0"]?.isEmpty == false)
        #expect(byName["resolver.0"]?.allSatisfy { $0.nice == 0 } == true)
        for name in ["resolver.1", "resolver.2"] {
            #expect(byName[name]?.isEmpty == false, "\(name)")
            #expect(byName[name]?.allSatisfy { $0.nice == 10 } == true, "\(name)")
        }
        for name in ["ingest.0", "http.io.0", "http.worker.0"] {
            #expect(byName[name]?.isEmpty == false, "\(name)")
        }
    }
}
