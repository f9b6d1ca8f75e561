/// A customer's recency, frequency and monetary scores (1–5 each) and the segment they
/// fall in, as marketing teams read them: `R5F3M4`, `loyal`.
public struct RFMScore: Sendable, Hashable {
    public var recency: Int
    public var frequency: Int
    public var monetary: Int

    public init(recency: Int, frequency: Int, monetary: Int) {
        self.recency = recency
        self.frequency = frequency
        self.monetary = monetary
    }

    /// `R5F3M4`.
    public var code: String { "R\(recency)F\(frequency)M\(monetary)" }

    /// The segment, first matching rule wins:
    ///
    /// | segment | rule |
    /// |---|---|
    /// | `champions` | R ≥ 4, F ≥ 4, M ≥ 4 |
    /// | `cannot_lose` | R ≤ 2, F ≥ 4, M ≥ 4 — big, frequent buyers gone quiet |
    /// | `loyal` | R ≥ 3, F ≥ 4 |
    /// | `at_risk` | R ≤ 2, F ≥ 3 |
    /// | `new` | R ≥ 4, F = 1 — a first, recent order |
    /// | `promising` | R ≥ 4 (F 2–3) |
    /// | `potential_loyalist` | R = 3, F 2–3 |
    /// | `hibernating` | R ≤ 2 (F ≤ 2) |
    /// | `need_attention` | everything else (R = 3, F = 1) |
    public var segment: String {
        switch (recency, frequency, monetary) {
        case let (r, f, m) where r >= 4 && f >= 4 && m >= 4: "champions"
        case let (r, f, m) where r <= 2 && f >= 4 && m >= 4: "cannot_lose"
        case let (r, f, _) where r >= 3 && f >= 4: "loyal"
        case let (r, f, _) where r <= 2 && f >= 3: "at_risk"
        case let (r, f, _) where r >= 4 && f == 1: "new"
        case let (r, _, _) where r >= 4: "promising"
        case let (r, f, _) where r == 3 && f >= 2: "potential_loyalist"
        case let (r, _, _) where r <= 2: "hibernating"
        default: "need_attention"
        }
    }

    public var json: JSONValue {
        [
            "score": .string(code), "recency": .int(Int64(recency)), "frequency": .int(Int64(frequency)),
            "monetary": .int(Int64(monetary)), "segment": .string(segment),
        ]
    }
}
