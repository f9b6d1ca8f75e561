import Foundation
import Postgres
import TestSupport
import Testing

/// How SDKs really talk: keep-alive connections, pipelined uploads, batches near the size cap.
@Suite struct TrackingTransportTests {
    @Test func pipelinedRequestsOnOneConnection_areEachCommittedAndAnsweredInOrder() throws {
        let mosaic = try LiveMosaic.shared()
        let source = try mosaic.makeSource()
        let connection = try RawHTTPClient(port: mosaic.port)
        var bytes: [UInt8] = []
        for index in 0..<3 {
            var request = TrackingRequest(path: "/v1/track",
                                          json: #"{"userId":"u","event":"E","messageId":"ka-\#(index)"}"#,
                                          writeKey: source.writeKey)
            request.keepAlive = true
            bytes += request.bytes
        }
        // The fourth is not JSON: its 400 must come last, after the three 200s.
        var bad = TrackingRequest(path: "/v1/track", json: "{", writeKey: source.writeKey)
        bad.keepAlive = true
        bytes += bad.bytes

        try connection.send(bytes)
        let answers = try connection.readResponses(4).map(TrackingAnswer.init)

        #expect(answers.map(\.status) == [200, 200, 200, 400], "\(answers)")
        #expect(answers[3].errorCode == "invalid_json")
        #expect(try mosaic.connect().events(source: source.id).map(\.messageID) == ["ka-0", "ka-1", "ka-2"])
    }

    @Test func batchJustUnderTheBodyCap_isStoredWhole() throws {
        let mosaic = try LiveMosaic.shared()
        let source = try mosaic.makeSource()
        // 20 messages of ~25 KB: each under the 32 KB message cap, the body under 500 KB.
        let pad = String(repeating: "p", count: 25_000)
        let items = (0..<20).map {
            #"{"type":"track","userId":"u","event":"E","messageId":"big-\#($0)","properties":{"pad":"\#(pad)"}}"#
        }
        let body = #"{"batch":[\#(items.joined(separator: ","))]}"#
        try #require(body.utf8.count > 500_000 && body.utf8.count <= 512_000)

        let answer = try mosaic.client.post("batch", body, key: source.writeKey)

        #expect(answer.status == 200, "\(answer)")
        #expect(try mosaic.connect().eventCount(source: source.id) == 20)
    }
}
