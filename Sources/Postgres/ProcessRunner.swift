import Foundation

/// Runs a helper program to completion, optionally as another user via `runuser`.
///
/// Output goes to a temporary file rather than a pipe: `pg_ctl start` leaves a daemon behind,
/// and a daemon that inherited a pipe would keep us waiting for EOF forever.
enum ProcessRunner {
    struct Outcome {
        var status: Int32
        var output: String
    }

    static func run(_ executable: String, _ arguments: [String], asUser user: String?) throws -> Outcome {
        let process = Process()
        if let user {
            process.executableURL = URL(fileURLWithPath: try runuserPath())
            process.arguments = ["-u", user, "--", executable] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        }
        let outputPath = NSTemporaryDirectory() + "mosaic-pg-\(UUID().uuidString).out"
        _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        // Keep the server's locale and time zone out of our environment's accidents.
        var environment = ProcessInfo.processInfo.environment
        environment["LC_ALL"] = "C"
        environment["LANG"] = "C"
        process.environment = environment
        do {
            try process.run()
        } catch {
            try? output.close()
            throw LocalClusterError.commandFailed(command: executable, status: -1, output: "\(error)")
        }
        process.waitUntilExit()
        try? output.close()
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        return Outcome(status: process.terminationStatus, output: text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    static func runuserPath() throws -> String {
        for candidate in ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser", "/bin/runuser"]
        where FileManager.default.isExecutableFile(atPath: candidate) {
            return candidate
        }
        throw LocalClusterError.binariesNotFound(searched: ["runuser in /usr/sbin, /sbin, /usr/bin, /bin"])
    }
}
