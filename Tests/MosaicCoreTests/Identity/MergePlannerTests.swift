import Foundation
import MosaicCore
import Testing

struct MergePlannerTests {
    let planner = MergePlanner()

    // MARK: - Typical flows

    @Test func unknownFragment_createsProfile() throws {
        let plan = try planner.plan([anon("a1")], in: .make([]))
        #expect(plan == ResolutionPlan(target: .newProfile, attach: [anon("a1")]))
        #expect(plan.changesGraph)
    }

    @Test func anonymousThenIdentify_attachesUserIDToAnonymousProfile() throws {
        let context = ResolutionContext.make([.make(1, t: 10, anon("a1"))])
        let plan = try planner.plan([user("u1"), anon("a1")], in: context)
        #expect(plan == ResolutionPlan(target: .existing(1), attach: [user("u1")]))
    }

    @Test func identifyOnNewDevice_mergesAnonymousProfileIntoKnownUser() throws {
        let context = ResolutionContext.make([
            .make(1, t: 10, user("u1"), email("u1@example.com")),
            .make(2, t: 20, anon("a2")),
        ])
        let plan = try planner.plan([anon("a2"), user("u1")], in: context)
        #expect(plan == ResolutionPlan(target: .existing(1), merges: [.init(loser: 2, cause: anon("a2"))]))
    }

    @Test func twoDevicesOfOneUser_endInOneProfile() throws {
        var context = ResolutionContext()
        let first = try planner.plan([anon("phone-app")], in: context)
        #expect(first == ResolutionPlan(target: .newProfile, attach: [anon("phone-app")]))
        try context.apply(first, newProfileID: 1, createdAt: Date(timeIntervalSince1970: 1))

        let second = try planner.plan([anon("laptop")], in: context)
        #expect(second == ResolutionPlan(target: .newProfile, attach: [anon("laptop")]))
        try context.apply(second, newProfileID: 2, createdAt: Date(timeIntervalSince1970: 2))

        let loginOnPhone = try planner.plan([anon("phone-app"), user("u1")], in: context)
        #expect(loginOnPhone == ResolutionPlan(target: .existing(1), attach: [user("u1")]))
        try context.apply(loginOnPhone)

        let loginOnLaptop = try planner.plan([anon("laptop"), user("u1")], in: context)
        #expect(loginOnLaptop == ResolutionPlan(target: .existing(1), merges: [.init(loser: 2, cause: anon("laptop"))]))
        try context.apply(loginOnLaptop)

        #expect(context.owners == [anon("phone-app"): 1, anon("laptop"): 1, user("u1"): 1])
        #expect(Array(context.profiles.keys) == [1])
        #expect(context.profiles[1]?.values(of: .anonymousID) == ["phone-app", "laptop"])
    }

    @Test func loyaltyCardFirst_phoneLater_joinsTheCardProfile() throws {
        var context = ResolutionContext()
        let atTill = try planner.plan([card("C77")], in: context)
        #expect(atTill == ResolutionPlan(target: .newProfile, attach: [card("C77")]))
        try context.apply(atTill, newProfileID: 5, createdAt: Date(timeIntervalSince1970: 100))

        let withPhone = try planner.plan([card("C77"), phone("+79161234567")], in: context)
        #expect(withPhone == ResolutionPlan(target: .existing(5), attach: [phone("+79161234567")]))
        try context.apply(withPhone)

        let phoneOnly = try planner.plan([phone("+79161234567")], in: context)
        #expect(phoneOnly == ResolutionPlan(target: .existing(5)))
        #expect(!phoneOnly.changesGraph)
    }

    @Test func loyaltyCardProfile_mergesIntoOlderWebProfileOfThePhone() throws {
        let context = ResolutionContext.make([
            .make(3, t: 50, phone("+79161234567"), email("ann@example.com")),
            .make(8, t: 90, card("C77")),
        ])
        let plan = try planner.plan([card("C77"), phone("+79161234567")], in: context)
        #expect(plan == ResolutionPlan(target: .existing(3), merges: [.init(loser: 8, cause: card("C77"))]))
    }

