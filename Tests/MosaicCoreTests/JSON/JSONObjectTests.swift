import Testing
import MosaicCore

struct JSONObjectTests {
    @Test func largeObject_lookupRemoveAndOrderStayConsistent() {
        var object = JSONObject()
        for index in 0..<40 { object["key\(index)"] = .int(Int64(index)) }
        #expect(object.count == 40)
        #expect(object["key0"] == 0)
        #expect(object["key39"] == 39)
        object["key5"] = "replaced"
        #expect(object.keys[5] == "key5")
        #expect(object["key5"] == "replaced")
        #expect(object.removeValue(forKey: "key3") == 3)
        #expect(object["key3"] == nil)
        #expect(object["key4"] == 4)
        #expect(object.keys[3] == "key4")
        object["key3"] = nil
        #expect(object.count == 39)
        for index in 4..<40 where index != 5 { #expect(object["key\(index)"] == .int(Int64(index))) }
    }

    @Test func equality_ignoresOrder_hashAgrees() {
        let a: JSONObject = ["x": 1, "y": [true]]
        let b: JSONObject = ["y": [true], "x": 1]
        let c: JSONObject = ["x": 1, "y": [false]]
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(a != c)
        #expect(Set([JSONValue.object(a), .object(b)]).count == 1)
    }

    @Test func fillMissing_keepsExistingValues() {
        var message: JSONObject = ["ip": "1.2.3.4", "library": ["name": "mine"]]
        message.fillMissing(from: ["library": ["name": "batch"], "locale": "en-US"])
        #expect(message == ["ip": "1.2.3.4", "library": ["name": "mine"], "locale": "en-US"])
        #expect(message.keys == ["ip", "library", "locale"])
    }
}
