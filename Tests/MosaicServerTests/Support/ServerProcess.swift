import Foundation

/// The real `mosaic serve` binary as a child process, so a test can SIGKILL it.
final class ServerProcess: @unchecked Sendable {
    struct StartFailure: Error, CustomStringConvertible {
        var description: String
    }

    let process = Process()
    let logPath: String
    private(set) var port = 0

    /// Starts `mosaic serve --database-url <conninfo> --port 0` from the repository root and
    /// waits (bounded) for its `mosaic listening on http://127.0.0.1:PORT` line.
    init(binary: String, conninfo: String, timeout: TimeInterval = 60) throws {
        logPath = NSTemporaryDirectory() + "mosaic-serve-\(UUID().uuidString.prefix(8)).log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["serve", "--database-url", conninfo, "--port", "0"]
        process.currentDirectoryURL = Repository.root
        var environment = ProcessInfo.processInfo.environment
        environment["MOSAIC_LOG_LEVEL"] = "warning"
        process.environment = environment
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        try process.run()

        let found = PortBox()
        let reader = Thread {
            var text = ""
            while true {
                let data = stdout.fileHandleForReading.availableData
                if data.isEmpty { break }
                text += String(decoding: data, as: UTF8.self)
                if let range = text.range(of: "mosaic listening on http://127.0.0.1:"),
                   let line = text[range.upperBound...].split(separator: "\n").first,
                   text[range.upperBound...].contains("\n"), let port = Int(line) {
                    found.set(port)
                }
            }
            found.set(0)
        }
        reader.start()
        guard let port = found.wait(timeout: timeout), port > 0 else {
            process.terminate()
            throw StartFailure(description: "mosaic serve did not report its port; log: \(logTail())")
        }
        self.port = port
    }

    var pid: pid_t { process.processIdentifier }

    func kill9() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    func logTail() -> String {
        let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        return String(text.suffix(2_000))
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(atPath: logPath)
    }
}
