import Foundation

/// The first value set wins; `wait` gives it to the test thread.
final class PortBox: @unchecked Sendable {
    private let condition = NSCondition()
    private var value: Int?

    func set(_ port: Int) {
        condition.lock()
        if value == nil { value = port }
        condition.broadcast()
        condition.unlock()
    }

    func wait(timeout: TimeInterval) -> Int? {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        while value == nil, condition.wait(until: deadline) {}
        return value
    }
}
