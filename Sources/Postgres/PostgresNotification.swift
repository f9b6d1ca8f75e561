/// One NOTIFY received on a LISTENing connection.
///
/// Not called `Notification` so it never clashes with Foundation's type in files importing both.
public struct PostgresNotification: Sendable, Hashable {
    public var channel: String
    public var payload: String
    /// The server process that sent it (equal to our own backend for self-notifications).
    public var senderPID: Int32
}
