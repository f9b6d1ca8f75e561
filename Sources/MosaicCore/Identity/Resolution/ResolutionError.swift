/// The planner's inputs contradict each other: a bug in whoever filled them, reported
/// with the profile involved instead of a crash or a guess.
public enum ResolutionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An identifier is owned by a profile that has no snapshot in the context.
    case missingSnapshot(ProfileID)
    /// A plan that creates a profile was applied without the new profile's id.
    case missingNewProfileID
    /// A plan names a profile the context does not hold (applied to the wrong context).
    case unknownProfile(ProfileID)

    public var description: String {
        switch self {
        case .missingSnapshot(let id): "identifier owner \(id) has no snapshot in the resolution context"
        case .missingNewProfileID: "plan creates a profile but no new profile id was given"
        case .unknownProfile(let id): "plan names profile \(id), which the resolution context does not hold"
        }
    }
}
