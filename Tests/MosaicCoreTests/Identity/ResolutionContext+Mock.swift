import Foundation
import MosaicCore

/// Builders for merge-planner scenarios: profiles own exactly the identifiers listed,
/// created at `t` seconds after the epoch.
extension ResolutionContext {
    static func make(_ profiles: [ProfileSnapshot], linkCounts: [Identifier: Int] = [:]) -> ResolutionContext {
        var owners: [Identifier: ProfileID] = [:]
        for profile in profiles {
            for (type, values) in profile.identifiers {
                for value in values { owners[Identifier(type: type, value: value)] = profile.id }
            }
        }
        return ResolutionContext(owners: owners, profiles: profiles, linkCounts: linkCounts)
    }
}

extension ProfileSnapshot {
    static func make(_ id: ProfileID, t: TimeInterval, _ identifiers: Identifier...) -> ProfileSnapshot {
        ProfileSnapshot(id: id, createdAt: Date(timeIntervalSince1970: t), identifiers: identifiers)
    }
}

func user(_ value: String) -> Identifier { Identifier(type: .userID, value: value) }
func anon(_ value: String) -> Identifier { Identifier(type: .anonymousID, value: value) }
func email(_ value: String) -> Identifier { Identifier(type: .email, value: value) }
func phone(_ value: String) -> Identifier { Identifier(type: .phone, value: value) }
func card(_ value: String) -> Identifier { Identifier(type: .loyaltyCard, value: value) }
func device(_ value: String) -> Identifier { Identifier(type: .deviceID, value: value) }
