import Foundation
import Testing
import MosaicCore

struct StoredObjectTests {
    @Test func storedObject_writesNormalisedFieldsBackAndDropsWriteKey() throws {
        let body = """
        {"writeKey":"wk","context":{"locale":"en-US"},"batch":[
          {"type":"TRACK","userId":42,"event":"Order Completed","properties":{"total":18.99,"items":[1,2]},
           "timestamp":"2024-01-15T10:00:00+01:00","sentAt":"2024-01-15T09:00:30Z","writeKey":"wk","extra":{"keep":true}}
        ]}
        """
        let message = try #require(try MessageFixtures.parse(body, endpoint: nil).accepted.first?.message)
        let stored = message.storedObject()
        let expected: JSONObject = [
            "type": "track",
            "userId": "42",
            "event": "Order Completed",
            "properties": ["total": 18.99, "items": [1, 2]],
            "timestamp": "2024-01-15T11:59:30.000Z",
            "sentAt": "2024-01-15T09:00:30.000Z",
            "extra": ["keep": true],
            "messageId": "gen-1",
            "context": ["locale": "en-US"],
            "originalTimestamp": "2024-01-15T09:00:00.000Z",
            "receivedAt": "2024-01-15T12:00:00.000Z",
        ]
        #expect(stored == expected)
        #expect(!stored.contains("writeKey"))
        // Client order first, new members appended.
        #expect(stored.keys == [
            "type", "userId", "event", "properties", "timestamp", "sentAt", "extra",
            "messageId", "context", "originalTimestamp", "receivedAt",
        ])
    }

    @Test func storedObject_withoutClientTimes_hasTimestampAndReceivedAtOnly() throws {
        let message = try MessageFixtures.single(#"{"anonymousId":"a","messageId":"m1"}"#, .identify)
        let stored = message.storedObject()
        #expect(stored == [
            "anonymousId": "a", "messageId": "m1", "type": "identify",
            "timestamp": "2024-01-15T12:00:00.000Z", "receivedAt": "2024-01-15T12:00:00.000Z",
        ])
    }

    @Test func storedObject_serialisesAndParsesBack() throws {
        let message = try MessageFixtures.single(
            #"{"userId":"u","event":"E","properties":{"s":"line\nbreak","n":-1.5e-3}}"#, .track
        )
        let bytes = JSONValue.object(message.storedObject()).serialized()
        let again = try MessageParser.validateMessage(
            try JSONValue.parse(bytes), type: nil, receivedAt: MessageFixtures.receivedAt
        )
        #expect(again.messageId == message.messageId)
        #expect(again.properties == message.properties)
        #expect(again.timestamp == message.timestamp)
    }
}

/// `storedBody()` is compact, canonical JSON: `storedObject()` (its parse) serialises back to the same bytes.
struct StoredBodyTests {
    @Test(arguments: [
        #"{"writeKey":"wk","context":{"locale":"en-US"},"integrations":{"All":false},"sentAt":"2024-01-15T09:00:30Z","batch":[{"type":"TRACK","userId":42,"event":"E","properties":{"total":18.99,"items":[1,2]},"timestamp":"2024-01-15T10:00:00+01:00","writeKey":"wk","extra":{"keep":true},"context":{"ip":"1.2.3.4"}}]}"#,
        #"{"batch":[{"type":"identify","anonymousId":"a","messageId":"m1","traits":{"email":"x@example.com","q":"say \"hi\"\n"}}]}"#,
        #"{"batch":[{"type":"alias","previousId":7,"userId":"u","originalTimestamp":"2024-01-15T09:00:00Z","context":{},"integrations":null}]}"#,
        #"{"batch":[{"receivedAt":"1999-01-01T00:00:00Z","groupId":"g","type":"group","userId":"u","messageId":"keep-me","zz":[null,true,-0.5]}]}"#,
        #"{"context":{"library":{"name":"x"}},"batch":[{"type":"page","anonymousId":"a","name":"Home","category":"Docs","properties":{}}]}"#,
        #"{"batch":[{"type":"track","userId":null,"anonymousId":"a","event":"E","context":null,"sentAt":null,"originalTimestamp":null,"timestamp":"2024-01-15T10:00:00Z"}]}"#,
        #"{"sentAt":"2024-01-15T12:00:00Z","batch":[{"type":"screen","userId":"  ","anonymousId":"a","name":"S","groupId":"ignored","previousId":5,"integrations":{"x":1}}]}"#,
    ])
    func storedBody_isStoredObjectSerialised(_ body: String) throws {
        let message = try #require(try MessageFixtures.parse(body, endpoint: nil).accepted.first?.message)
        let expected = JSONValue.object(message.storedObject()).serialized()
        #expect(String(decoding: message.storedBody(), as: UTF8.self) == String(decoding: expected, as: UTF8.self))
        #expect(!String(decoding: message.storedBody(), as: UTF8.self).contains("writeKey"))
    }
}