    /// The phone stays with the profile that had it first; the second person's event goes
    /// to their own profile by `user_id`, and the shared phone is dropped from it.
    @Test func householdSharingAPhone_isNeverMerged() throws {
        var context = ResolutionContext.make([.make(1, t: 10, user("mum"), phone("+79161234567"))])

        let son = try planner.plan([user("son"), phone("+79161234567")], in: context)
        #expect(son == ResolutionPlan(
            target: .newProfile, attach: [user("son")],
            dropped: [.init(phone("+79161234567"), .conflict(with: 1))]))
        try context.apply(son, newProfileID: 2, createdAt: Date(timeIntervalSince1970: 20))

        // Phone-only events keep resolving to the first owner.
        #expect(try planner.plan([phone("+79161234567")], in: context) == ResolutionPlan(target: .existing(1)))
        // The son's next event: his profile, still without the phone, no merge.
        let again = try planner.plan([phone("+79161234567"), user("son")], in: context)
        #expect(again == ResolutionPlan(target: .existing(2), dropped: [.init(phone("+79161234567"), .conflict(with: 1))]))
        #expect(!again.changesGraph)
        // Even when the son's profile is the older one, the mum's profile is not absorbed.
        let reversed = ResolutionContext.make([
            .make(1, t: 10, user("son")),
            .make(2, t: 20, user("mum"), phone("+79161234567")),
        ])
        #expect(try planner.plan([user("son"), phone("+79161234567")], in: reversed)
            == ResolutionPlan(target: .existing(1), dropped: [.init(phone("+79161234567"), .conflict(with: 2))]))
    }

    // MARK: - Conflicts and limits

    @Test func twoNewUserIDsInOneMessage_keepsOneDeterministically() throws {
        let plan = try planner.plan([user("u2"), user("u1"), email("x@example.com")], in: .make([]))
        #expect(plan == ResolutionPlan(
            target: .newProfile, attach: [email("x@example.com"), user("u1")],
            dropped: [.init(user("u2"), .limitExceeded(.userID))]))
    }

    @Test func twoUserIDs_oneKnown_keepsTheKnownOne() throws {
        let context = ResolutionContext.make([.make(5, t: 10, user("u2"))])
        let plan = try planner.plan([user("u1"), user("u2")], in: context)
        #expect(plan == ResolutionPlan(target: .existing(5), dropped: [.init(user("u1"), .limitExceeded(.userID))]))
    }

    @Test func twoKnownUserIDs_neverMerge_olderProfileKeepsTheEvent() throws {
        let context = ResolutionContext.make([
            .make(1, t: 10, user("u1"), email("one@example.com")),
            .make(2, t: 20, user("u2"), email("two@example.com")),
        ])
        let plan = try planner.plan([user("u1"), user("u2"), email("two@example.com")], in: context)
        #expect(plan == ResolutionPlan(
            target: .existing(1),
            dropped: [.init(email("two@example.com"), .conflict(with: 2)), .init(user("u2"), .conflict(with: 2))]))
    }

    @Test func higherPriority_winsOverOlderProfile() throws {
        let context = ResolutionContext.make([
            .make(1, t: 10, user("u1"), email("shared@example.com")),
            .make(2, t: 20, user("u2"), anon("a2")),
        ])
        let plan = try planner.plan([email("shared@example.com"), user("u2"), anon("a2")], in: context)
        #expect(plan == ResolutionPlan(target: .existing(2), dropped: [.init(email("shared@example.com"), .conflict(with: 1))]))
    }

    @Test func mergeThatWouldExceedEmailLimit_isRefused() throws {
        let context = ResolutionContext.make([
            .make(1, t: 10, email("e1@x.io"), email("e2@x.io"), email("e3@x.io")),
            .make(2, t: 20, email("e4@x.io"), email("e5@x.io"), email("e6@x.io")),
        ])
        let plan = try planner.plan([email("e1@x.io"), email("e4@x.io")], in: context)
        #expect(plan == ResolutionPlan(target: .existing(1), dropped: [.init(email("e4@x.io"), .conflict(with: 2))]))
    }

    @Test func attachPastLimit_isDropped() throws {
        let context = ResolutionContext.make([
            .make(1, t: 10, user("u1"), email("e1@x.io"), email("e2@x.io"), email("e3@x.io"), email("e4@x.io"), email("e5@x.io")),
        ])
        let plan = try planner.plan([user("u1"), email("e6@x.io"), anon("a1")], in: context)
        #expect(plan == ResolutionPlan(
            target: .existing(1), attach: [anon("a1")], dropped: [.init(email("e6@x.io"), .limitExceeded(.email))]))
    }

    @Test func profileAlreadyOverLimit_canBeTargetButNeverGrows() throws {
        let emails = (1...7).map { email("e\($0)@x.io") }
        let context = ResolutionContext.make([
            ProfileSnapshot(id: 1, createdAt: Date(timeIntervalSince1970: 10), identifiers: emails),
            .make(2, t: 20, anon("a2")),
        ])
        #expect(try planner.plan([email("e1@x.io"), anon("a2")], in: context)
            == ResolutionPlan(target: .existing(1), merges: [.init(loser: 2, cause: anon("a2"))]))
        #expect(try planner.plan([email("e1@x.io"), email("new@x.io")], in: context)
            == ResolutionPlan(target: .existing(1), dropped: [.init(email("new@x.io"), .limitExceeded(.email))]))
    }

    @Test func threeProfiles_mergeIntoTheOldest_withTheirCauses() throws {
        let context = ResolutionContext.make([
            .make(1, t: 30, anon("a1")),
            .make(2, t: 10, email("ann@example.com")),
            .make(3, t: 20, phone("+48600100200")),
        ])
        let plan = try planner.plan(
            [phone("+48600100200"), anon("a1"), user("ann"), email("ann@example.com")], in: context)
        #expect(plan == ResolutionPlan(
            target: .existing(2),
            merges: [.init(loser: 1, cause: anon("a1")), .init(loser: 3, cause: phone("+48600100200"))],
            attach: [user("ann")]))
    }

    @Test func sameCreationTime_smallerIDWins() throws {
        let context = ResolutionContext.make([.make(9, t: 10, anon("a9")), .make(4, t: 10, anon("a4"))])
        #expect(try planner.plan([anon("a9"), anon("a4")], in: context)
            == ResolutionPlan(target: .existing(4), merges: [.init(loser: 9, cause: anon("a9"))]))
    }

    // MARK: - Junk and shared values

    @Test func junkOnly_isUnresolved() throws {
        let plan = try planner.plan(
            [email("test@test.com"), email("noemail@shop.ru"), user("null"), anon("anonymous"), user("undefined")],
            in: .make([]))
        #expect(plan == ResolutionPlan(target: .unresolved, dropped: [
            .init(anon("anonymous"), .blocked), .init(email("noemail@shop.ru"), .blocked),
            .init(email("test@test.com"), .blocked), .init(user("null"), .blocked), .init(user("undefined"), .blocked),
        ]))
        #expect(!plan.changesGraph)
    }

    @Test func blockedValueOnALegacyProfile_neverMatches() throws {
        let context = ResolutionContext.make([.make(1, t: 10, email("test@test.com"), user("old"))])
        let plan = try planner.plan([email("test@test.com"), anon("a9")], in: context)
        #expect(plan == ResolutionPlan(target: .newProfile, attach: [anon("a9")], dropped: [.init(email("test@test.com"), .blocked)]))
    }

    @Test func valueOnTooManyProfiles_mergesNothing() throws {
        let shopPhone = phone("+74951234567")
        let context = ResolutionContext.make([.make(1, t: 10, shopPhone)], linkCounts: [shopPhone: 21])
        #expect(try planner.plan([shopPhone, user("u9")], in: context)
            == ResolutionPlan(target: .newProfile, attach: [user("u9")], dropped: [.init(shopPhone, .linkGuard)]))

        let atThreshold = ResolutionContext.make([.make(1, t: 10, shopPhone)], linkCounts: [shopPhone: 20])
        #expect(try planner.plan([shopPhone, user("u9")], in: atThreshold)
            == ResolutionPlan(target: .existing(1), attach: [user("u9")]))
    }

    @Test func guardedValueAlreadyOnTarget_isNotDropped() throws {
        let shared = phone("+74951234567")
        let context = ResolutionContext.make([.make(1, t: 10, user("u1"), shared)], linkCounts: [shared: 50])
        #expect(try planner.plan([user("u1"), shared], in: context) == ResolutionPlan(target: .existing(1)))
    }

    @Test func guardedNewValue_isNotAttached() throws {
        let shared = phone("+74951234567")
        let plan = try planner.plan([shared, email("e@x.io")], in: ResolutionContext(linkCounts: [shared: 30]))
        #expect(plan == ResolutionPlan(target: .newProfile, attach: [email("e@x.io")], dropped: [.init(shared, .linkGuard)]))
    }

    // MARK: - Determinism and idempotence

    @Test func resendingTheSameFragment_isANoOp() throws {
        var context = ResolutionContext.make([
            .make(1, t: 10, user("u1")),
            .make(2, t: 20, anon("a2")),
        ])
        let fragment = [anon("a2"), user("u1"), email("u1@example.com")]
        let first = try planner.plan(fragment, in: context)
        #expect(first == ResolutionPlan(
            target: .existing(1), merges: [.init(loser: 2, cause: anon("a2"))], attach: [email("u1@example.com")]))
        try context.apply(first)
        let again = try planner.plan(fragment, in: context)
        #expect(again == ResolutionPlan(target: .existing(1)))
        #expect(!again.changesGraph)
    }

    @Test func fragmentOrder_doesNotChangeThePlan() throws {
        let context = ResolutionContext.make([
            .make(1, t: 10, user("u1"), email("a@x.io")),
            .make(2, t: 20, user("u2"), phone("+79161234567")),
            .make(3, t: 5, anon("a3")),
        ])
        let fragment = [email("a@x.io"), phone("+79161234567"), anon("a3"), card("C1"), user("u2"), email("a@x.io")]
        let expected = try planner.plan(fragment, in: context)
        #expect(expected == ResolutionPlan(
            target: .existing(3), merges: [.init(loser: 2, cause: user("u2"))], attach: [card("C1")],
            dropped: [.init(email("a@x.io"), .conflict(with: 1))]))
        for shift in 1..<fragment.count {
            let rotated = Array(fragment[shift...] + fragment[..<shift])
            #expect(try planner.plan(rotated, in: context) == expected)
            #expect(try planner.plan(rotated.reversed(), in: context) == expected)
        }
    }

    // MARK: - Bad input to the planner

    @Test func ownerWithoutSnapshot_isTypedError() {
        let context = ResolutionContext(owners: [anon("a1"): 7])
        #expect(throws: ResolutionError.missingSnapshot(7)) { try planner.plan([anon("a1")], in: context) }
    }

    @Test func applyingNewProfilePlanWithoutID_isTypedError() throws {
        var context = ResolutionContext()
        let plan = try planner.plan([anon("a1")], in: context)
        #expect(throws: ResolutionError.missingNewProfileID) { try context.apply(plan) }
        #expect(throws: ResolutionError.unknownProfile(3)) {
            try context.apply(ResolutionPlan(target: .existing(3)))
        }
    }

    @Test func lookupKeys_areTheDistinctIdentifiersOfTheBatch() {
        let keys = ResolutionContext.lookupKeys(for: [[anon("a1"), user("u1")], [user("u1"), email("e@x.io")], []])
        #expect(keys == [anon("a1"), email("e@x.io"), user("u1")])
    }
}
