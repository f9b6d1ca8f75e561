/// Serialises a response, head and body into one buffer so it leaves in one write
/// (separate writes for head and body interact badly with Nagle and delayed ACKs).
enum ResponseWriter {
    static let continueBytes: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    /// - Parameters:
    ///   - headOnly: a response to HEAD: same headers, no body (RFC 9110 §9.3.2).
    ///   - keepAlive: whether the connection stays open after this response.
    ///   - http10: the request was HTTP/1.0, where keep-alive must be announced.
    static func append(
        _ response: Response, to out: inout [UInt8], headOnly: Bool, keepAlive: Bool, http10: Bool, date: String
    ) {
        out.append(contentsOf: "HTTP/1.1 ".utf8)
        appendDecimal(response.status.code, to: &out)
        out.append(UInt8(ascii: " "))
        out.append(contentsOf: response.status.reason.utf8)
        out.append(UInt8(ascii: "\r"))
        out.append(UInt8(ascii: "\n"))
        for field in response.headers where isSafe(field) {
            if Headers.namesEqual(field.name, "Content-Length") || Headers.namesEqual(field.name, "Transfer-Encoding")
                || Headers.namesEqual(field.name, "Connection") || Headers.namesEqual(field.name, "Date") {
                continue
            }
            out.append(contentsOf: field.name.utf8)
            out.append(UInt8(ascii: ":"))
            out.append(UInt8(ascii: " "))
            out.append(contentsOf: field.value.utf8)
            out.append(UInt8(ascii: "\r"))
            out.append(UInt8(ascii: "\n"))
        }
        let body = response.status.allowsBody
        if body {
            out.append(contentsOf: "Content-Length: ".utf8)
            appendDecimal(response.body.count, to: &out)
            out.append(UInt8(ascii: "\r"))
            out.append(UInt8(ascii: "\n"))
        }
        out.append(contentsOf: "Date: ".utf8)
        out.append(contentsOf: date.utf8)
        out.append(UInt8(ascii: "\r"))
        out.append(UInt8(ascii: "\n"))
        if !keepAlive {
            out.append(contentsOf: "Connection: close\r\n".utf8)
        } else if http10 {
            out.append(contentsOf: "Connection: keep-alive\r\n".utf8)
        }
        out.append(UInt8(ascii: "\r"))
        out.append(UInt8(ascii: "\n"))
        if body && !headOnly {
            out.append(contentsOf: response.body)
        }
    }

    /// Appends a non-negative integer in ASCII without building a String.
    static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        if value < 10 {
            out.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: max(0, value)))
            return
        }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var rest = value
        withUnsafeMutableBytes(of: &digits) { raw in
            while rest > 0 && count < raw.count {
                raw[count] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10)
                rest /= 10
                count += 1
            }
            for index in stride(from: count - 1, through: 0, by: -1) { out.append(raw[index]) }
        }
    }

    /// Handler-supplied fields that could split the response (CR, LF, NUL) or are not tokens are dropped.
    static func isSafe(_ field: Headers.Element) -> Bool {
        !field.name.isEmpty && field.name.utf8.allSatisfy(RequestParser.isTokenByte)
            && !field.value.utf8.contains { $0 == 0x0D || $0 == 0x0A || $0 == 0x00 }
    }
}
