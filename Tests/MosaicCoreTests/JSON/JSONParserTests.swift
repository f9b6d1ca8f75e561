import Testing
import MosaicCore

struct JSONParserTests {
    struct Invalid: Sendable, CustomTestStringConvertible {
        let input: [UInt8]
        let reason: JSONError.Reason
        let offset: Int
        var limits = JSONLimits()
        var testDescription: String { "\(String(decoding: input.prefix(40), as: UTF8.self)) → \(reason)" }

        init(_ text: String, _ reason: JSONError.Reason, at offset: Int, limits: JSONLimits = JSONLimits()) {
            self.input = Array(text.utf8)
            self.reason = reason
            self.offset = offset
            self.limits = limits
        }

        init(bytes: [UInt8], _ reason: JSONError.Reason, at offset: Int) {
            self.input = bytes
            self.reason = reason
            self.offset = offset
        }
    }

    static let invalid: [Invalid] = [
        Invalid("", .empty, at: 0),
        Invalid("  \n", .empty, at: 3),
        Invalid(bytes: [0xEF, 0xBB, 0xBF], .empty, at: 3),
        Invalid("{", .unexpectedEnd, at: 1),
        Invalid(#"{"a":1"#, .unexpectedEnd, at: 6),
        Invalid(#"{"a":"#, .unexpectedEnd, at: 5),
        Invalid(#"{"a""#, .unexpectedEnd, at: 4),
        Invalid("[1,", .unexpectedEnd, at: 3),
        Invalid(#""abc"#, .unexpectedEnd, at: 4),
        Invalid(#"{"a":1,}"#, .trailingComma, at: 7),
        Invalid("[1,2,]", .trailingComma, at: 5),
        Invalid("[,1]", .unexpectedCharacter, at: 1),
        Invalid("[1 2]", .expectedCommaOrEnd, at: 3),
        Invalid(#"{"a":1 "b":2}"#, .expectedCommaOrEnd, at: 7),
        Invalid(#"{"a" 1}"#, .expectedColon, at: 5),
        Invalid("{a:1}", .expectedKey, at: 1),
        Invalid("{'a':1}", .expectedKey, at: 1),
        Invalid("'a'", .unexpectedCharacter, at: 0),
        Invalid("// comment\n1", .unexpectedCharacter, at: 0),
        Invalid("[1] /* c */", .trailingData, at: 4),
        Invalid(#"{"a":1}}"#, .trailingData, at: 7),
        Invalid("1 2", .trailingData, at: 2),
        Invalid("0x10", .trailingData, at: 1),
        Invalid("NaN", .unexpectedCharacter, at: 0),
        Invalid("Infinity", .unexpectedCharacter, at: 0),
        Invalid("-Infinity", .invalidNumber, at: 0),
        Invalid("+1", .unexpectedCharacter, at: 0),
        Invalid(".5", .unexpectedCharacter, at: 0),
        Invalid("01", .invalidNumber, at: 0),
        Invalid("-01", .invalidNumber, at: 0),
        Invalid("1.", .unexpectedEnd, at: 2),
        Invalid("1.e5", .invalidNumber, at: 0),
        Invalid("1e", .unexpectedEnd, at: 2),
        Invalid("1e+", .unexpectedEnd, at: 3),
        Invalid("[1e]", .invalidNumber, at: 1),
        Invalid("-", .unexpectedEnd, at: 1),
        Invalid("1e400", .numberOutOfRange, at: 0),
        Invalid("[-1e400]", .numberOutOfRange, at: 1),
        Invalid("tru", .invalidLiteral, at: 0),
        Invalid("nul1", .invalidLiteral, at: 0),
        Invalid("[True]", .unexpectedCharacter, at: 1),
        Invalid("[nulll]", .expectedCommaOrEnd, at: 5),
        Invalid(#""\x""#, .invalidEscape, at: 1),
        Invalid(#""\'""#, .invalidEscape, at: 1),
        Invalid(#""\u12G4""#, .invalidEscape, at: 1),
        Invalid(#""\u12""#, .invalidEscape, at: 1),
        Invalid(#""\u12"#, .unexpectedEnd, at: 1),
        Invalid(#""\"#, .unexpectedEnd, at: 1),
        Invalid("\"a\tb\"", .controlCharacter, at: 2),
        Invalid("\"a\nb\"", .controlCharacter, at: 2),
        Invalid(#""a\u0041"# + "\u{1}\"", .controlCharacter, at: 8),
        Invalid(bytes: [0x22, 0xFF, 0x22], .invalidUTF8, at: 1),
        Invalid(bytes: [0x22, 0xC0, 0xAF, 0x22], .invalidUTF8, at: 1),
        Invalid(bytes: [0x22, 0xED, 0xA0, 0x80, 0x22], .invalidUTF8, at: 1),
        Invalid(bytes: [0x22, 0x5C, 0x6E, 0xE2, 0x82, 0x22], .invalidUTF8, at: 1),
        Invalid(bytes: [0x00], .unexpectedCharacter, at: 0),
        Invalid("[1,2]", .tooLarge, at: 4, limits: JSONLimits(maxBytes: 4)),
        Invalid(String(repeating: "[", count: 65) + String(repeating: "]", count: 65), .tooDeep, at: 64),
        Invalid(String(repeating: #"{"a":"#, count: 65), .tooDeep, at: 320),
        Invalid("[[[1]]]", .tooDeep, at: 2, limits: JSONLimits(maxDepth: 2)),
        Invalid(String(repeating: "9", count: 10_000), .numberOutOfRange, at: 0),
        Invalid("[1," + String(repeating: "9", count: 400) + ".5]", .numberOutOfRange, at: 3),
    ]

    @Test(arguments: invalid)
    func invalidInput_throwsReasonAndOffset(_ row: Invalid) {
        #expect(throws: JSONError(offset: row.offset, reason: row.reason)) {
            try JSONValue.parse(row.input, limits: row.limits)
        }
    }

    static let valid: [(String, JSONValue)] = [
        (#"{"a":[1,-2,3.5,"x",true,false,null],"b":{}}"#, ["a": [1, -2, 3.5, "x", true, false, .null], "b": [:]]),
        ("[]", []),
        (" \t\r\n 1 \n", 1),
        ("-9223372036854775808", .int(Int64.min)),
        ("9223372036854775807", .int(Int64.max)),
        ("9223372036854775808", .double(9_223_372_036_854_775_808)),
        ("-9223372036854775809", .double(-9.223372036854775808e18)),
        ("123456789012345678901234567890", .double(1.2345678901234568e29)),
        ("-0", .int(0)),
        ("0.5", .double(0.5)),
        ("1E2", .double(100)),
        ("1e-2", .double(0.01)),
        ("-1.5e+3", .double(-1500)),
        ("1e-400", .double(0)),
        ("1.0", .double(1)),
        (#""\ud83d\ude00""#, "😀"),
        (#""\uD83D\uDE00""#, "😀"),
        (#""\ud800""#, "\u{FFFD}"),
        (#""\udc00x""#, "\u{FFFD}x"),
        (#""\ud800\u0041""#, "\u{FFFD}A"),
        (#""\ud800\ud800\udc00""#, "\u{FFFD}\u{10000}"),
        (#""\"\\\/\b\f\n\r\t""#, "\"\\/\u{8}\u{C}\n\r\t"),
        (#""\u00e9\u0000""#, "é\u{0}"),
        ("\"é中😀\"", "é中😀"),
        ("\u{FEFF}{}", [:]),
        (#"{"a":1,"b":2,"a":3}"#, ["a": 3, "b": 2]),
        (String(repeating: "[", count: 64) + String(repeating: "]", count: 64),
         (0..<63).reduce(JSONValue.array([])) { inner, _ in .array([inner]) }),
    ]

    @Test(arguments: valid)
    func validInput_parses(_ text: String, _ expected: JSONValue) throws {
        #expect(try JSONValue.parse(text) == expected)
    }

    @Test func hugeButFiniteNumbers_becomeDoubles() throws {
        let tiny = try JSONValue.parse("0." + String(repeating: "0", count: 5_000) + "1")
        #expect(tiny == .double(0))
        let long = try JSONValue.parse(String(repeating: "1", count: 300))
        #expect(long.doubleValue.map { $0 > 1.1e299 && $0 < 1.2e299 } == true)
    }

    @Test func nullCharacterEscape_isKeptOrReplacedOnRequest() throws {
        let text = #"{"k\u0000":"a\u0000b"}"#
        #expect(try JSONValue.parse(text) == ["k\u{0}": "a\u{0}b"])
        let replaced = try JSONValue.parse(text, limits: JSONLimits(replacesNullCharacter: true))
        #expect(replaced == ["k\u{FFFD}": "a\u{FFFD}b"])
    }

    @Test func duplicateKey_keepsFirstPositionLastValue() throws {
        let value = try JSONValue.parse(#"{"a":1,"b":2,"a":3}"#)
        #expect(value.objectValue?.keys == ["a", "b"])
        #expect(value["a"] == 3)
    }

    @Test func memberOrder_isPreserved() throws {
        let value = try JSONValue.parse(#"{"z":1,"a":2,"m":3}"#)
        #expect(value.objectValue?.keys == ["z", "a", "m"])
    }

    @Test func nonContiguousCollection_parsesLikeArray() throws {
        let bytes = Array(#"{"k":[1,"v"]}"#.utf8)
        let lazy = bytes.lazy.map { $0 }
        #expect(try JSONValue.parse(lazy) == JSONValue.parse(bytes))
    }

    @Test func accessors_returnNilOnWrongKind() throws {
        let value = try JSONValue.parse(#"{"s":"x","n":3,"d":2.5,"a":[true],"o":{"k":null}}"#)
        #expect(value["s"]?.stringValue == "x")
        #expect(value["n"]?.int64Value == 3)
        #expect(value["n"]?.stringValue == nil)
        #expect(value["d"]?.doubleValue == 2.5)
        #expect(value["d"]?.int64Value == nil)
        #expect(value["a"]?[0]?.boolValue == true)
        #expect(value["a"]?[1] == nil)
        #expect(value["a"]?[-1] == nil)
        #expect(value["o"]?["k"]?.isNull == true)
        #expect(value["o"]?.objectValue?.contains("k") == true)
        #expect(value["missing"] == nil)
        #expect(value["s"]?["k"] == nil)
    }
}
