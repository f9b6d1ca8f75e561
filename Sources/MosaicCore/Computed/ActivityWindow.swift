/// Recent behaviour of one profile, bounded in size: page views per UTC day and sessions,
/// for the last ``keptDays`` days before the newest event seen.
///
/// The window is anchored on the newest event, not on a clock (the core reads no clock), and
/// everything older than it is dropped on every update, so state stays small however long a
/// customer lives. Reads (``pageViews(days:endingOn:)``, ``sessions(days:endingOn:)``) then
/// look at any span inside it.
///
/// **Sessions.** Events without a session id are grouped by inactivity: a gap of more than
/// ``sessionGapMillis`` (30 minutes, Segment's and GA's default) starts a new session. Each
/// such session is kept as its first and last event time, so an event arriving late (or a
/// merge) can extend, create or join sessions exactly as if it had arrived in order. Events
/// with a client session id form one session per id, whatever the gaps, kept as the time of
/// its last event and counted on that day. (Keeping a keyed session's start too would make
/// the state depend on arrival order: an event of that id from before the cutoff is forgotten
/// when it arrives late, but not when it arrived first.) At most ``maxKeyedSessions`` ids are
/// kept, the oldest dropped first, a bound only a client sending a fresh id per event reaches.
///
/// **Order independence.** The stored state is a function of the set of events applied,
/// whatever their order (below ``maxKeyedSessions``): page-view days before the cutoff are
/// dropped; a session that ended before the cutoff is dropped; and an inactivity session that
/// starts less than one gap after the cutoff has its start set to the cutoff. That last rule
/// is what makes late events harmless: an event from before the cutoff, forgotten or not,
/// can only have joined a session whose first kept event is within one gap of the cutoff,
/// and that session's start reads "at the cutoff" either way.
public struct ActivityWindow: Sendable, Hashable {
    /// Days kept before (and including) the newest event's day: 30-day reads plus slack.
    public static let keptDays: Int64 = 35
    public static let sessionGapMillis: Int64 = 30 * 60 * 1000
    public static let maxKeyedSessions = 300

    /// First and last event time of one session, in epoch milliseconds.
    struct Span: Sendable, Hashable {
        var start: Int64
        var end: Int64
    }

    /// UTC day of the newest event applied; `nil` before any.
    var newestDay: Int64?
    var pageViewsByDay: [Int64: Int64] = [:]
    /// Sessions without a client id, sorted by start, never within the gap of each other.
    var spans: [Span] = []
    /// Last event time per client session id.
    var keyedLastSeen: [String: Int64] = [:]

    public init() {}

    /// The first millisecond kept.
    var cutoffMillis: Int64? {
        guard let newestDay else { return nil }
        return (newestDay - Self.keptDays + 1) &* EpochTime.millisPerDay
    }

    mutating func record(millis: Int64, pageView: Bool, interaction: Bool, sessionID: String?) {
        let day = EpochTime.day(millis: millis)
        newestDay = Swift.max(newestDay ?? day, day)
        if pageView { pageViewsByDay[day, default: 0] = pageViewsByDay[day, default: 0].saturatingAdd(1) }
        if interaction {
            if let sessionID {
                keyedLastSeen[sessionID] = Swift.max(keyedLastSeen[sessionID] ?? millis, millis)
            } else {
                insert(Span(start: millis, end: millis))
            }
        }
        prune()
    }

    /// Adds a span, joining every stored span within the gap of it.
    mutating func insert(_ span: Span) {
        var merged = span
        var kept: [Span] = []
        kept.reserveCapacity(spans.count + 1)
        var inserted = false
        for existing in spans {
            if existing.end &+ Self.sessionGapMillis < merged.start {
                kept.append(existing)
            } else if merged.end &+ Self.sessionGapMillis < existing.start {
                if !inserted {
                    kept.append(merged)
                    inserted = true
                }
                kept.append(existing)
            } else {
                merged = Span(start: Swift.min(existing.start, merged.start), end: Swift.max(existing.end, merged.end))
            }
        }
        if !inserted { kept.append(merged) }
        spans = kept
    }

    /// Drops and clamps everything before the cutoff (see the type's documentation).
    mutating func prune() {
        guard let cutoff = cutoffMillis, let newestDay else { return }
        let firstDay = newestDay - Self.keptDays + 1
        pageViewsByDay = pageViewsByDay.filter { $0.key >= firstDay }
        let edge = cutoff &+ Self.sessionGapMillis
        spans = spans.compactMap { $0.end < cutoff ? nil : Span(start: $0.start < edge ? cutoff : $0.start, end: $0.end) }
        keyedLastSeen = keyedLastSeen.filter { $0.value >= cutoff }
        if keyedLastSeen.count > Self.maxKeyedSessions {
            let oldest = keyedLastSeen.sorted { ($0.value, $0.key) < ($1.value, $1.key) }
            for (key, _) in oldest.prefix(keyedLastSeen.count - Self.maxKeyedSessions) { keyedLastSeen[key] = nil }
        }
    }

    /// Combines two profiles' windows: page views summed per day, sessions joined as if all
    /// their events had been applied to one window (exact, see the type's documentation).
    mutating func merge(_ other: ActivityWindow) {
        switch (newestDay, other.newestDay) {
        case (nil, _): newestDay = other.newestDay
        case (.some(let mine), .some(let theirs)): newestDay = Swift.max(mine, theirs)
        case (.some, nil): break
        }
        for (day, count) in other.pageViewsByDay {
            pageViewsByDay[day] = pageViewsByDay[day, default: 0].saturatingAdd(count)
        }
        for span in other.spans { insert(span) }
        for (key, last) in other.keyedLastSeen {
            keyedLastSeen[key] = Swift.max(keyedLastSeen[key] ?? last, last)
        }
        prune()
    }

    /// Page views on the `days` UTC days ending with `lastDay` (inclusive).
    public func pageViews(days: Int64, endingOn lastDay: Int64) -> Int64 {
        let firstDay = lastDay - days + 1
        var total: Int64 = 0
        for (day, count) in pageViewsByDay where day >= firstDay && day <= lastDay { total = total.saturatingAdd(count) }
        return total
    }

    /// Sessions during the `days` UTC days ending with `lastDay`: inactivity sessions active at
    /// any time in them, keyed sessions whose last event falls in them.
    public func sessions(days: Int64, endingOn lastDay: Int64) -> Int64 {
        let from = (lastDay - days + 1) &* EpochTime.millisPerDay
        let until = (lastDay + 1) &* EpochTime.millisPerDay
        let overlapping = { (span: Span) -> Bool in span.end >= from && span.start < until }
        let keyed = keyedLastSeen.values.filter { $0 >= from && $0 < until }.count
        return Int64(spans.filter(overlapping).count + keyed)
    }
}
