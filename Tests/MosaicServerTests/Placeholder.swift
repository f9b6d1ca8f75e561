import Testing

@Test func MosaicServerTests_builds() { #expect(Bool(true)) }
