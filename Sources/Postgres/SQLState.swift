/// A five-character PostgreSQL error code (Appendix A of the PostgreSQL manual).
///
/// An open set of codes as a struct with `static let` members rather than a closed enum:
/// the server grows new codes across versions and callers must still be able to match them.
public struct SQLState: RawRepresentable, Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    /// The two-character class ("23" for integrity violations) so callers can match whole families.
    public var errorClass: String { String(rawValue.prefix(2)) }

    public var description: String { rawValue }

    // Class 08 — connection exception
    public static let connectionException: SQLState = "08000"
    public static let connectionDoesNotExist: SQLState = "08003"
    public static let connectionFailure: SQLState = "08006"
    public static let sqlClientUnableToEstablishConnection: SQLState = "08001"
    public static let protocolViolation: SQLState = "08P01"
    // Class 22 — data exception
    public static let stringDataRightTruncation: SQLState = "22001"
    public static let numericValueOutOfRange: SQLState = "22003"
    public static let invalidDatetimeFormat: SQLState = "22007"
    public static let datetimeFieldOverflow: SQLState = "22008"
    public static let invalidTextRepresentation: SQLState = "22P02"
    public static let invalidParameterValue: SQLState = "22023"
    public static let characterNotInRepertoire: SQLState = "22021"
    public static let badCopyFileFormat: SQLState = "22P04"
    // Class 23 — integrity constraint violation
    public static let notNullViolation: SQLState = "23502"
    public static let foreignKeyViolation: SQLState = "23503"
    public static let uniqueViolation: SQLState = "23505"
    public static let checkViolation: SQLState = "23514"
    public static let exclusionViolation: SQLState = "23P01"
    // Class 25 — invalid transaction state
    public static let activeSQLTransaction: SQLState = "25001"
    public static let readOnlySQLTransaction: SQLState = "25006"
    public static let inFailedSQLTransaction: SQLState = "25P02"
    // Class 40 — transaction rollback
    public static let serializationFailure: SQLState = "40001"
    public static let deadlockDetected: SQLState = "40P01"
    // Class 42 — syntax error or access rule violation
    public static let syntaxError: SQLState = "42601"
    public static let insufficientPrivilege: SQLState = "42501"
    public static let undefinedColumn: SQLState = "42703"
    public static let undefinedFunction: SQLState = "42883"
    public static let undefinedTable: SQLState = "42P01"
    public static let duplicateTable: SQLState = "42P07"
    public static let duplicateDatabase: SQLState = "42P04"
    public static let duplicateObject: SQLState = "42710"
    public static let ambiguousColumn: SQLState = "42702"
    public static let datatypeMismatch: SQLState = "42804"
    public static let indeterminateDatatype: SQLState = "42P18"
    // Class 53 — insufficient resources
    public static let tooManyConnections: SQLState = "53300"
    // Class 55 — object not in prerequisite state
    public static let lockNotAvailable: SQLState = "55P03"
    // Class 57 — operator intervention
    public static let queryCanceled: SQLState = "57014"
    public static let adminShutdown: SQLState = "57P01"
    public static let crashShutdown: SQLState = "57P02"
    public static let cannotConnectNow: SQLState = "57P03"
    // Class 3D — invalid catalog name
    public static let invalidCatalogName: SQLState = "3D000"
    // Class XX — internal error
    public static let internalError: SQLState = "XX000"

    /// Lets callers write `catch SQLState.uniqueViolation { … }`; sees through `TransactionError`
    /// so a serialization failure at COMMIT still matches `SQLState.serializationFailure`.
    public static func ~= (code: SQLState, error: any Error) -> Bool {
        if let error = error as? PostgresError { return error.sqlState == code }
        if let error = error as? TransactionError { return code ~= error.underlying }
        return false
    }
}
