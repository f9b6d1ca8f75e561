/// Parser for one-dimensional array output (`{a,"b c",NULL,"q\"x"}`).
enum PostgresArrayLiteral {
    /// Returns the elements (nil for an unquoted NULL), or nil for anything malformed or
    /// multi-dimensional; a dimension prefix like `[0:1]={…}` is accepted and skipped.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> [String?]? {
        var index = 0
        if bytes.first == UInt8(ascii: "[") {
            while index < bytes.count, bytes[index] != UInt8(ascii: "=") { index += 1 }
            index += 1
        }
        guard index < bytes.count, bytes[index] == UInt8(ascii: "{"), bytes.last == UInt8(ascii: "}") else {
            return nil
        }
        index += 1
        let end = bytes.count - 1
        var items: [String?] = []
        if index == end { return items }
        while index <= end {
            var buffer: [UInt8] = []
            if bytes[index] == UInt8(ascii: "\"") {
                index += 1
                var closed = false
                while index < end {
                    let byte = bytes[index]
                    if byte == UInt8(ascii: "\\") {
                        index += 1
                        guard index < end else { return nil }
                        buffer.append(bytes[index])
                    } else if byte == UInt8(ascii: "\"") {
                        closed = true
                        index += 1
                        break
                    } else {
                        buffer.append(byte)
                    }
                    index += 1
                }
                guard closed else { return nil }
                items.append(String(decoding: buffer, as: UTF8.self))
            } else {
                while index < end, bytes[index] != UInt8(ascii: ",") {
                    let byte = bytes[index]
                    if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "\"") { return nil }
                    if byte == UInt8(ascii: "\\") {
                        index += 1
                        guard index < end else { return nil }
                    }
                    buffer.append(bytes[index])
                    index += 1
                }
                let text = String(decoding: buffer, as: UTF8.self)
                guard !text.isEmpty else { return nil }
                items.append(text == "NULL" ? nil : text)
            }
            if index == end { break }
            guard bytes[index] == UInt8(ascii: ",") else { return nil }
            index += 1
            guard index < end else { return nil }
        }
        return items
    }
}
