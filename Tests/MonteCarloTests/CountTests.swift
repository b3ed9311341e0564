import Testing
@testable import MonteCarlo

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// P(X = k) written independently of the code under test (log-gamma, no recurrences).
func binomialPMF(_ k: Int, _ n: Int, _ p: Double) -> Double {
    let (nd, kd) = (Double(n), Double(k))
    return exp(lgamma(nd + 1) - lgamma(kd + 1) - lgamma(nd - kd + 1) + kd * log(p) + (nd - kd) * log(1 - p))
}

func poissonPMF(_ k: Int, _ lambda: Double) -> Double {
    exp(Double(k) * log(lambda) - lambda - lgamma(Double(k) + 1))
}

/// Pearson's chi-square of observed counts against expected ones, cells pooled from the outside in
/// until each holds at least 5 expected; returns (statistic, degrees of freedom).
private func chiSquare(observed: [Int: Int], expected: (Int) -> Double, range: ClosedRange<Int>, n: Int) -> (Double, Int) {
    var cells: [(o: Double, e: Double)] = []
    var o = 0.0, e = 0.0
    // Cells run over the range; whatever lies outside it joins the last cell.
    var massInRange = 0.0
    for k in range {
        let ek = expected(k) * Double(n)
        massInRange += ek
        o += Double(observed[k] ?? 0)
        e += ek
        if e >= 5 { cells.append((o, e)); o = 0; e = 0 }
    }
    let outsideObserved = observed.filter { !range.contains($0.key) }.reduce(0) { $0 + $1.value }
    o += Double(outsideObserved)
    e += Double(n) - massInRange
    if e > 0 || o > 0 {
        if e >= 5 || cells.isEmpty { cells.append((o, e)) } else { cells[cells.count - 1].o += o; cells[cells.count - 1].e += e }
    }
    let stat = cells.reduce(0.0) { $0 + ($1.o - $1.e) * ($1.o - $1.e) / $1.e }
    return (stat, cells.count - 1)
}

@Suite struct CountTests {
    let reference = ReferenceFixture.shared

    /// On the grid u_i = (i + ½)/N, inversion puts exactly the grid points of (F(k−1), F(k)] on k,
    /// so every count is N·P(X = k) rounded one way or the other.
    @Test("Binomial inversion on a fine grid reproduces N·pmf within one", arguments: [
        (1, 0.3), (5, 0.5), (12, 0.08), (40, 0.97), (200, 0.3), (3_000, 0.002), (100_000, 0.45),
    ])
    func binomialGrid(n: Int, p: Double) {
        let grid = n > 10_000 ? 1_000 : 20_000
        var counts: [Int: Int] = [:]
        for i in 0..<grid { counts[Binomial.quantile((Double(i) + 0.5) / Double(grid), n: n, p: p), default: 0] += 1 }
        var worst = 0.0
        for (k, c) in counts { worst = max(worst, abs(Double(c) - Double(grid) * binomialPMF(k, n, p))) }
        #expect(worst <= 1 + 1e-6, "n \(n) p \(p): worst deviation \(worst)")
        #expect(counts.keys.allSatisfy { $0 >= 0 && $0 <= n })
    }

    @Test("Poisson inversion on a fine grid reproduces N·pmf within one", arguments: [
        0.05, 1.0, 6.0, 37.5, 1_000.0, 250_000.0,
    ])
    func poissonGrid(lambda: Double) {
        let grid = lambda > 10_000 ? 600 : lambda > 500 ? 4_000 : 20_000
        var counts: [Int: Int] = [:]
        for i in 0..<grid { counts[Poisson.quantile((Double(i) + 0.5) / Double(grid), lambda: lambda), default: 0] += 1 }
        var worst = 0.0
        for (k, c) in counts { worst = max(worst, abs(Double(c) - Double(grid) * poissonPMF(k, lambda))) }
        #expect(worst <= 1 + 1e-6, "λ \(lambda): worst deviation \(worst)")
    }

