import Testing
@testable import MonteCarlo

/// `Binomial.fillQuantiles` inverts eight laws in lockstep; it must give exactly the scalar
/// `Binomial.quantile` for every law, whatever its neighbours in the block.
@Suite struct BinomialBulkTests {
    /// Runs the bulk inversion on arrays.
    func bulk(_ u: [Double], _ n: [Double], _ p: [Double]) -> [Double] {
        var out = [Double](repeating: -1, count: u.count)
        u.withUnsafeBufferPointer { u in
            n.withUnsafeBufferPointer { n in
                p.withUnsafeBufferPointer { p in
                    out.withUnsafeMutableBufferPointer { Binomial.fillQuantiles(u: u, n: n, p: p, into: $0) }
                }
            }
        }
        return out
    }

    func scalar(_ u: [Double], _ n: [Double], _ p: [Double]) -> [Double] {
        (0 ..< u.count).map { Double(Binomial.quantile(u[$0], n: Int(n[$0]), p: p[$0])) }
    }

    /// Laws where the bulk and scalar inversions differ in any bit (with the first, for the log).
    func mismatches(_ u: [Double], _ n: [Double], _ p: [Double]) -> (count: Int, first: String) {
        let got = bulk(u, n, p), expected = scalar(u, n, p)
        let bad = got.indices.filter { got[$0].bitPattern != expected[$0].bitPattern }
        let first = bad.first.map { "u \(u[$0]) n \(n[$0]) p \(p[$0]): \(got[$0]) vs \(expected[$0])" } ?? ""
        return (bad.count, first)
    }

    /// Every n in 0…70 (both sides of the 64 limit) against probabilities from 10⁻³⁰⁰ to 1 − 10⁻¹²
    /// and uniforms on a grid that reaches 2⁻⁵³ of either end: bit-identical, law by law. The
    /// laws are laid out so that each block of eight mixes n, p and u (different search lengths
    /// and directions side by side), and the row length is not a multiple of 8 (a tail block).
    @Test func gridIsBitIdenticalToTheScalarInversion() {
        let ps = [1e-300, 1e-9, 0.001, 0.05, 0.3, 0.4999, 0.5, 0.5001, 0.7, 0.95, 0.999, 1 - 1e-12]
        var us = (0 ..< 64).map { (Double($0) + 0.5) / 64 }
        us += [0x1.0p-53, 1e-12, 0.5, 0.5.nextUp, 0.5.nextDown, 1 - 1e-12, 1 - 0x1.0p-53]
        var u: [Double] = [], n: [Double] = [], p: [Double] = []
        var k = 0
        for count in 0 ... 70 {
            for prob in ps {
                for uniform in us {
                    // A scramble of the grid so that blocks mix laws; each law appears once.
                    u.append(uniform)
                    n.append(Double(count))
                    p.append(prob)
                    k += 1
                }
            }
        }
        var order = Array(0 ..< k)
        var state: UInt64 = 7
        for i in stride(from: k - 1, to: 0, by: -1) {
            state = StableHash.mix(state)
            order.swapAt(i, Int(state % UInt64(i + 1)))
        }
        let (su, sn, sp) = (order.map { u[$0] }, order.map { n[$0] }, order.map { p[$0] })
        let last = k - 3  // not a multiple of 8
        #expect(last == 71 * ps.count * us.count - 3)
        let result = mismatches(Array(su[..<last]), Array(sn[..<last]), Array(sp[..<last]))
        #expect(result.count == 0, "\(result.first)")
    }

