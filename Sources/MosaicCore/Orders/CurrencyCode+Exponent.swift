extension CurrencyCode {
    /// ISO 4217 currencies whose minor unit is not 1/100. Everything else uses 2, which is
    /// right for the vast majority and a safe default for codes we do not know.
    private static let exponents: [String: Int] = [
        "JPY": 0, "KRW": 0, "CLP": 0, "VND": 0, "ISK": 0,
        "BHD": 3, "KWD": 3, "OMR": 3, "JOD": 3, "TND": 3,
    ]

    /// How many decimal digits the currency's minor unit has: 2 for EUR (cents), 0 for JPY,
    /// 3 for KWD (fils). Amounts are stored as integers of that unit.
    public var exponent: Int { Self.exponents[rawValue] ?? 2 }
}