    @Test("Inversion at exact CDF values and the ends of (0, 1)")
    func edges() {
        // F(0) = 1/16 and F(2) = 11/16 for Binomial(4, 1/2): either side of each jump.
        #expect(Binomial.quantile(11.0 / 16 * (1 - 1e-12), n: 4, p: 0.5) == 2)
        #expect(Binomial.quantile(11.0 / 16 * (1 + 1e-12), n: 4, p: 0.5) == 3)
        #expect(Binomial.quantile(1.0 / 16 * (1 - 1e-12), n: 4, p: 0.5) == 0)
        #expect(Binomial.quantile(1.0 / 16 * (1 + 1e-12), n: 4, p: 0.5) == 1)
        #expect(Binomial.quantile(0x1.0p-53, n: 10, p: 0.5) == 0)
        #expect(Binomial.quantile(1 - 0x1.0p-53, n: 10, p: 0.5) == 10)
        #expect(Binomial.quantile(0.7, n: 0, p: 0.5) == 0)
        #expect(Binomial.quantile(0.7, n: 9, p: 0) == 0)
        #expect(Binomial.quantile(0.7, n: 9, p: 1) == 9)
        #expect(Poisson.quantile(0.7, lambda: 0) == 0)
        // P(X = 0) = e^{-1} for λ = 1: u just below and above.
        #expect(Poisson.quantile(exp(-1.0) * (1 - 1e-12), lambda: 1) == 0)
        #expect(Poisson.quantile(exp(-1.0) * (1 + 1e-12), lambda: 1) == 1)
        // Both tails of Poisson(1e6) at the extreme canonical uniforms 2⁻⁵³ and 1 − 2⁻⁵³ (mpmath,
        // 30 digits: F(991801) = 1.10987e-16 < 2⁻⁵³ ≤ F(991802) = 1.11918e-16, and
        // S(1008220) = 1.11109e-16 > 2⁻⁵³ ≥ S(1008221) = 1.10190e-16).
        #expect(Poisson.quantile(0x1.0p-53, lambda: 1e6) == 991_802)
        #expect(Poisson.quantile(1 - 0x1.0p-53, lambda: 1e6) == 1_008_221)
    }

    @Test("Inversion is monotone in u, n, p and λ (common random numbers rely on it)")
    func monotone() {
        let us = (1...199).map { Double($0) / 200 } + [1e-9, 1 - 1e-9]
        for u in us {
            var last = -1
            for n in 0...60 {
                let k = Binomial.quantile(u, n: n, p: 0.37)
                #expect(k >= last, "n \(n), u \(u)")
                last = k
            }
            last = -1
            for i in 0...100 {
                let k = Binomial.quantile(u, n: 25, p: Double(i) / 100)
                #expect(k >= last, "p \(Double(i) / 100), u \(u)")
                last = k
            }
            last = -1
            for i in 0...120 {
                let k = Poisson.quantile(u, lambda: Double(i) * 0.25)
                #expect(k >= last, "λ \(Double(i) * 0.25), u \(u)")
                last = k
            }
        }
        var last = -1
        for u in stride(from: 0.0005, to: 1, by: 0.0005) {
            let k = Binomial.quantile(u, n: 1_000, p: 0.6)
            #expect(k >= last)
            last = k
        }
    }

    @Test("Inversion of canonical uniforms passes chi-square against the pmf, small and large parameters")
    func quantileChiSquare() {
        let draws = 40_000
        let key = StreamKey(seed: 11, name: "passage:poc:recherche")
        var bin: [Int: Int] = [:], poi: [Int: Int] = [:], bigBin: [Int: Int] = [:], bigPoi: [Int: Int] = [:]
        for t in 0..<draws {
            let u = Draws.uniform(key: key, trial: t, year: 2030, draw: 0)
            bin[Binomial.quantile(u, n: 30, p: 0.2), default: 0] += 1
            poi[Poisson.quantile(u, lambda: 6), default: 0] += 1
        }
        // Large parameters walk O(√variance) weights per call: fewer draws keep debug runs short.
        let bigDraws = 8_000
        for t in 0..<bigDraws {
            let v = Draws.uniform(key: key, trial: t, year: 2031, draw: 0)
            bigBin[Binomial.quantile(v, n: 2_000, p: 0.3), default: 0] += 1
            bigPoi[Poisson.quantile(v, lambda: 500), default: 0] += 1
        }
        let (x1, df1) = chiSquare(observed: bin, expected: { binomialPMF($0, 30, 0.2) }, range: 0...30, n: draws)
        #expect(x1 < reference.chiSquareCritical(df: df1), "binomial chi2 \(x1) df \(df1)")
        let (x2, df2) = chiSquare(observed: poi, expected: { poissonPMF($0, 6) }, range: 0...40, n: draws)
        #expect(x2 < reference.chiSquareCritical(df: df2), "poisson chi2 \(x2) df \(df2)")
        let (x3, df3) = chiSquare(observed: bigBin, expected: { binomialPMF($0, 2_000, 0.3) }, range: 450...750, n: bigDraws)
        #expect(x3 < reference.chiSquareCritical(df: df3), "binomial(2000) chi2 \(x3) df \(df3)")
        let (x4, df4) = chiSquare(observed: bigPoi, expected: { poissonPMF($0, 500) }, range: 380...620, n: bigDraws)
        #expect(x4 < reference.chiSquareCritical(df: df4), "poisson(500) chi2 \(x4) df \(df4)")
    }
}
