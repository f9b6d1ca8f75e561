import Testing

@Test func PostgresTests_builds() { #expect(Bool(true)) }
