import Foundation

/// Resolves the fragments of one batch in order against an in-memory `ResolutionContext` and
/// collects every change the database must make, so the store writes them with a handful of
/// batched statements instead of several round trips per event.
///
/// Merges inside a batch chain (A into B, later B into C): `root(of:)` follows them so every
/// loser, event and trait ends on the live profile.
public struct BatchResolution: Sendable {
    /// An identifier that joins the graph: owned by `root(of: profile)` once the batch is done;
    /// `profile` is the one it first arrived on (kept as its origin, for splits).
    public struct Attachment: Sendable, Equatable {
        public let identifier: Identifier
        public let profile: ProfileID
        public let fragment: Int
    }

    public struct MergeRecord: Sendable, Equatable {
        public let winner: ProfileID
        public let loser: ProfileID
        public let cause: Identifier
        public let fragment: Int
    }

    public struct DropRecord: Sendable, Equatable {
        public let identifier: Identifier
        public let reason: DropReason
        public let profile: ProfileID?
        public let fragment: Int
    }

    public private(set) var context: ResolutionContext
    public let planner: MergePlanner
    /// Profiles created by this batch, in creation order.
    public private(set) var createdProfiles: [ProfileID] = []
    public private(set) var attachments: [Attachment] = []
    public private(set) var merges: [MergeRecord] = []
    public private(set) var drops: [DropRecord] = []
    /// The profile each fragment landed on when it was planned (nil: no usable identifier).
    public private(set) var targets: [ProfileID?] = []
    private var mergedInto: [ProfileID: ProfileID] = [:]
    /// Identifiers that, alone, brought new identifiers to the profile they belonged to, or
    /// brought a new person-level one (a kind with a per-profile limit, such as a second email):
    /// a value shared by many people does this once per person, so it counts toward the guard.
    private var vouchers: [Identifier] = []

    public init(context: ResolutionContext, planner: MergePlanner) {
        self.context = context
        self.planner = planner
    }

    /// Plans `fragment` (the next in the batch, numbered by call order) and applies the plan.
    /// - Parameters:
    ///   - newProfileID: called when the plan creates a profile; returns its id.
    ///   - now: the creation time given to new profiles.
    /// - Returns: the profile the fragment landed on.
    @discardableResult
    public mutating func resolve(_ fragment: [Identifier], now: Date,
                                 newProfileID: () throws -> ProfileID) throws -> ProfileID? {
        let index = targets.count
        let plan = try planner.plan(fragment, in: context)
        if case .existing(let id) = plan.target, !plan.attach.isEmpty {
            let owned = fragment.filter { context.owners[$0] == id }
            // One value alone brought new identifiers (a new device, a second email) to the
            // profile: a value typed by many people does this once per person.
            // A kind one profile holds once (user_id) is the customer's own account id: new
            // devices join through it all the time, and its limit already stops it merging people.
            if owned.count == 1 || plan.attach.contains(where: { planner.rules.maxPerProfile($0.type) != nil }) {
                vouchers += owned.filter { planner.rules.maxPerProfile($0.type) != 1 }
            }
        }
        let target: ProfileID?
        switch plan.target {
        case .unresolved:
            target = nil
        case .newProfile:
            let id = try newProfileID()
            createdProfiles.append(id)
            try context.apply(plan, newProfileID: id, createdAt: now)
            target = id
        case .existing(let id):
            try context.apply(plan, createdAt: now)
            target = id
        }
        if let target {
            for merge in plan.merges {
                merges.append(MergeRecord(winner: target, loser: merge.loser, cause: merge.cause, fragment: index))
                mergedInto[merge.loser] = target
            }
            for identifier in plan.attach {
                attachments.append(Attachment(identifier: identifier, profile: target, fragment: index))
            }
        }
        for drop in plan.dropped {
            drops.append(DropRecord(identifier: drop.identifier, reason: drop.reason, profile: target, fragment: index))
        }
        targets.append(target)
        return target
    }

    /// The live profile `profile` ended in after this batch's merges.
    public func root(of profile: ProfileID) -> ProfileID {
        var current = profile
        while let next = mergedInto[current] { current = next }
        return current
    }

    /// Every profile merged away in this batch.
    public var losers: [ProfileID] { merges.map(\.loser) }

    /// Identifiers whose value linked, or tried to link, another profile: the link guard's
    /// counts grow by these.
    public var linkEvidence: [Identifier] {
        merges.map(\.cause) + vouchers + drops.compactMap { drop in
            if case .conflict = drop.reason { return drop.identifier }
            return nil
        }
    }
}
