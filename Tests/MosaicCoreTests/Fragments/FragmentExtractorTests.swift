import Foundation
import Testing
@testable import MosaicCore

struct FragmentExtractorTests {
    let extractor = FragmentExtractor(normalizer: Normalizer(defaultCountry: .us), customTypes: ["wechat_id"])
    let epoch = Date(timeIntervalSince1970: 0)

    func fragment(_ json: String, sourceCountry: String? = nil) throws -> Fragment {
        let object = try #require(JSONValue.parse(json).objectValue)
        return extractor.fragment(of: object, sourceCountry: sourceCountry, lineageSource: "test", fallbackTimestamp: epoch)
    }

    @Test func identify_readsEveryIdentifierKindNormalised() throws {
        let f = try fragment("""
            {"type":"identify","messageId":"m1","userId":42,"anonymousId":"a-1",
             "traits":{"email":"  Ann@Example.COM ","phone":"8 916 123-45-67","loyalty_card":"1234 5678","wechat_id":"wx1",
                       "name":"Ann"},
             "context":{"locale":"ru-RU","device":{"id":"dev-9"},"externalIds":[{"id":"77","type":"shop"}]},
             "timestamp":"2026-01-02T03:04:05.000Z"}
            """)
        #expect(Set(f.identifiers) == [
            Identifier(type: .userID, value: "42"), Identifier(type: .anonymousID, value: "a-1"),
            Identifier(type: .email, value: "ann@example.com"), Identifier(type: .phone, value: "+79161234567"),
            Identifier(type: .loyaltyCard, value: "12345678"), Identifier(type: "wechat_id", value: "wx1"),
            Identifier(type: .deviceID, value: "dev-9"), Identifier(type: .externalID, value: "shop:77"),
        ])
        #expect(f.rejected.isEmpty)
        #expect(f.traits.set["name"] == .string("Ann"))
        #expect(f.traits.lineage.messageID == "m1")
        #expect(f.traits.lineage.timestamp == ISO8601Timestamp.parse("2026-01-02T03:04:05.000Z"))
    }

    @Test(arguments: [
        // (message country fields, source country, expected E.164)
        (#"{"locale":"pl-PL"}"#, nil as String?, "+48600100200"),
        (#"{"location":{"country":"PL"}}"#, nil, "+48600100200"),
        (#"{}"#, "PL", "+48600100200"),
        (#"{"locale":"pl_PL"}"#, "US", "+48600100200"),
    ])
    func phoneCountry_comesFromMessageThenSource(context: String, source: String?, expected: String) throws {
        let json = #"{"type":"identify","anonymousId":"a","traits":{"phone":"600 100 200"},"context":"# + context + "}"
        let f = try fragment(json, sourceCountry: source)
        #expect(f.identifiers.contains(Identifier(type: .phone, value: expected)))
    }

    @Test func invalidValues_areRejectedNotIdentifiers() throws {
        let f = try fragment(#"{"type":"identify","userId":"  ","traits":{"email":"not-an-email","phone":"12"}}"#)
        #expect(f.identifiers.isEmpty)
        #expect(Set(f.rejected.map(\.type)) == [.userID, .email, .phone])
    }

    @Test func onlyIdentifySetsTraits_andSetOnceIsSeparated() throws {
        let identify = try fragment(#"{"type":"identify","userId":"u","traits":{"plan":"pro","$set_once":{"first_source":"ad"}}}"#)
        #expect(identify.traits.set == ["plan": .string("pro")])
        #expect(identify.traits.setOnce == ["first_source": .string("ad")])
        let track = try fragment(#"{"type":"track","userId":"u","event":"e","context":{"traits":{"email":"a@b.co","plan":"x"}}}"#)
        #expect(track.traits.set.isEmpty)
        #expect(track.identifiers.contains(Identifier(type: .email, value: "a@b.co")))
    }

    @Test func aliasPreviousId_isAnAnonymousId_andDuplicatesCollapse() throws {
        let f = try fragment(#"{"type":"alias","userId":"u","previousId":"anon","anonymousId":"anon"}"#)
        #expect(f.identifiers.sorted() == [Identifier(type: .anonymousID, value: "anon"), Identifier(type: .userID, value: "u")])
    }

    @Test func wrongTypedFields_areIgnoredNotCrashing() throws {
        let f = try fragment(#"{"type":"identify","userId":["x"],"traits":"nope","context":{"device":7,"externalIds":[1,{"id":2}]}}"#)
        #expect(f.identifiers.isEmpty)
        #expect(f.traits.set.isEmpty)
    }
}
