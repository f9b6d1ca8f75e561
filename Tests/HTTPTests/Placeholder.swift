import Testing

@Test func HTTPTests_builds() { #expect(Bool(true)) }
