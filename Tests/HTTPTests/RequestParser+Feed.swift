@testable import HTTP

/// What a parser made of some bytes, flattened for `#expect` comparisons.
enum ParseOutcome: Equatable, CustomStringConvertible {
    case rejected(Int)
    case incomplete
    case requests([ParsedRequest])

    var description: String {
        switch self {
        case .rejected(let status): return "rejected(\(status))"
        case .incomplete: return "incomplete"
        case .requests(let requests): return "requests(\(requests))"
        }
    }
}

struct ParsedRequest: Equatable, CustomStringConvertible {
    var method: String
    var target: String
    var body: String
    var keepAlive: Bool
    var trailers: [String] = []

    var description: String { "\(method) \(target) body=\(body.debugDescription) keepAlive=\(keepAlive)" }
}

enum Feeding: String, CaseIterable, CustomStringConvertible {
    case whole, byteByByte
    var description: String { rawValue }
}

extension RequestParser {
    /// Feeds `text` whole or one byte at a time and collects every complete request.
    static func outcome(of text: String, feeding: Feeding, limits: Limits = Limits(), bodyLimit: Int? = nil) -> ParseOutcome {
        var parser = RequestParser(limits: limits)
        var done: [ParsedRequest] = []
        var currentHead: RequestHead?
        let bytes = Array(text.utf8)
        let chunks: [[UInt8]] = feeding == .whole ? [bytes] : bytes.map { [$0] }
        do {
            for chunk in chunks {
                parser.append(chunk)
                while let event = try parser.next() {
                    switch event {
                    case .head(let head):
                        currentHead = head
                        if let bodyLimit { parser.bodyLimit = bodyLimit }
                    case .body(let body, let trailers):
                        guard let head = currentHead else { return .rejected(-1) }
                        done.append(ParsedRequest(
                            method: head.method.rawValue, target: head.target,
                            body: String(decoding: body, as: UTF8.self), keepAlive: head.keepAlive,
                            trailers: trailers.map { "\($0.name): \($0.value)" }))
                        currentHead = nil
                    }
                }
            }
        } catch {
            return .rejected(error.status.code)
        }
        return done.isEmpty ? .incomplete : .requests(done)
    }
}
