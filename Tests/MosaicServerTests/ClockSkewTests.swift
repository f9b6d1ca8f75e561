import Foundation
import Postgres
import Testing

/// Device clocks lie; the time an event waited on the device does not. With `sentAt` the
/// stored event time is `receivedAt − (sentAt − timestamp)`.
@Suite struct ClockSkewTests {
    enum Expected: Sendable {
        /// timestamp == received_at − seconds
        case waited(TimeInterval)
        /// timestamp is exactly this instant (ISO-8601)
        case instant(String)
        /// timestamp == received_at
        case receipt
    }

    struct Row: Sendable, CustomTestStringConvertible {
        var name: String
        var path: String
        var body: String
        var expected: Expected
        var testDescription: String { name }
    }

    static let rows: [Row] = [
        Row(name: "timestamp + sentAt", path: "track",
            body: #"{"userId":"u","event":"E","messageId":"cs","timestamp":"2020-01-01T00:00:00.000Z","sentAt":"2020-01-01T00:01:30.000Z"}"#,
            expected: .waited(90)),
        Row(name: "clock years off, offset time zone", path: "track",
            body: #"{"userId":"u","event":"E","messageId":"cs","timestamp":"1999-12-31T23:59:58+03:00","sentAt":"1999-12-31T21:00:03.500Z"}"#,
            expected: .waited(5.5)),
        Row(name: "originalTimestamp + sentAt", path: "track",
            body: #"{"userId":"u","event":"E","messageId":"cs","originalTimestamp":"2030-05-05T10:00:00Z","sentAt":"2030-05-05T10:00:12Z"}"#,
            expected: .waited(12)),
        Row(name: "clock ahead: sentAt equals timestamp", path: "track",
            body: #"{"userId":"u","event":"E","messageId":"cs","timestamp":"2099-01-01T00:00:00Z","sentAt":"2099-01-01T00:00:00Z"}"#,
            expected: .waited(0)),
        Row(name: "batch-level sentAt", path: "batch",
            body: #"{"sentAt":"2021-06-01T12:00:45Z","batch":[{"type":"track","userId":"u","event":"E","messageId":"cs","timestamp":"2021-06-01T12:00:00Z"}]}"#,
            expected: .waited(45)),
        Row(name: "item sentAt beats batch sentAt", path: "batch",
            body: #"{"sentAt":"2021-06-01T12:00:45Z","batch":[{"type":"track","userId":"u","event":"E","messageId":"cs","timestamp":"2021-06-01T12:00:00Z","sentAt":"2021-06-01T12:00:03Z"}]}"#,
            expected: .waited(3)),
        Row(name: "timestamp alone is trusted (back-dating)", path: "track",
            body: #"{"userId":"u","event":"E","messageId":"cs","timestamp":"2019-03-04T05:06:07.250Z"}"#,
            expected: .instant("2019-03-04T05:06:07.250Z")),
        Row(name: "no times at all", path: "track", body: #"{"userId":"u","event":"E","messageId":"cs"}"#,
            expected: .receipt),
    ]

    @Test(arguments: rows)
    func storedTimestamp_followsTheSkewRule(_ row: Row) throws {
        let mosaic = try LiveMosaic.shared()
        let source = try mosaic.makeSource()
        let before = Date()

        let answer = try mosaic.client.post(row.path, row.body, key: source.writeKey)

        let after = Date()
        #expect(answer.status == 200, "\(answer)")
        let stored = try #require(try mosaic.connect().events(source: source.id).first)
        // receivedAt is the server's clock during this request (1 s slack for clock granularity).
        #expect(stored.receivedAt >= before.addingTimeInterval(-1) && stored.receivedAt <= after.addingTimeInterval(1),
                "received_at \(stored.receivedAt) outside [\(before), \(after)]")
        switch row.expected {
        case .waited(let seconds):
            let waited = stored.receivedAt.timeIntervalSince(stored.timestamp)
            #expect(abs(waited - seconds) < 0.002, "waited \(waited) s, expected \(seconds) s")
        case .instant(let text):
            let expected = try #require(ISO8601DateFormatter.withFraction.date(from: text))
            #expect(abs(stored.timestamp.timeIntervalSince(expected)) < 0.000_01, "\(stored.timestamp) vs \(expected)")
        case .receipt:
            #expect(abs(stored.timestamp.timeIntervalSince(stored.receivedAt)) < 0.000_01)
        }
    }

    /// Valid ISO timestamps can still skew-correct to a time no one can store: a device clock
    /// claiming an event waited 8,000 years. That item must be refused alone with a clear code,
    /// not stored as ±infinity and not fail its whole batch in the database.
    @Test func skewCorrectionOutOfRange_rejectsOnlyThatItem() throws {
        let mosaic = try LiveMosaic.shared()
        let source = try mosaic.makeSource()
        let body = """
            {"batch":[
              {"type":"track","userId":"u","event":"E","messageId":"fine"},
              {"type":"track","userId":"u","event":"E","messageId":"bc","timestamp":"2000-01-01T00:00:00Z","sentAt":"9999-12-31T00:00:00Z"},
              {"type":"track","userId":"u","event":"E","messageId":"past","timestamp":"0001-01-01T00:00:00Z","sentAt":"9999-12-31T23:59:59Z"},
              {"type":"track","userId":"u","event":"E","messageId":"future","timestamp":"9999-01-01T00:00:00Z","sentAt":"0001-01-01T00:00:00Z"}
            ]}
            """

        let answer = try mosaic.client.post("batch", body, key: source.writeKey)

        #expect(answer.status == 200, "\(answer)")
        #expect(answer.stored == 1)
        #expect(answer.errors == [1, 2, 3].map { (index: Int) in
            TrackingAnswer.ItemError(index: index, code: "invalid_timestamp", field: "batch[\(index)].sentAt")
        })
        let connection = try mosaic.connect()
        #expect(try connection.events(source: source.id).map(\.messageID) == ["fine"])
        let infinite = try connection.query("""
            SELECT count(*) FROM events WHERE source_id = \(source.id) AND NOT isfinite("timestamp")
            """)[0].decode(0, as: Int.self)
        #expect(infinite == 0)
    }
}
