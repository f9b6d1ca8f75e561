/// The six Segment Spec calls. A closed set: the spec defines exactly these, and code that
/// switches over them (storage, identity extraction) should be told when one is added.
public enum MessageType: String, Sendable, Hashable, CaseIterable {
    case identify
    case track
    case page
    case screen
    case group
    case alias
}
