import Testing
@testable import MonteCarlo

/// The direct search used for cohorts of up to 64 projects gives the same count as the walk from
/// the mode, except where u lies within rounding (1e-12) of a jump of the CDF.
@Suite struct SmallBinomialTests {
    @Test func smallSearchAgreesWithTheWalkFromTheMode() {
        var compared = 0
        for n in 1...Binomial.smallCountLimit {
            for p in [0.001, 0.05, 0.3, 0.4999, 0.5, 0.5001, 0.7, 0.95, 0.999] {
                var cdf: [Double] = []
                var total = 0.0
                for k in 0...n {
                    total += binomialPMF(k, n, p)
                    cdf.append(total)
                }
                for i in 0..<200 {
                    let u = (Double(i) + 0.5) / 200
                    let reference = Binomial.walkQuantile(u, n: n, p: p)
                    let nearJump = cdf.contains { abs($0 - u) < 1e-12 }
                    if nearJump { continue }
                    #expect(Binomial.smallQuantile(u, n: n, p: p) == reference, "n \(n) p \(p) u \(u)")
                    compared += 1
                }
            }
        }
        #expect(compared > 115_000)
    }

    /// Uniforms 2⁻⁵³ from either end: the searches add tail probabilities smallest first, so even
    /// there the direct search agrees with the walk from the mode.
    @Test func extremeUniformsAgreeWithTheWalk() {
        for n in [1, 10, 33, 64] {
            for p in [0.001, 0.3, 0.5, 0.9, 0.999] {
                for u in [0x1.0p-53, 1 - 0x1.0p-53] {
                    #expect(Binomial.quantile(u, n: n, p: p) == Binomial.walkQuantile(u, n: n, p: p), "n \(n) p \(p) u \(u)")
                }
            }
        }
    }
}
