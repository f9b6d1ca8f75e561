import Testing
@testable import MosaicCore

struct JSONSerializationTests {
    static let exact: [(JSONValue, String)] = [
        (.null, "null"),
        (true, "true"),
        (.int(Int64.min), "-9223372036854775808"),
        (.int(Int64.max), "9223372036854775807"),
        (.int(0), "0"), (.int(9), "9"), (.int(10), "10"), (.int(-1), "-1"), (.int(-10), "-10"), (.int(99_999), "99999"),
        (0.1, "0.1"),
        (1.0, "1.0"),
        (.double(1e-7), "1e-07"),
        (.double(-2.2250738585072014e-308), "-2.2250738585072014e-308"),
        (.double(-1.7976931348623157e+308), "-1.7976931348623157e+308"),
        (.double(.nan), "null"),
        (.double(.infinity), "null"),
        ("a\"b\\c/\n\r\t\u{8}\u{C}\u{1}\u{1F}é😀", #""a\"b\\c/\n\r\t\b\f\u0001\u001fé😀""#),
        (["b": 1, "a": [1, "x", .null], "c": [:]], #"{"b":1,"a":[1,"x",null],"c":{}}"#),
        ([], "[]"),
    ]

    @Test(arguments: exact)
    func serialize_isExact(_ value: JSONValue, _ text: String) {
        #expect(value.jsonString == text)
        #expect(value.serializedByteCount == Array(text.utf8).count)
        let count = Array(text.utf8).count
        #expect(value.serializedByteCount(isAtMost: count))
        #expect(!value.serializedByteCount(isAtMost: count - 1))
    }

    /// Integers are written in place, digit by digit: the same text as `String(value)` at the
    /// extremes, around every power of ten, and on random values.
    @Test func integers_serializeAsSwiftPrintsThem() {
        var values: [Int64] = [0, 1, -1, 9, 10, -10, .max, .min, .max - 1, .min + 1]
        var power: Int64 = 1
        for _ in 0..<18 {
            power *= 10
            values += [power - 1, power, power + 1, -(power - 1), -power, -(power + 1)]
        }
        var generator = SeededGenerator(state: 9)
        for _ in 0..<2_000 { values.append(Int64(bitPattern: generator.next())) }
        for value in values {
            #expect(JSONValue.int(value).jsonString == String(value), "\(value)")
            var output = Array("x".utf8)
            JSONValue.appendDecimal(value, to: &output)
            #expect(output == Array(("x" + String(value)).utf8), "appended after existing bytes: \(value)")
        }
    }

    @Test func roundTrip_handWritten() throws {
        let text = #"{"type":"track","properties":{"price":18.99,"qty":1,"tags":["a","b"],"nested":{"x":null,"big":12345678901234567890}},"ok":false,"s":"line\nbreak \"q\" \\ \u0000"}"#
        let value = try JSONValue.parse(text)
        let again = try JSONValue.parse(value.serialized())
        #expect(again == value)
        #expect(value.serialized() == again.serialized())
    }

    /// Deterministic random documents: serialise → parse must give the same value back.
    @Test func roundTrip_randomDocuments() throws {
        var generator = SeededGenerator(state: 42)
        for _ in 0..<300 {
            let value = Self.randomValue(&generator, depth: 0)
            let bytes = value.serialized()
            #expect(value.serializedByteCount == bytes.count)
            // The size check agrees with the exact count on both sides of it.
            #expect(value.serializedByteCount(isAtMost: bytes.count))
            #expect(!value.serializedByteCount(isAtMost: bytes.count - 1))
            let parsed = try JSONValue.parse(bytes)
            #expect(parsed == value)
        }
    }

    /// Mutating single bytes of a valid document never crashes; whatever parses re-serialises
    /// to something that parses to the same value.
    @Test func mutatedDocuments_failCleanlyOrRoundTrip() throws {
        let base = Array(#"{"a":[1,2.5e3,"x\u00e9\n",true,null],"b":{"c":-0.1}}"#.utf8)
        var generator = SeededGenerator(state: 7)
        var failures = 0
        for _ in 0..<2_000 {
            var bytes = base
            let index = Int(generator.next() % UInt64(bytes.count))
            bytes[index] = UInt8(truncatingIfNeeded: generator.next())
            do {
                let value = try JSONValue.parse(bytes)
                #expect(try JSONValue.parse(value.serialized()) == value)
            } catch {
                failures += 1
            }
        }
        #expect(failures > 0)
    }

    static func randomValue(_ generator: inout SeededGenerator, depth: Int) -> JSONValue {
        let pick = generator.next() % (depth > 3 ? 5 : 7)
        switch pick {
        case 0: return .null
        case 1: return .bool(generator.next() & 1 == 0)
        case 2: return .int(Int64(bitPattern: generator.next()))
        case 3:
            let double = Double(bitPattern: generator.next())
            return .double(double.isFinite ? double : 0.25)
        case 4:
            let scalars = (0..<(generator.next() % 12)).map { _ -> Character in
                let choices: [UInt32] = [0x00, 0x1F, 0x22, 0x5C, 0x41, 0x7A, 0xE9, 0x4E2D, 0x1F600, 0x2028]
                return Character(Unicode.Scalar(choices[Int(generator.next() % UInt64(choices.count))])!)
            }
            return .string(String(scalars))
        case 5:
            return .array((0..<(generator.next() % 5)).map { _ in randomValue(&generator, depth: depth + 1) })
        default:
            var object = JSONObject()
            for index in 0..<(generator.next() % 20) {
                object["k\(index)\(generator.next() % 3)"] = randomValue(&generator, depth: depth + 1)
            }
            return .object(object)
        }
    }
}
