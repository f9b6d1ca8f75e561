import Foundation
import Testing
@testable import MosaicCore

struct BatchResolutionTests {
    let now = Date(timeIntervalSince1970: 1_000)

    func resolveAll(_ fragments: [[Identifier]], guardAt threshold: Int = 20) throws -> BatchResolution {
        var batch = BatchResolution(context: ResolutionContext(),
                                    planner: MergePlanner(rules: IdentityRules(linkGuardThreshold: threshold)))
        var next: Int64 = 0
        for fragment in fragments {
            try batch.resolve(fragment, now: now) {
                next += 1
                return ProfileID(next)
            }
        }
        return batch
    }

    func id(_ type: IdentifierType, _ value: String) -> Identifier { Identifier(type: type, value: value) }

    @Test func chainedMergesInOneBatch_endOnOneRoot() throws {
        let batch = try resolveAll([
            [id(.anonymousID, "a1")], [id(.anonymousID, "a2")],
            [id(.anonymousID, "a2"), id(.email, "x@y.co")],
            [id(.anonymousID, "a1"), id(.email, "x@y.co")],
        ])
        #expect(batch.createdProfiles == [1, 2])
        #expect(batch.merges.map(\.loser) == [2])
        #expect(batch.root(of: 2) == 1)
        #expect(batch.targets.map { $0.map(batch.root) } == [1, 1, 1, 1])
    }

    @Test func aValueThatAloneLinksVisitor_afterVisitor_stopsLinkingPastTheGuard() throws {
        // Three anonymous visitors type the same unlisted placeholder email into a form.
        let shared = id(.email, "asdf@asdf.com")
        let evidence = try resolveAll([[id(.anonymousID, "v1"), shared], [id(.anonymousID, "v2"), shared]])
            .linkEvidence
        #expect(evidence == [shared])
        // With the stored count past the guard, the next visitor is not linked through it.
        var batch = BatchResolution(
            context: ResolutionContext(owners: [shared: 1], profiles: [ProfileSnapshot(id: 1, createdAt: now, identifiers: [shared])],
                                       linkCounts: [shared: 3]),
            planner: MergePlanner(rules: IdentityRules(linkGuardThreshold: 2)))
        let target = try batch.resolve([id(.anonymousID, "v3"), shared], now: now) { 9 }
        #expect(target == 9)
        #expect(batch.drops.map(\.reason) == [.linkGuard])
    }

    @Test func newDevicesJoiningThroughTheUserID_doNotCountAgainstIt() throws {
        let user = id(.userID, "u1")
        let batch = try resolveAll([
            [user, id(.anonymousID, "d1")], [user, id(.anonymousID, "d2")], [user, id(.anonymousID, "d3")],
        ])
        #expect(batch.linkEvidence.isEmpty)
        #expect(Set(batch.targets) == [1])
    }
}
