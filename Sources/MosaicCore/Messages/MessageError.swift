/// Why a tracking request or one message of a batch was refused.
///
/// `message` is human text for API answers and logs; it names fields and kinds but never
/// repeats a value that was sent (ids, emails and traits are PII).
public struct MessageError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Stable snake_case code that clients and tests match on.
    public var code: Code
    /// Human explanation, free of sent values.
    public var message: String
    /// Where the problem is: `userId`, `batch[3].event`, `batch[0]`; `nil` for the body itself.
    public var field: String?
    /// Position in `batch` for per-message errors of a batch request.
    public var index: Int?

    public init(code: Code, message: String, field: String? = nil, index: Int? = nil) {
        self.code = code
        self.message = message
        self.field = field
        self.index = index
    }

    public var description: String {
        var text = "\(code.rawValue): \(message)"
        if let field { text += " (field \(field))" }
        return text
    }
}

extension MessageError.Code {
    /// Lets callers write `catch MessageError.Code.invalidJSON { … }`.
    public static func ~= (code: MessageError.Code, error: any Error) -> Bool {
        (error as? MessageError)?.code == code
    }
}
