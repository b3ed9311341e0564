import Testing
@testable import MonteCarlo

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The ziggurat written out from its definition, one trial at a time: the word from its block,
/// the layer's width and bound computed from ``ZigguratTables/edges``, the wedge from
/// ``ZigguratTables/heights``, fallback words drawn block by block. No packed table, no batching,
/// no shortcut: the oracle the fast paths must match bit for bit.
struct ReferenceZiggurat {
    /// How the first word of a trial ended.
    enum Path: Hashable { case core, wedge, tail, retried }

    let tables = Ziggurat.tables

    func normal(key: StreamKey, trial: Int, year: UInt64, draw: UInt64) -> (value: Double, path: Path) {
        let k = (key.seed, key.stream)
        let t = UInt64(truncatingIfNeeded: trial)
        let main = Philox4x64.block(counter: (t >> 2, year, draw, 0), key: k)
        var w = [main.0, main.1, main.2, main.3][Int(t & 3)]
        var fallback: [UInt64] = []
        var block: UInt64 = 0
        func next() -> UInt64 {
            if fallback.isEmpty {
                block += 1
                let b = Philox4x64.block(counter: (t, year, draw, block), key: k)
                fallback = [b.0, b.1, b.2, b.3]
            }
            return fallback.removeFirst()
        }
        var tries = 0
        while true {
            tries += 1
            let layer = Int(w & 0xFF)
            let sign: Double = w & 0x100 != 0 ? -1 : 1
            let u = w >> 11
            let x = Double(u) * (tables.edges[layer] * 0x1.0p-53)
            let bound = UInt64((tables.edges[layer + 1] / tables.edges[layer] * 0x1.0p53).rounded(.up))
            if u < bound { return (sign * x, tries == 1 ? .core : .retried) }
            if layer == 0 {
                while true {
                    let a = -log(Draws.unitInterval(next())) / Ziggurat.r
                    let b = -log(Draws.unitInterval(next()))
                    if b + b > a * a { return (sign * (Ziggurat.r + a), tries == 1 ? .tail : .retried) }
                }
            }
            let f = tables.heights
            let y = f[layer] + Draws.unitInterval(next()) * (f[layer + 1] - f[layer])
            if y < exp(-0.5 * x * x) { return (sign * x, tries == 1 ? .wedge : .retried) }
            w = next()
        }
    }
}

@Suite struct NormalFillTests {
    static let key = StreamKey(seed: 20_261_130, name: "fill.check")
    static let year: UInt64 = 2031
    static let draw: UInt64 = 5
    static let trials = 24_004

    /// Reference values for trials 0 ..< trials, and how many first words took each path.
    static let reference: (values: [Double], paths: [ReferenceZiggurat.Path: Int]) = {
        let z = ReferenceZiggurat()
        var values: [Double] = []
        var paths: [ReferenceZiggurat.Path: Int] = [:]
        for t in 0..<trials {
            let (v, p) = z.normal(key: key, trial: t, year: year, draw: draw)
            values.append(v)
            paths[p, default: 0] += 1
        }
        return (values, paths)
    }()

    /// Trials where `values` differ from the reference in any bit.
    static func mismatches(_ values: [Double], firstTrial: Int) -> Int {
        var n = 0
        for (i, v) in values.enumerated() where v.bitPattern != reference.values[firstTrial + i].bitPattern { n += 1 }
        return n
    }

    static func fill(firstTrial: Int, count: Int) -> [Double] {
        var out = [Double](repeating: .nan, count: count)
        out.withUnsafeMutableBufferPointer {
            Draws.fillNormals(key: key, year: year, draw: draw, firstTrial: firstTrial, into: $0)
        }
        return out
    }

    @Test("The reference trials reach every path: core, wedge, tail and a second try")
    func pathsCovered() {
        let paths = Self.reference.paths
        // ≈ 98.5% core, ≈ 0.8% wedge, ≈ 0.03% tail, ≈ 0.7% retried (probabilities of the 256 layers).
        #expect(paths[.core, default: 0] > 23_000)
        #expect(paths[.wedge, default: 0] > 50)
        #expect(paths[.tail, default: 0] > 0)
        #expect(paths[.retried, default: 0] > 50)
    }

    @Test("normal() equals the reference ziggurat bit for bit")
    func scalarMatchesReference() {
        let values = (0..<Self.trials).map { Draws.normal(key: Self.key, trial: $0, year: Self.year, draw: Self.draw) }
        #expect(Self.mismatches(values, firstTrial: 0) == 0)
    }

    /// Long fills flush their list of rejected words several times (≈ 360 of them in 24 000 trials).
    @Test("fillNormals equals the reference bit for bit on long fills from any start",
          arguments: [(0, 24_000), (3, 20_001), (1, 12_345), (1021, 4099), (4, 8)])
    func longFillsMatchReference(first: Int, count: Int) {
        #expect(Self.mismatches(Self.fill(firstTrial: first, count: count), firstTrial: first) == 0)
    }

    /// The block counter UInt64(bitPattern: trial) >> 2 wraps between trials −1 and 0.
    @Test("fillNormals equals the reference across trial 0 from negative trials")
    func fillAcrossZero() {
        let z = ReferenceZiggurat()
        var out = [Double](repeating: .nan, count: 41)
        out.withUnsafeMutableBufferPointer {
            Draws.fillNormals(key: Self.key, year: Self.year, draw: Self.draw, firstTrial: -13, into: $0)
        }
        var bad = 0
        for (i, v) in out.enumerated()
        where v.bitPattern != z.normal(key: Self.key, trial: i - 13, year: Self.year, draw: Self.draw).value.bitPattern {
            bad += 1
        }
        #expect(bad == 0)
    }

    @Test("fillNormals equals the reference for every short length and start")
    func shortFillsMatchReference() {
        var bad = 0
        for first in 0...8 {
            for count in 0...19 {
                bad += Self.mismatches(Self.fill(firstTrial: first, count: count), firstTrial: first)
            }
        }
        #expect(bad == 0)
    }

    @Test("Two blocks side by side give Random123's known answers and the single-block results")
    func twoBlocksMatchSingleBlocks() {
        for v in PhiloxTests.vectors {
            let other = (v.counter.0 &+ 1, v.counter.1, ~v.counter.2, v.counter.3 ^ 0x5555)
            let (a, b) = Philox4x64.twoBlocks10(v.counter, other, key: v.key)
            let single = Philox4x64.block(counter: other, key: v.key)
            #expect([a.0, a.1, a.2, a.3] == [v.expected.0, v.expected.1, v.expected.2, v.expected.3])
            #expect([b.0, b.1, b.2, b.3] == [single.0, single.1, single.2, single.3])
        }
    }

    @Test("The packed table holds ±x[i]·2⁻⁵³ and ⌈x[i+1]/x[i]·2⁵³⌉ for both signs")
    func packedTable() {
        let t = Ziggurat.tables
        var bad = 0
        for e in 0..<512 {
            let layer = e & 0xFF
            let scale = (e < 256 ? 1.0 : -1.0) * t.edges[layer] * 0x1.0p-53
            let bound = UInt64((t.edges[layer + 1] / t.edges[layer] * 0x1.0p53).rounded(.up))
            if t.storage[e] != scale || t.storage[512 + e].bitPattern != bound { bad += 1 }
        }
        #expect(t.storage.count == 1024)
        #expect(bad == 0)
    }
}
