import Testing

@Test func MosaicCoreTests_builds() { #expect(Bool(true)) }
