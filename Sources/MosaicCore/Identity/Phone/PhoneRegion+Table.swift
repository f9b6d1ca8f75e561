/// Number plans of the countries Mosaic's customers sell in. Sources: ITU-T E.164
/// assignments and the national plans as summarised by libphonenumber's metadata.
extension PhoneRegion {
    static let all: [PhoneRegion] = [
        // +7 is shared: Russia's NSNs start with 3, 4, 8 or 9, Kazakhstan's with 70-78.
        PhoneRegion("RU", callingCode: "7", trunk: ["8"], international: ["810"], patterns: ["[3489]d{9}"]),
        PhoneRegion("KZ", callingCode: "7", trunk: ["8"], international: ["810"], patterns: ["7[0-8]d{8}"]),
        // NANP: NPA and exchange both start with 2-9.
        PhoneRegion("US", callingCode: "1", trunk: ["1"], international: ["011"], patterns: ["[2-9]dd[2-9]d{6}"]),
        PhoneRegion("CA", callingCode: "1", trunk: ["1"], international: ["011"], patterns: ["[2-9]dd[2-9]d{6}"]),
        PhoneRegion("GB", callingCode: "44", trunk: ["0"], patterns: ["[1-3]d{8,9}", "7d{9}", "[58]d{8,9}"]),
        // Germany: mobiles 15x/16x/17x, geographic numbers of variable length.
        PhoneRegion("DE", callingCode: "49", trunk: ["0"], patterns: ["1[5-7]d{8,9}", "[2-9]d{5,10}"]),
        PhoneRegion("FR", callingCode: "33", trunk: ["0"], patterns: ["[1-9]d{8}"]),
        PhoneRegion("PL", callingCode: "48", trunk: [], patterns: ["[1-9]d{8}"]),
        // China: mobiles 1[3-9] + 9 digits, Beijing 10, other areas 2-9.
        PhoneRegion("CN", callingCode: "86", trunk: ["0"], patterns: ["1[3-9]d{9}", "10d{8}", "[2-9]d{8,10}"]),
        PhoneRegion("IN", callingCode: "91", trunk: ["0"], patterns: ["[1-9]d{9}"]),
        // Brazil: two-digit area code (11-99, no zeros), mobiles 9 + 8 digits, fixed 2-5 + 7.
        PhoneRegion("BR", callingCode: "55", trunk: ["0"], patterns: ["[1-9][1-9]9d{8}", "[1-9][1-9][2-5]d{7}"]),
        PhoneRegion("UA", callingCode: "380", trunk: ["0"], patterns: ["[3-9]d{8}"]),
        // Belarus dials `8 0XX ...` nationally: trunk `80`, or `8` before the area code.
        PhoneRegion("BY", callingCode: "375", trunk: ["80", "8"], international: ["810"], patterns: ["[1-4]d{8}"]),
        // Italy keeps the leading 0 of geographic numbers in the NSN.
        PhoneRegion("IT", callingCode: "39", trunk: [], patterns: ["0d{5,10}", "3d{8,9}"]),
        PhoneRegion("ES", callingCode: "34", trunk: [], patterns: ["[5-9]d{8}"]),
        PhoneRegion("NL", callingCode: "31", trunk: ["0"], patterns: ["[1-9]d{8}"]),
        PhoneRegion("TR", callingCode: "90", trunk: ["0"], patterns: ["[2-58]d{9}"]),
        PhoneRegion("JP", callingCode: "81", trunk: ["0"], international: ["010"], patterns: ["[1-9]d{8,9}"]),
    ]

    static let byCountry: [String: PhoneRegion] = Dictionary(
        all.map { ($0.country, $0) }, uniquingKeysWith: { first, _ in first })

    static let byCallingCode: [String: [PhoneRegion]] = Dictionary(grouping: all, by: \.callingCode)
}
