import Testing
@testable import MonteCarlo

/// Known-answer vectors of Philox4x64-10.
///
/// The first three come from Random123's `examples/kat_vectors` (D. E. Shaw Research, Random123
/// 1.09: counter, key, expected output); the others from the longer generated list of the same
/// library's test suite, as kept in the `girving/random123-manual` repository
/// (`examples/kat_vectors`, lines `philox4x64 10 …`).
@Suite struct PhiloxTests {
    struct Vector {
        var counter: (UInt64, UInt64, UInt64, UInt64)
        var key: (UInt64, UInt64)
        var expected: (UInt64, UInt64, UInt64, UInt64)
    }

    static let vectors: [Vector] = [
        Vector(counter: (0, 0, 0, 0), key: (0, 0),
               expected: (0x16554d9eca36314c, 0xdb20fe9d672d0fdc, 0xd7e772cee186176b, 0x7e68b68aec7ba23b)),
        Vector(counter: (.max, .max, .max, .max), key: (.max, .max),
               expected: (0x87b092c3013fe90b, 0x438c3c67be8d0224, 0x9cc7d7c69cd777b6, 0xa09caebf594f0ba0)),
        Vector(counter: (0x243f6a8885a308d3, 0x13198a2e03707344, 0xa4093822299f31d0, 0x082efa98ec4e6c89),
               key: (0x452821e638d01377, 0xbe5466cf34e90c6c),
               expected: (0xa528f45403e61d95, 0x38c72dbd566e9788, 0xa5a1610e72fd18b5, 0x57bd43b5e52b7fe6)),
        Vector(counter: (1, 0, 0, 0), key: (1, 0),
               expected: (0x4db6a27b756282df, 0xd944fa03babe0e2f, 0x27f872e577060d32, 0x07f697696a0482a2)),
        Vector(counter: (0, 0, 0, 0x8000000000000000), key: (1, 0),
               expected: (0x4aea7a2d45ef6b56, 0x9d39b7727af2b34d, 0x710b6c665646f6f3, 0x4c266cbd9914407c)),
        Vector(counter: (0x243f6a8885a308d3, 0x13198a2e03707344, 0xa4093822299f31d0, 0x082efa98ec4e6c89),
               key: (0, 0xffffffffffffffff),
               expected: (0x7abbd897f6d97f60, 0xa35c61aae7c5a341, 0x939a3dd4f55b2e11, 0xaca6e644802e2b83)),
        Vector(counter: (0, 0, 0xffffffffffffffff, 0), key: (0, 0x8000000000000000),
               expected: (0xc2af8ad32fd4de40, 0x210519dc3915cf8d, 0x96d7b5aaac61e656, 0xbf890353d0e4f406)),
    ]

    @Test("Philox4x64-10 matches Random123's known answers", arguments: 0..<7)
    func knownAnswers(index: Int) {
        let v = Self.vectors[index]
        let out = Philox4x64.block(counter: v.counter, key: v.key)
        #expect(out.0 == v.expected.0)
        #expect(out.1 == v.expected.1)
        #expect(out.2 == v.expected.2)
        #expect(out.3 == v.expected.3)
    }

    @Test("Seven rounds match the 7-round known answer too")
    func sevenRounds() {
        // Random123 kat_vectors: philox4x64 7, counter and key all zero.
        let out = Philox4x64.block(counter: (0, 0, 0, 0), key: (0, 0), rounds: 7)
        #expect(out.0 == 0x5dc8ee6268ec62cd)
        #expect(out.1 == 0x139bc570b6c125a0)
        #expect(out.2 == 0x84d6deb4fb65f49e)
        #expect(out.3 == 0xaff7583376d378c2)
    }

    @Test("Draws use word trial & 3 of block (trial >> 2, year, draw, 0)")
    func counterLayout() {
        let key = StreamKey(seed: 42, name: "poc.success")
        let b = Philox4x64.block(counter: (2, 2031, 7, 0), key: (42, StableHash.of("poc.success")))
        #expect(Draws.word(key: key, trial: 8, year: 2031, draw: 7) == b.0)
        #expect(Draws.word(key: key, trial: 9, year: 2031, draw: 7) == b.1)
        #expect(Draws.word(key: key, trial: 10, year: 2031, draw: 7) == b.2)
        #expect(Draws.word(key: key, trial: 11, year: 2031, draw: 7) == b.3)
    }

    @Test("StableHash is FNV-1a then SplitMix64's finaliser, fixed forever")
    func stableHash() {
        // FNV-1a of "" is the offset basis; the finaliser of a known input, computed by hand
        // from the published SplitMix64 constants.
        #expect(StableHash.of("") == StableHash.mix(0xCBF2_9CE4_8422_2325))
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in "poc.success".utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        #expect(StableHash.of("poc.success") == StableHash.mix(h))
        // SplitMix64 finaliser of 0 (first output of SplitMix64 seeded with 0).
        #expect(StableHash.mix(0) == 0xE220_A839_7B1D_CDAF)
    }

    @Test("Uniforms lie strictly inside (0, 1), symmetric under complement")
    func unitInterval() {
        #expect(Draws.unitInterval(0) == 0x1.0p-53)
        #expect(Draws.unitInterval(.max) == 1 - 0x1.0p-53)
        for w: UInt64 in [0, 1, 0x1234_5678_9ABC_DEF0, 0x8000_0000_0000_0000, .max - 4095, .max] {
            #expect(Draws.unitInterval(~w) == 1 - Draws.unitInterval(w))
        }
    }

    @Test("fillUniforms equals uniform() trial by trial from any start")
    func fillUniforms() {
        let key = StreamKey(seed: 7, name: "x")
        var out = [Double](repeating: 0, count: 13)
        out.withUnsafeMutableBufferPointer {
            Draws.fillUniforms(key: key, year: Draws.perTrial, draw: 0, firstTrial: 3, into: $0)
        }
        for i in 0..<13 {
            #expect(out[i] == Draws.uniform(key: key, trial: 3 + i, year: Draws.perTrial, draw: 0))
        }
    }
}
