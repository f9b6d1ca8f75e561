import CLibPQ

/// Streams rows into a running `COPY … FROM STDIN` in PostgreSQL's text format.
///
/// Rows are buffered and sent in chunks of about 64 KB: one `PQputCopyData` per row would
/// cost a syscall per row and halve COPY's throughput.
public final class CopyWriter {
    private let connection: Connection
    private var buffer: [UInt8] = []
    private let flushThreshold = 64 * 1024
    /// Rows written so far by this writer.
    public private(set) var rowsWritten = 0

    init(connection: Connection) {
        self.connection = connection
        buffer.reserveCapacity(flushThreshold + 4096)
    }

    /// Writes one row; `nil` fields are SQL NULL (`\N`). Fields are escaped, so tabs,
    /// newlines and backslashes inside values stay data.
    public func write(_ fields: [String?]) throws {
        for (index, field) in fields.enumerated() {
            if index > 0 { buffer.append(0x09) }
            guard let field else {
                buffer.append(UInt8(ascii: "\\"))
                buffer.append(UInt8(ascii: "N"))
                continue
            }
            CopyText.escape(field, into: &buffer)
        }
        buffer.append(0x0a)
        rowsWritten += 1
        if buffer.count >= flushThreshold { try flush() }
    }

    /// Variadic form of `write(_:)`.
    public func write(_ fields: String?...) throws {
        try write(fields)
    }

    /// Writes values through their bind text (`Int`, `Date`, `UUID`, `PostgresJSON`, arrays, …).
    public func write(values: [(any PostgresEncodable)?]) throws {
        try write(values.map { $0?.postgresTextValue.text })
    }

    func flush() throws {
        guard !buffer.isEmpty else { return }
        let handle = try connection.liveHandle("copy")
        let status = buffer.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { PQputCopyData(handle, $0.baseAddress, Int32($0.count)) }
        }
        buffer.removeAll(keepingCapacity: true)
        guard status == 1 else { throw connection.connectionError(operation: "copy") }
    }
}

/// COPY text-format escaping (PostgreSQL manual, COPY, "Text Format").
public enum CopyText {
    /// Appends `field` with backslash, tab, newline and carriage return escaped.
    public static func escape(_ field: String, into buffer: inout [UInt8]) {
        for byte in field.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): buffer.append(UInt8(ascii: "\\")); buffer.append(UInt8(ascii: "\\"))
            case 0x09: buffer.append(UInt8(ascii: "\\")); buffer.append(UInt8(ascii: "t"))
            case 0x0a: buffer.append(UInt8(ascii: "\\")); buffer.append(UInt8(ascii: "n"))
            case 0x0d: buffer.append(UInt8(ascii: "\\")); buffer.append(UInt8(ascii: "r"))
            default: buffer.append(byte)
            }
        }
    }

    /// The escaped form of one field as a String (`nil` → `\N`).
    public static func escape(_ field: String?) -> String {
        guard let field else { return "\\N" }
        var buffer: [UInt8] = []
        escape(field, into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }
}
