import Foundation
import MosaicCore
import Testing

/// `context.ip` from the request, as Segment's servers set it: on events of browser and mobile
/// SDKs that carry none, never over one the client sent, never on server-side libraries' events.
struct ClientIPTests {
    static func ip(of json: String, clientIP: String? = "203.0.113.7", endpoint: MessageType? = .track) throws -> [String?] {
        let parsed = try MessageParser.parse(body: Array(json.utf8), endpoint: endpoint,
                                             receivedAt: MessageFixtures.receivedAt, clientIP: clientIP)
        return try parsed.accepted.map { accepted in
            let stored = try JSONValue.parse(accepted.message.storedBody())
            return stored.objectValue?["context"]?.objectValue?["ip"]?.stringValue
        }
    }

    @Test(arguments: [
        ("analytics.js without ip", #""context":{"library":{"name":"analytics.js","version":"next-1.70.0"}}"#, "203.0.113.7"),
        ("analytics-swift", #""context":{"library":{"name":"analytics-swift"}}"#, "203.0.113.7"),
        ("RudderStack JS", #""context":{"library":{"name":"RudderLabs JavaScript SDK"}}"#, "203.0.113.7"),
        ("the client's own ip", #""context":{"ip":"198.51.100.1","library":{"name":"analytics.js"}}"#, "198.51.100.1"),
        ("opted out", #""context":{"ip":"0.0.0.0","library":{"name":"analytics.js"}}"#, "0.0.0.0"),
        ("server-side library", #""context":{"library":{"name":"analytics-python"}}"#, nil),
        ("no library", #""context":{"locale":"de-DE"}"#, nil),
        ("no context", #""properties":{}"#, nil),
        ("library not an object", #""context":{"library":"analytics.js"}"#, nil),
        ("library name not a string", #""context":{"library":{"name":7}}"#, nil),
    ] as [(String, String, String?)])
    func singleMessage(_ row: (name: String, fields: String, expected: String?)) throws {
        let json = #"{"userId":"u-1","event":"E",\#(row.fields)}"#
        #expect(try Self.ip(of: json) == [row.expected], "\(row.name)")
    }

    @Test func withoutAnAddress_nothingIsSet() throws {
        let json = #"{"userId":"u-1","event":"E","context":{"library":{"name":"analytics.js"}}}"#
        #expect(try Self.ip(of: json, clientIP: nil) == [nil])
    }

    /// A batch's shared context counts for each item; each item's own ip wins.
    @Test func batchItems_eachGetTheAddress() throws {
        let json = """
            {"context":{"library":{"name":"analytics.js"}},"batch":[
              {"type":"track","userId":"u-1","event":"A"},
              {"type":"track","userId":"u-1","event":"B","context":{"ip":"198.51.100.1"}},
              {"type":"track","userId":"u-1","event":"C","context":{"library":{"name":"analytics-node"}}}
            ]}
            """
        #expect(try Self.ip(of: json, endpoint: nil) == ["203.0.113.7", "198.51.100.1", nil])
    }
}
