/// Why an identifier of a fragment was not attached (and not used to merge). Recorded,
/// so "why did this email not end up on the profile?" has an answer.
public enum DropReason: Sendable, Hashable, CustomStringConvertible {
    /// A junk value from the global or per-kind block list.
    case blocked
    /// Attaching it would give the target more values of this kind than allowed.
    case limitExceeded(IdentifierType)
    /// It belongs to this other profile, and merging that profile would break a limit
    /// (e.g. give one profile two `user_id`s); stronger identifiers of the fragment won.
    case conflict(with: ProfileID)
    /// The value is already shared by more profiles than the link guard allows.
    case linkGuard

    public var description: String {
        switch self {
        case .blocked: "blocked"
        case .limitExceeded(let type): "limit_exceeded(\(type.rawValue))"
        case .conflict(let profile): "conflict(profile \(profile))"
        case .linkGuard: "link_guard"
        }
    }
}
