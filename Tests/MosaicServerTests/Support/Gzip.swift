import Foundation

/// gzip through the system's `gzip` program: an encoder independent of the server's zlib
/// use, so a test of `Content-Encoding: gzip` cannot pass by sharing the server's mistake.
enum Gzip {
    struct Unavailable: Error, CustomStringConvertible {
        var description: String { "gzip(1) is not installed" }
    }

    static func compress(_ bytes: [UInt8]) throws -> [UInt8] {
        guard let path = ["/usr/bin/gzip", "/bin/gzip"].first(where: FileManager.default.isExecutableFile) else {
            throw Unavailable()
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["-c", "-n"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        // Write from another thread: gzip's output pipe would fill and deadlock a large input.
        let writer = Thread {
            input.fileHandleForWriting.write(Data(bytes))
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Array(data)
    }
}
