import CLibPQ
import Glibc

extension Connection {
    /// Cheap liveness check before reuse: a server that shut down or killed this backend has
    /// already sent its FATAL and closed the socket, which shows as readable data or EOF.
    /// One `poll` with zero timeout; no round trip.
    var isHealthy: Bool {
        guard let handle, PQstatus(handle) == CONNECTION_OK else { return false }
        let socket = PQsocket(handle)
        guard socket >= 0 else { return false }
        var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptor, 1, 0)
        if ready < 0 { return false }
        if ready == 0 { return true }
        if descriptor.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 { return false }
        guard PQconsumeInput(handle) == 1 else { return false }
        return PQstatus(handle) == CONNECTION_OK
    }
}