    /// The scalar quantile's early answers: n ≤ 0 or p ≤ 0 (or NaN) gives 0, p ≥ 1 gives n,
    /// u ≤ 0 (or NaN) gives 0, u ≥ 1 gives n; and laws beyond the direct search (n > 64, or a
    /// start weight (1 − p)ⁿ that underflows) are still exact.
    @Test func edgeCasesMatchTheScalarInversion() {
        let cases: [(Double, Double, Double)] = [
            (0.3, 0, 0.5), (0.3, -2, 0.5), (0.3, 10, 0), (0.3, 10, -0.1), (0.3, 10, .nan),
            (0.3, 10, 1), (0.3, 10, 1.5), (0, 10, 0.5), (-1, 10, 0.5), (.nan, 10, 0.5),
            (1, 10, 0.5), (2, 10, 0.5), (0.2, 65, 0.5), (0.9, 100, 0.3), (0.5, 2_000, 0.3),
            (0.2, 64, 1 - 1e-6), (0.8, 64, 1e-6), (0.7, 60, 1e-300), (0.3, 60, 1 - 1e-15),
            (0x1.0p-53, 64, 0.5), (1 - 0x1.0p-53, 64, 0.5), (0.5, 1, 0.5), (0.5.nextUp, 1, 0.5),
            // Subnormal and extreme probabilities: infinite step ratios, underflowing start weights.
            (0.9, 1, 5e-324), (0.9, 2, 5e-324), (0.1, 1, 5e-324), (0.1, 1, 1 - 0x1.0p-53), (0.9, 1, 1 - 0x1.0p-53),
            (0.6, 30, 1e-20), (0.4, 30, 1 - 1e-15), (.infinity, 3, 0.5), (0.5, 3, .infinity), (-.infinity, 3, 0.5),
        ]
        let (u, n, p) = (cases.map(\.0), cases.map(\.1), cases.map(\.2))
        let expected = scalar(u, n, p)
        #expect(bulk(u, n, p).map(\.bitPattern) == expected.map(\.bitPattern))
        #expect(expected[0 ..< 12] == [0, 0, 0, 0, 0, 10, 10, 0, 0, 0, 10, 10])
        // Any single law on its own (a block of one, seven empty lanes).
        for i in cases.indices {
            #expect(bulk([u[i]], [n[i]], [p[i]]) == [expected[i]], "case \(i)")
        }
    }

    /// Uniforms exactly at the jumps of the CDF as the scalar search sums it: the bulk search
    /// makes the same comparisons with the same sums (strict from the bottom, the survival test
    /// from the top), so ties resolve the same way.
    @Test func tiesAtTheJumpsResolveAsTheScalar() {
        var u: [Double] = [], n: [Double] = [], p: [Double] = []
        for count in [1, 2, 5, 12, 31, 64] {
            for prob in [0.1, 0.5, 0.77] {
                // The scalar's own running sums from the bottom (u ≤ 1/2) and from the top.
                let q = 1 - prob
                var w = 1.0
                for _ in 0 ..< count { w *= q }
                var sum = w
                var weight = w
                for k in 0 ..< count {
                    for x in [sum, sum.nextUp, sum.nextDown] where x <= 0.5 {
                        u.append(x); n.append(Double(count)); p.append(prob)
                    }
                    weight *= prob / q * (Double(count) - Double(k)) * (1 / Double(k + 1))
                    sum += weight
                }
                var top = 1.0
                for _ in 0 ..< count { top *= prob }
                var survival = top
                weight = top
                for k in 0 ..< count {
                    for v in [survival, survival.nextUp, survival.nextDown] where v < 0.5 && v > 0 {
                        u.append(1 - v); n.append(Double(count)); p.append(prob)
                    }
                    weight *= q / prob * (Double(count) - Double(k)) * (1 / Double(k + 1))
                    survival += weight
                }
            }
        }
        #expect(u.count > 1_000)
        let result = mismatches(u, n, p)
        #expect(result.count == 0, "\(result.first)")
    }

    /// Common random numbers survive the bulk path: for one uniform, a larger n or p never gives
    /// a smaller count.
    @Test func monotoneInNAndP() {
        var violations = 0, compared = 0
        for i in 0 ..< 200 {
            let uniform = (Double(i) + 0.5) / 200
            let ns = (0 ... 40).map(Double.init)
            let us = [Double](repeating: uniform, count: ns.count)
            for prob in [0.05, 0.3, 0.5, 0.9] {
                let counts = bulk(us, ns, [Double](repeating: prob, count: ns.count))
                for k in 1 ..< counts.count where counts[k] < counts[k - 1] { violations += 1 }
                compared += counts.count - 1
            }
            let ps = (1 ... 99).map { Double($0) / 100 }
            let counts = bulk([Double](repeating: uniform, count: ps.count), [Double](repeating: 20, count: ps.count), ps)
            for k in 1 ..< counts.count where counts[k] < counts[k - 1] { violations += 1 }
            compared += counts.count - 1
        }
        #expect(violations == 0)
        #expect(compared == 200 * (4 * 40 + 98))
    }
}
