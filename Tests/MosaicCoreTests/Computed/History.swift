import Foundation
import MosaicCore

/// One thing that happens to a profile, so tests can apply histories in any order or split
/// them between two profiles.
enum HistoryStep: Sendable {
    case order(Order)
    case settledReturn(SettledReturn, Order)
    case event(ActivityEvent)

    static func apply(_ steps: [HistoryStep], to traits: inout ComputedTraits) {
        for step in steps {
            switch step {
            case .order(let order): traits.apply(order: order)
            case .settledReturn(let settled, let order): traits.apply(return: settled, for: order)
            case .event(let event): traits.apply(event: event)
            }
        }
    }

    static func traits(_ steps: [HistoryStep]) -> ComputedTraits {
        var traits = ComputedTraits()
        apply(steps, to: &traits)
        return traits
    }

    static func page(_ time: String, session: String? = nil) -> HistoryStep {
        .event(ActivityEvent(kind: .page, name: "Home", timestamp: OrderFixtures.date(time), sessionID: session))
    }

    static func track(_ time: String, session: String? = nil) -> HistoryStep {
        .event(ActivityEvent(kind: .track, name: "Product Viewed", timestamp: OrderFixtures.date(time), sessionID: session))
    }
}

/// A tiny seeded generator (SplitMix64) so shuffled histories and "random" tests are reproducible.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
