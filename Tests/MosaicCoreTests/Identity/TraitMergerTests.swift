import Foundation
import MosaicCore
import Testing

struct TraitMergerTests {
    let merger = TraitMerger<String>(setOnceKeys: ["first_source"])

    func lineage(_ t: TimeInterval, _ id: String = UUID().uuidString, source: String = "web") -> TraitLineage {
        TraitLineage(source: source, messageID: id, timestamp: Date(timeIntervalSince1970: t))
    }

    func set(_ t: TimeInterval, _ traits: [String: String], once: [String: String] = [:], id: String? = nil) -> TraitUpdate<String> {
        TraitUpdate(set: traits, setOnce: once, lineage: lineage(t, id ?? "m\(Int(t))"))
    }

    @Test func laterEvent_overwrites_earlierEventDoesNot() {
        var traits: [String: TraitEntry<String>] = [:]
        #expect(merger.apply(set(10, ["plan": "basic", "city": "Moscow"]), to: &traits) == ["plan", "city"])
        #expect(merger.apply(set(20, ["plan": "pro"]), to: &traits) == ["plan"])
        // A late-arriving event between the two: older than `plan`'s value, newer than `city`'s.
        #expect(merger.apply(set(15, ["plan": "trial", "city": "Kazan"]), to: &traits) == ["city"])
        #expect(merger.apply(set(5, ["plan": "free", "city": "Omsk"]), to: &traits) == [])
        #expect(traits["plan"] == TraitEntry(value: "pro", lineage: lineage(20, "m20")))
        #expect(traits["city"] == TraitEntry(value: "Kazan", lineage: lineage(15, "m15")))
    }

    @Test func tie_keepsTheExisting() {
        var traits: [String: TraitEntry<String>] = [:]
        merger.apply(set(10, ["plan": "basic"], id: "first"), to: &traits)
        #expect(merger.apply(set(10, ["plan": "pro"], id: "second"), to: &traits) == [])
        #expect(traits["plan"]?.value == "basic")
        #expect(traits["plan"]?.lineage.messageID == "first")
    }

    @Test func setOnceObject_keepsTheEarliestWrite() {
        var traits: [String: TraitEntry<String>] = [:]
        #expect(merger.apply(set(20, [:], once: ["signup": "app"]), to: &traits) == ["signup"])
        #expect(merger.apply(set(30, [:], once: ["signup": "web"]), to: &traits) == [])
        // An earlier set-once write that arrives late is the real first write.
        #expect(merger.apply(set(5, [:], once: ["signup": "pos"]), to: &traits) == ["signup"])
        #expect(traits["signup"] == TraitEntry(value: "pos", lineage: lineage(5, "m5"), isSetOnce: true))
    }

    @Test func setOnceKey_isSetOnceEvenWhenSentPlain() {
        var traits: [String: TraitEntry<String>] = [:]
        merger.apply(set(20, ["first_source": "ads"]), to: &traits)
        merger.apply(set(30, ["first_source": "email"]), to: &traits)
        #expect(traits["first_source"]?.value == "ads")
        merger.apply(set(10, ["first_source": "organic"]), to: &traits)
        #expect(traits["first_source"]?.value == "organic")
        #expect(traits["first_source"]?.isSetOnce == true)
    }

    @Test func setOnce_neverReplacesAPlainValue() {
        var traits: [String: TraitEntry<String>] = [:]
        merger.apply(set(20, ["name": "Ann"]), to: &traits)
        #expect(merger.apply(set(10, [:], once: ["name": "Anna"]), to: &traits) == [])
        #expect(merger.apply(set(30, [:], once: ["name": "Anya"]), to: &traits) == [])
        #expect(traits["name"]?.value == "Ann")
    }

    @Test func plainWrite_replacesASetOnceValue() {
        var traits: [String: TraitEntry<String>] = [:]
        merger.apply(set(20, [:], once: ["name": "Anna"]), to: &traits)
        #expect(merger.apply(set(10, ["name": "Ann"]), to: &traits) == ["name"])
        #expect(traits["name"] == TraitEntry(value: "Ann", lineage: lineage(10, "m10")))
    }

    /// Any arrival order of the same writes (distinct timestamps) gives the same traits.
    @Test func outOfOrderArrival_givesTheSameResult() {
        let updates = [
            set(1, ["plan": "trial"]),
            set(2, [:], once: ["plan": "free", "signup": "web"]),
            set(3, ["first_source": "ads", "city": "Moscow"]),
            set(4, ["plan": "pro"], once: ["signup": "app"]),
            set(5, ["first_source": "email", "city": "Kazan"]),
        ]
        var expected: [String: TraitEntry<String>] = [:]
        for update in updates { merger.apply(update, to: &expected) }
        #expect(expected.mapValues(\.value) == ["plan": "pro", "signup": "web", "first_source": "ads", "city": "Kazan"])

        for order in permutations(Array(updates.indices)) {
            var traits: [String: TraitEntry<String>] = [:]
            for index in order { merger.apply(updates[index], to: &traits) }
            #expect(traits == expected, "order \(order)")
        }
    }

    @Test func mergingProfiles_appliesTheSameRulePerKey() {
        let winner: [String: TraitEntry<String>] = [
            "plan": TraitEntry(value: "basic", lineage: lineage(10, "w1")),
            "city": TraitEntry(value: "Moscow", lineage: lineage(30, "w2")),
            "signup": TraitEntry(value: "web", lineage: lineage(20, "w3"), isSetOnce: true),
        ]
        let loser: [String: TraitEntry<String>] = [
            "plan": TraitEntry(value: "pro", lineage: lineage(40, "l1")),
            "city": TraitEntry(value: "Kazan", lineage: lineage(5, "l2")),
            "signup": TraitEntry(value: "pos", lineage: lineage(1, "l3"), isSetOnce: true),
            "age": TraitEntry(value: "33", lineage: lineage(2, "l4")),
        ]
        let merged = merger.merge(winner: winner, loser: loser)
        #expect(merged == [
            "plan": loser["plan"]!, "city": winner["city"]!, "signup": loser["signup"]!, "age": loser["age"]!,
        ])
        #expect(merger.merge(winner: loser, loser: winner) == merged)
    }

    @Test func merger_isGenericOverTheValue() {
        let ints = TraitMerger<Int>()
        var traits: [String: TraitEntry<Int>] = [:]
        ints.apply(TraitUpdate(set: ["orders": 3], lineage: lineage(2)), to: &traits)
        ints.apply(TraitUpdate(set: ["orders": 1], lineage: lineage(1)), to: &traits)
        #expect(traits["orders"]?.value == 3)
    }

    private func permutations(_ items: [Int]) -> [[Int]] {
        guard items.count > 1 else { return [items] }
        return items.indices.flatMap { i -> [[Int]] in
            var rest = items
            let head = rest.remove(at: i)
            return permutations(rest).map { [head] + $0 }
        }
    }
}
