/// Why migrations could not be loaded or applied.
public enum MigrationError: Error, Sendable, CustomStringConvertible {
    case unreadableDirectory(path: String, reason: String)
    /// A `.sql` file whose name is not `NNNN_name.sql`.
    case badFileName(String)
    case duplicateVersion(Int, files: [String])
    /// An applied migration's file changed since it ran: schema and files disagree.
    case checksumMismatch(version: Int, name: String, applied: String, file: String)
    /// A migration's SQL failed; its transaction was rolled back.
    case failed(version: Int, name: String, underlying: any Error)

    public var description: String {
        switch self {
        case .unreadableDirectory(let path, let reason):
            return "cannot read migrations directory \(path): \(reason)"
        case .badFileName(let file):
            return "migration file \"\(file)\" is not named NNNN_name.sql (digits, underscore, letters/digits/_/-)"
        case .duplicateVersion(let version, let files):
            return "migration version \(version) is used by more than one file: \(files.joined(separator: ", "))"
        case .checksumMismatch(let version, let name, let applied, let file):
            return "migration \(version)_\(name) was changed after it was applied (applied \(applied), file \(file))"
        case .failed(let version, let name, let underlying):
            return "migration \(version)_\(name) failed: \(underlying)"
        }
    }
}
