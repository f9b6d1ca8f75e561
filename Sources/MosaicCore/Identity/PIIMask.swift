/// Masks personal data for display in logs, errors and support screens.
///
/// A CDP is made of PII: anything that is shown to an operator or written to a log
/// goes through here unless the caller explicitly asks for the clear value. The masks
/// keep just enough to tell two values apart at a glance.
public enum PIIMask {
    /// `alice@example.com` → `a***@example.com`. The domain stays: it is rarely personal
    /// and is what support staff need to spot a typo'd provider.
    public static func email(_ value: String) -> String {
        guard let at = value.lastIndex(of: "@"), at != value.startIndex else { return "***" }
        let domain = value[value.index(after: at)...]
        return "\(value[value.startIndex])***@\(domain)"
    }

    /// `+79161234567` → `+7916*****67`: country and operator stay, the subscriber is hidden.
    public static func phone(_ value: String) -> String {
        let digits = value.filter(\.isASCIIDigitCharacter)
        let (head, tail): (Int, Int) =
            switch digits.count {
            case 10...: (4, 2)
            case 6..<10: (2, 2)
            default: (0, 0)
            }
        let masked = String(repeating: "*", count: digits.count - head - tail)
        let plus = value.hasPrefix("+") ? "+" : ""
        return plus + digits.prefix(head) + masked + digits.suffix(tail)
    }

    /// `Anna Maria Petrova` → `A*** M*** P***`: initials only.
    public static func name(_ value: String) -> String {
        value.split(whereSeparator: { $0.isWhitespace })
            .map { "\($0.first.map(String.init) ?? "")***" }
            .joined(separator: " ")
    }

    /// `1234 5678 9012` → `****9012`: the last four, as on a receipt.
    public static func card(_ value: String) -> String {
        value.count >= 8 ? "****" + value.suffix(4) : "***"
    }

    /// Opaque ids (`user_id`, `anonymous_id`, custom): the first two characters of a long
    /// id help match it against a source system; short ids are hidden completely.
    public static func opaque(_ value: String) -> String {
        value.count >= 6 ? value.prefix(2) + "***" : "***"
    }

    /// The mask that fits an identifier kind.
    public static func value(_ value: String, of type: IdentifierType) -> String {
        switch type {
        case .email: email(value)
        case .phone: phone(value)
        case .loyaltyCard: card(value)
        case .externalID:
            if let colon = value.firstIndex(of: ":") {
                value[...colon] + opaque(String(value[value.index(after: colon)...]))
            } else {
                opaque(value)
            }
        default: opaque(value)
        }
    }
}

extension Character {
    fileprivate var isASCIIDigitCharacter: Bool { isASCII && isWholeNumber }
}
