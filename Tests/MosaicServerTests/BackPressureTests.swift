import Foundation
import Postgres
import TestSupport
import Testing

/// Memory is bounded: what does not fit the ingestion queue is refused with 503 + Retry-After
/// at once, never buffered without limit and never half-stored.
@Suite struct BackPressureTests {
    @Test func submissionOverQueueCapacity_is503WithRetryAfter_andStoresNothing() throws {
        let database = try TestDatabase.create(prefix: "backpressure")
        let mosaic = try LiveMosaic(conninfo: database.conninfo) {
            $0.ingestion.queueCapacity = 10
            $0.ingestion.retryAfterSeconds = 3
        }
        defer { mosaic.stop() }
        let source = try mosaic.makeSource()
        func batch(_ n: Int, _ prefix: String) -> String {
            let items = (0..<n).map { #"{"type":"track","userId":"u","event":"E","messageId":"\#(prefix)-\#($0)"}"# }
            return #"{"batch":[\#(items.joined(separator: ","))]}"#
        }

        let tooMany = try mosaic.client.post("batch", batch(11, "over"), key: source.writeKey)
        let fits = try mosaic.client.post("batch", batch(10, "fits"), key: source.writeKey)

        #expect(tooMany.status == 503, "\(tooMany)")
        #expect(tooMany.errorCode == "unavailable")
        #expect(tooMany.retryAfter == "3")
        #expect(fits.status == 200, "\(fits)")
        let stored = try database.connect().events(source: source.id).map(\.messageID)
        #expect(stored.sorted() == (0..<10).map { "fits-\($0)" }.sorted())
    }
}
