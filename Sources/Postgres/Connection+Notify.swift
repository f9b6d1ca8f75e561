import CLibPQ
import Foundation
import Glibc

extension Connection {
    /// Subscribes this session to `channel` (quoted as an identifier, so any name is safe).
    public func listen(_ channel: String) throws {
        try execute(unsafeSQL: "LISTEN \(PostgresIdentifier.quote(channel))")
    }

    public func unlisten(_ channel: String) throws {
        try execute(unsafeSQL: "UNLISTEN \(PostgresIdentifier.quote(channel))")
    }

    /// Sends a notification through `pg_notify` so channel and payload are binds, not SQL.
    /// Inside a transaction it is delivered at COMMIT.
    public func notify(_ channel: String, payload: String = "") throws {
        try query("SELECT pg_notify(\(channel), \(payload))")
    }

    /// Waits up to `timeout` for notifications; returns all that arrived (empty on timeout).
    /// - Throws: `PostgresError` of kind `.connectionLost` when the connection breaks.
    public func waitForNotifications(timeout: Duration) throws -> [PostgresNotification] {
        let handle = try readyHandle("listen")
        let deadline = ContinuousClock.now + timeout
        var received = drainNotifications(handle)
        while received.isEmpty {
            let remaining = deadline - ContinuousClock.now
            if remaining <= .zero { break }
            let socket = PQsocket(handle)
            guard socket >= 0 else { throw connectionError(operation: "listen") }
            var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            let milliseconds = Int32(clamping: Int64(remaining.timeInterval * 1000) + 1)
            let ready = poll(&descriptor, 1, milliseconds)
            if ready < 0 {
                if errno == EINTR { continue }
                throw PostgresError(kind: .connectionLost, operation: "listen", message: "poll failed: errno \(errno)")
            }
            if ready == 0 { continue }
            guard PQconsumeInput(handle) == 1 else { throw connectionError(operation: "listen") }
            received = drainNotifications(handle)
        }
        return received
    }

    private func drainNotifications(_ handle: OpaquePointer) -> [PostgresNotification] {
        var notifications: [PostgresNotification] = []
        while let pointer = PQnotifies(handle) {
            let notify = pointer.pointee
            notifications.append(PostgresNotification(
                channel: notify.relname.map { String(cString: $0) } ?? "",
                payload: notify.extra.map { String(cString: $0) } ?? "",
                senderPID: notify.be_pid))
            PQfreemem(pointer)
        }
        return notifications
    }
}
