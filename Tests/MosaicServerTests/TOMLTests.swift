import Testing
import MosaicServer

struct TOMLTests {
    @Test func configSubset_readsIntoFlatDottedKeys() throws {
        let text = #"""
        # Mosaic config
        title = "mosaic" # trailing comment
        "quoted key" = 'C:\path\no\escapes'
        site."ui.theme" = "dark"

        [http]
        host = "127.0.0.1"
        port = 8_080
        max_body_bytes = 1_048_576
        timeout = 2.5
        keep_alive = true
        limits = { burst = 100, rate.per_second = 20 }

        [database.pool]
        size = -4
        ratio = 6.02e+2
        hex = 0xff_ff
        oct = 0o17
        bin = 0b1010
        float_int = 1e3

        [identity]
        blocked = [
          "test@test.com",   # comments inside arrays
          "0000000000",
          'null',
        ]
        nested = [[1, 2], ["a"], []]
        hosts = [{ name = "a", port = 1 }, { name = "b" }]
        empty = ""
        multi = """
        first \
            second
        "quoted" ""end"""
        raw = '''
        keep \n as is'''
        unicode = "caf\u00e9 \U0001F600 tab\there"
        """#
        let doc = try TOMLDocument(parsing: text)
        let expected: [String: TOMLValue] = [
            "title": .string("mosaic"),
            "quoted key": .string(#"C:\path\no\escapes"#),
            "site.ui.theme": .string("dark"),
            "http.host": .string("127.0.0.1"),
            "http.port": .integer(8080),
            "http.max_body_bytes": .integer(1_048_576),
            "http.timeout": .float(2.5),
            "http.keep_alive": .bool(true),
            "http.limits.burst": .integer(100),
            "http.limits.rate.per_second": .integer(20),
            "database.pool.size": .integer(-4),
            "database.pool.ratio": .float(602),
            "database.pool.hex": .integer(0xFFFF),
            "database.pool.oct": .integer(15),
            "database.pool.bin": .integer(10),
            "database.pool.float_int": .float(1000),
            "identity.blocked": .array([.string("test@test.com"), .string("0000000000"), .string("null")]),
            "identity.nested": .array([.array([.integer(1), .integer(2)]), .array([.string("a")]), .array([])]),
            "identity.hosts": .array([
                .table(["name": .string("a"), "port": .integer(1)]),
                .table(["name": .string("b")]),
            ]),
            "identity.empty": .string(""),
            "identity.multi": .string("first second\n\"quoted\" \"\"end"),
            "identity.raw": .string(#"keep \n as is"#),
            "identity.unicode": .string("café 😀 tab\there"),
        ]
        #expect(doc.values == expected)
        #expect(doc["http.timeout"]?.doubleValue == 2.5)
        #expect(doc["http.port"]?.doubleValue == 8080)
        #expect(doc["http.port"]?.stringValue == nil)
    }

    @Test func specialFloatsAndCRLF_areRead() throws {
        let doc = try TOMLDocument(parsing: "a = inf\r\nb = -inf\r\nc = nan\r\n[t]\r\nd = 'x'\r\n")
        #expect(doc["a"] == .float(.infinity))
        #expect(doc["b"] == .float(-.infinity))
        #expect(doc["c"]?.doubleValue?.isNaN == true)
        #expect(doc["t.d"] == .string("x"))
    }

    @Test func headerAfterSubtable_andTableReopenedImplicitly_areAllowed() throws {
        let doc = try TOMLDocument(parsing: "[a.b]\nx = 1\n[a]\ny = 2\n")
        #expect(doc.values == ["a.b.x": .integer(1), "a.y": .integer(2)])
    }

    @Test func emptyDocument_isEmpty() throws {
        #expect(try TOMLDocument(parsing: "").values.isEmpty)
        #expect(try TOMLDocument(parsing: "# only a comment\n\n   \n").values.isEmpty)
    }

    struct Bad: Sendable, CustomTestStringConvertible {
        let text: String
        let line: Int
        let reason: String
        var testDescription: String { "line \(line): \(reason)" }
        init(_ text: String, _ line: Int, _ reason: String) {
            self.text = text
            self.line = line
            self.reason = reason
        }
    }

    static let bad: [Bad] = [
        Bad("a = 1\na = 2", 2, "duplicate key 'a'"),
        Bad("[t]\na = 1\n[t]\n", 3, "table [t] is defined twice"),
        Bad("a = 1\n[a]\n", 2, "'a' is already defined as a value"),
        Bad("a = 1\na.b = 2\n", 2, "'a' is a value, not a table"),
        Bad("a.b = 1\n[a]\n", 2, "table [a] was already defined with dotted keys"),
        Bad("[a.b]\n[a]\nb.c = 1\n", 3, "table 'a.b' was defined with a [header]; dotted keys cannot extend it"),
        Bad("a = {x = 1}\na.y = 2\n", 2, "'a' is a value, not a table"),
        Bad("a = {x = 1}\n[a]\n", 2, "'a' is already defined as a value"),
        Bad("a.b = 1\na = 2\n", 2, "'a' is already defined as a table"),
        Bad("t = {x = 1, x = 2}", 1, "duplicate key 'x'"),
        Bad("\n\nkey value", 3, "expected '=' after the key"),
        Bad("= 1", 1, "expected a key (letters, digits, '_', '-' or a quoted string)"),
        Bad("a = ", 1, "expected a value at end of file"),
        Bad("a = 1 2", 1, "unexpected text after the value; expected end of line"),
        Bad("a = \"open\nb = 1", 1, "unterminated string: newline before the closing quote"),
        Bad("a = 'open", 1, "unterminated string at end of file"),
        Bad("a = \"\"\"\nnever closed\n", 3, "unterminated multi-line string at end of file"),
        Bad(#"a = "bad \q escape""#, 1, "invalid escape sequence in string"),
        Bad(#"a = "\uD800""#, 1, "invalid unicode escape (must be a Unicode scalar value)"),
        Bad("a = [1, 2", 1, "unterminated array at end of file"),
        Bad("a = [1 2]", 1, "expected ',' or ']' in array"),
        Bad("a = [,]", 1, "expected a value before ',' in array"),
        Bad("a = {x = 1,}", 1, "trailing comma in inline table"),
        Bad("a = {x = 1\n}", 1, "inline table must close on the same line"),
        Bad("a = 01", 1, "invalid number: leading zeros are not allowed"),
        Bad("a = 1__000", 1, "invalid number: '_' must sit between digits"),
        Bad("a = _1", 1, "invalid value (expected a string, number, boolean, array or inline table)"),
        Bad("a = 1.", 1, "invalid float: digits must follow '.'"),
        Bad("a = 1e", 1, "invalid float: digits must follow the exponent"),
        Bad("a = 9223372036854775808", 1, "integer out of range"),
        Bad("a = 1e999", 1, "float out of range"),
        Bad("a = 0xZZ", 1, "invalid integer"),
        Bad("a = yes", 1, "invalid value (expected a string, number, boolean, array or inline table)"),
        Bad("a = True", 1, "invalid value (expected a string, number, boolean, array or inline table)"),
        Bad("\na = 1979-05-27", 2, "dates and times are not supported; use a string"),
        Bad("a = 07:32:00", 1, "dates and times are not supported; use a string"),
        Bad("[[servers]]\nname = 'a'", 1, "arrays of tables ([[...]]) are not supported"),
        Bad("[t\na = 1", 1, "expected ']' to close the table header"),
        Bad("a = 1\n\n\n[x] junk", 4, "unexpected text after the value; expected end of line"),
        Bad("a = \"tab\u{1}\"", 1, "control character in string (use an escape)"),
        Bad("\"\"\"k\"\"\" = 1", 1, "multi-line strings cannot be keys"),
        Bad("a = \"\"\"x\"\"\"\"\"\"", 1, "too many quotes at the end of a multi-line string"),
        Bad("a = " + String(repeating: "[", count: 40) + String(repeating: "]", count: 40), 1,
            "arrays and inline tables nest too deep"),
    ]

    @Test(arguments: bad)
    func invalidDocument_reportsLineAndReason(_ row: Bad) {
        #expect(throws: TOMLError(line: row.line, reason: row.reason)) {
            try TOMLDocument(parsing: row.text)
        }
    }

    @Test func errors_neverEchoValues() {
        do {
            _ = try TOMLDocument(parsing: "password = s3cr3t-value")
            Issue.record("expected an error")
        } catch {
            #expect(!error.description.contains("s3cr3t"))
            #expect(error.line == 1)
        }
    }
}
