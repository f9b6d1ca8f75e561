/// A socket call that failed, with the operation and errno from the failure site so that
/// "address already in use" reads as such in the operator's log.
public enum SocketError: Error, Equatable, CustomStringConvertible {
    case failed(String, errno: Int32)
    case invalidAddress(String, reason: String)

    public var description: String {
        switch self {
        case .failed(let operation, let code):
            return "\(operation) failed: \(Platform.errorString(code)) (errno \(code))"
        case .invalidAddress(let address, let reason):
            return "invalid address \(address): \(reason)"
        }
    }

    /// The errno of a failed call, nil for address errors.
    public var errno: Int32? {
        if case .failed(_, let code) = self { return code }
        return nil
    }
}
