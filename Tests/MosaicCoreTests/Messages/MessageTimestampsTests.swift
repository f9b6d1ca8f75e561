import Foundation
import Testing
import MosaicCore

struct MessageTimestampsTests {
    static func date(_ text: String) -> Date { ISO8601Timestamp.parse(text)! }
    static let received = date("2024-01-15T12:00:00Z")

    @Test func sentAt_correctsDeviceClockSkew() {
        // The device clock is two hours slow; the event waited 5 s on the device.
        let times = MessageTimestamps(
            timestamp: Self.date("2024-01-15T10:00:00Z"),
            originalTimestamp: nil,
            sentAt: Self.date("2024-01-15T10:00:05Z"),
            receivedAt: Self.received
        )
        #expect(times.timestamp == Self.date("2024-01-15T11:59:55Z"))
        #expect(times.originalTimestamp == Self.date("2024-01-15T10:00:00Z"))
        #expect(times.sentAt == Self.date("2024-01-15T10:00:05Z"))
        #expect(times.receivedAt == Self.received)
    }

    @Test func originalTimestamp_winsOverTimestampAsDeviceTime() {
        let times = MessageTimestamps(
            timestamp: Self.date("2024-01-15T11:00:00Z"),
            originalTimestamp: Self.date("2024-01-15T09:00:00Z"),
            sentAt: Self.date("2024-01-15T09:00:30Z"),
            receivedAt: Self.received
        )
        #expect(times.timestamp == Self.date("2024-01-15T11:59:30Z"))
        #expect(times.originalTimestamp == Self.date("2024-01-15T09:00:00Z"))
    }

    @Test func withoutSentAt_timestampIsTakenAsGiven() {
        let times = MessageTimestamps(
            timestamp: Self.date("2023-06-01T00:00:00Z"), originalTimestamp: nil, sentAt: nil, receivedAt: Self.received
        )
        #expect(times.timestamp == Self.date("2023-06-01T00:00:00Z"))
        #expect(times.originalTimestamp == Self.date("2023-06-01T00:00:00Z"))
    }

    @Test func withoutSentAt_timestampBeatsOriginalTimestamp() {
        let times = MessageTimestamps(
            timestamp: Self.date("2023-06-01T00:00:00Z"),
            originalTimestamp: Self.date("2023-05-31T23:00:00Z"),
            sentAt: nil,
            receivedAt: Self.received
        )
        #expect(times.timestamp == Self.date("2023-06-01T00:00:00Z"))
        #expect(times.originalTimestamp == Self.date("2023-05-31T23:00:00Z"))
    }

    @Test func onlyOriginalTimestamp_isUsed() {
        let times = MessageTimestamps(
            timestamp: nil, originalTimestamp: Self.date("2023-06-01T00:00:00Z"), sentAt: nil, receivedAt: Self.received
        )
        #expect(times.timestamp == Self.date("2023-06-01T00:00:00Z"))
    }

    @Test func noClientTimes_useReceivedAt() {
        let onlySentAt = MessageTimestamps(
            timestamp: nil, originalTimestamp: nil, sentAt: Self.date("2020-01-01T00:00:00Z"), receivedAt: Self.received
        )
        #expect(onlySentAt.timestamp == Self.received)
        #expect(onlySentAt.originalTimestamp == nil)
        let none = MessageTimestamps(timestamp: nil, originalTimestamp: nil, sentAt: nil, receivedAt: Self.received)
        #expect(none.timestamp == Self.received)
    }
}
