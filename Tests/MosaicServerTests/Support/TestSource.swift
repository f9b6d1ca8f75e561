/// A source created for one test: its id scopes every query, its key authenticates.
struct TestSource: Sendable {
    let id: Int64
    let writeKey: String
}
