/// Why an order, a return or an `Order Completed` event was refused.
///
/// Shaped like the API's error body (`{"error":{"code","message","field"}}`): `message` names
/// fields and limits but never repeats a sent value (emails, phones and card numbers ride in
/// orders), and `field` is a path such as `items[2].price` a developer can find in their body.
public struct OrderError: Error, Sendable, Hashable, CustomStringConvertible {
    public var code: Code
    public var message: String
    /// `order_id`, `items[2].price`, `identifiers.email`; `nil` for the body as a whole.
    public var field: String?

    public init(code: Code, message: String, field: String? = nil) {
        self.code = code
        self.message = message
        self.field = field
    }

    public var description: String {
        var text = "\(code.rawValue): \(message)"
        if let field { text += " (field \(field))" }
        return text
    }

    /// Keeps a money error's code and message and says where it happened.
    init(_ error: MoneyError, field: String) {
        self.init(code: Code(rawValue: error.code.rawValue), message: error.message, field: field)
    }
}

extension OrderError.Code {
    /// Lets callers write `catch OrderError.Code.returnExceedsOrder { … }`.
    public static func ~= (code: OrderError.Code, error: any Error) -> Bool {
        (error as? OrderError)?.code == code
    }
}
