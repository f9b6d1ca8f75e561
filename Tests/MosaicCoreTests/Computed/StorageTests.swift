import Foundation
import Testing
import MosaicCore

/// The compact `jsonb` form of computed traits: exact round trips and refusal of damaged state.
struct StorageTests {
    @Test func roundTrip_isExact() throws {
        let traits = HistoryStep.traits(ComputedTraitsTests.history + ComputedTraitsTests.longHistory)
        let stored = traits.stored
        #expect(try ComputedTraits(stored: stored) == traits)
        // Through text too, as it goes to and from PostgreSQL.
        let text = stored.jsonString
        #expect(try ComputedTraits(stored: JSONValue.parse(text)) == traits)
        #expect(try ComputedTraits(stored: JSONValue.parse(text)).stored.jsonString == text)
    }

    @Test func storedForm_isCompactAndReadable() {
        let traits = HistoryStep.traits([
            .order(ComputedTraitsTests.orderA2),
            .page("2024-04-10T17:00:00Z", session: "s1"),
        ])
        let day = EpochMillis.of("2024-04-10T00:00:00Z") / 86_400_000
        let expected: JSONValue = [
            "v": 1,
            "spend": ["EUR": [1, 8000, 0, 0]],
            "first": .int(EpochMillis.of("2024-04-10T18:00:00Z")),
            "last": .int(EpochMillis.of("2024-04-10T18:00:00Z")),
            "seen": .int(EpochMillis.of("2024-04-10T18:00:00Z")),
            "cat": ["shoes": 1],
            "ch": ["pos": 1],
            "day": .int(day),
            "pv": [[.int(day), 1]],
            "ks": ["s1": .int(EpochMillis.of("2024-04-10T17:00:00Z"))],
        ]
        #expect(traits.stored == expected)
    }

    @Test(arguments: [JSONValue.null, [:] as JSONValue])
    func emptyStored_isEmptyState(_ value: JSONValue) throws {
        #expect(try ComputedTraits(stored: value) == ComputedTraits())
    }

    @Test(arguments: [
        ("5", ""),
        (#"{"v":2}"#, "v"),
        (#"{"spend":{}}"#, "v"),
        (#"{"v":1,"spend":[]}"#, "spend"),
        (#"{"v":1,"spend":{"EURO":[1,2,3,4]}}"#, "spend.EURO"),
        (#"{"v":1,"spend":{"EUR":[1,2,3]}}"#, "spend.EUR"),
        (#"{"v":1,"spend":{"EUR":[1,2,3,"4"]}}"#, "spend.EUR"),
        (#"{"v":1,"first":"2024-01-01"}"#, "first"),
        (#"{"v":1,"cat":{"a":1.5}}"#, "cat.a"),
        (#"{"v":1,"ch":{"fax":1}}"#, "ch.fax"),
        (#"{"v":1,"day":true}"#, "day"),
        (#"{"v":1,"pv":[[1]]}"#, "pv[0]"),
        (#"{"v":1,"s":[[5,1]]}"#, "s[0]"),
        (#"{"v":1,"s":{}}"#, "s"),
        (#"{"v":1,"ks":{"a":[1,2]}}"#, "ks.a"),
    ])
    func damagedState_isRefusedWithItsField(_ json: String, _ field: String) throws {
        let value = try JSONValue.parse(json)
        do {
            _ = try ComputedTraits(stored: value)
            Issue.record("damaged state was accepted")
        } catch {
            #expect(error.field == field)
        }
    }
}
