import Testing
@testable import MonteCarlo

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite struct NormalTests {
    let reference = ReferenceFixture.shared

    @Test("Φ matches mpmath to 1e-14 relative, tails included")
    func cdf() {
        for pair in reference.normal_cdf {
            let (x, expected) = (pair[0], pair[1])
            #expect(close(StandardNormal.cdf(x), expected, relative: 1e-14), "Φ(\(x))")
        }
    }

    @Test("Φ⁻¹ (AS 241) matches mpmath to 1e-15 relative")
    func quantile() {
        for pair in reference.normal_quantile {
            let (p, expected) = (pair[0], pair[1])
            #expect(close(StandardNormal.quantile(p), expected, relative: 1e-15, floor: 1e-16), "Φ⁻¹(\(p))")
        }
        #expect(StandardNormal.quantile(0) == -.infinity)
        #expect(StandardNormal.quantile(1) == .infinity)
    }

    @Test("The 256 layers have equal area and close at the top")
    func tables() {
        let t = Ziggurat.tables
        let f = { (x: Double) in exp(-0.5 * x * x) }
        #expect(t.edges[1] == Ziggurat.r)
        #expect(t.edges[256] == 0)
        // Base strip: rectangle [0, r] × [0, f(r)] plus the tail equals v.
        #expect(close(t.edges[0] * f(Ziggurat.r), t.area, relative: 1e-15))
        for i in 1..<256 {
            let area = t.edges[i] * (f(t.edges[i + 1]) - f(t.edges[i]))
            #expect(close(area, t.area, relative: 1e-10), "layer \(i)")
        }
        // v for r = 3.6541528853610088 (mpmath, 40 digits): 0.004928673233974654870…
        #expect(close(t.area, 0.0049286732339746549, relative: 1e-14))
    }

    @Test("fillNormals equals normal() trial by trial, for every start and length")
    func fillMatchesScalar() {
        let key = StreamKey(seed: 2026, name: "pilot.success")
        for first in [0, 1, 2, 3, 1021] {
            for count in [0, 1, 3, 4, 5, 9, 600] {
                var out = [Double](repeating: .nan, count: count)
                out.withUnsafeMutableBufferPointer {
                    Draws.fillNormals(key: key, year: 2030, draw: 2, firstTrial: first, into: $0)
                }
                var same = true
                for i in 0..<count where out[i] != Draws.normal(key: key, trial: first + i, year: 2030, draw: 2) {
                    same = false
                }
                #expect(same, "first \(first), count \(count)")
            }
        }
    }

    /// 400k normals from the ziggurat, sorted into 200 equiprobable cells plus the regions the slow
    /// path serves (wedges and tail), against Φ.
    @Test("Ziggurat normals pass a chi-square test against Φ, tails and moments included")
    func distribution() {
        let n = 400_000
        var z = [Double](repeating: 0, count: n)
        z.withUnsafeMutableBufferPointer {
            Draws.fillNormals(key: StreamKey(seed: 1, name: "z"), year: Draws.perTrial, draw: 0, firstTrial: 0, into: $0)
        }
        // Equiprobable cells: cell = ⌊Φ(z)·200⌋.
        let cells = 200
        var counts = [Int](repeating: 0, count: cells)
        var sum = 0.0, sum2 = 0.0, sum4 = 0.0
        var beyondR = 0
        for v in z {
            counts[min(cells - 1, Int(StandardNormal.cdf(v) * Double(cells)))] += 1
            sum += v; sum2 += v * v; sum4 += v * v * v * v
            if abs(v) > Ziggurat.r { beyondR += 1 }
        }
        let expected = Double(n) / Double(cells)
        let chi2 = counts.reduce(0.0) { $0 + (Double($1) - expected) * (Double($1) - expected) / expected }
        #expect(chi2 < reference.chiSquareCritical(df: cells - 1), "chi2 = \(chi2)")
        // Mean 0 (se 1/√n), variance 1 (se √2/√n), kurtosis 3: within 4 standard errors.
        let mean = sum / Double(n)
        #expect(abs(mean) < 4 / Double(n).squareRoot())
        #expect(abs(sum2 / Double(n) - 1) < 4 * 2.0.squareRoot() / Double(n).squareRoot())
        #expect(abs(sum4 / Double(n) - 3) < 4 * 96.0.squareRoot() / Double(n).squareRoot())
        // The tail beyond r has probability 2Φ(−r) = 2.58e-4: the slow path's tail sampler.
        let pTail = 2 * StandardNormal.cdf(-Ziggurat.r)
        let se = (pTail * (1 - pTail) / Double(n)).squareRoot()
        #expect(abs(Double(beyondR) / Double(n) - pTail) < 4 * se, "tail count \(beyondR)")
    }
}
