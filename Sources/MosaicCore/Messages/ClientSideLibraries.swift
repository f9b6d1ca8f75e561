/// The SDKs that run on the customer's own device (browser, phone), named by
/// `context.library.name`. Segment's servers set `context.ip` from the request on their events
/// when it is missing ("client-side events only"): for them the sender's address is the
/// customer's. A server-side library's request comes from the company's backend, whose address
/// says nothing about the customer, so its events are left alone. A client that does not want
/// its address kept sends `context.ip` itself (Segment's convention: `0.0.0.0`).
public enum ClientSideLibraries {
    /// Segment's browser and mobile SDKs, and RudderStack's JavaScript SDK.
    public static let names: Set<String> = [
        "analytics.js", "analytics-ios", "analytics-android", "analytics-swift", "analytics-kotlin",
        "analytics-react-native", "analytics-xamarin", "analytics-flutter", "RudderLabs JavaScript SDK",
    ]

    /// Whether `context` names one of ``names`` as its library.
    static func sent(_ context: JSONObject) -> Bool {
        guard case .string(let name)? = context["library"]?.objectValue?["name"] else { return false }
        return names.contains(name)
    }
}
