import Testing
@testable import MonteCarlo

/// Ranks 0..<n of a sample without ties.
func ranks(_ v: [Double]) -> [Double] {
    var r = [Double](repeating: 0, count: v.count)
    for (rank, i) in v.indices.sorted(by: { v[$0] < v[$1] }).enumerated() { r[i] = Double(rank) }
    return r
}

/// Pearson's correlation of two rank vectors: Spearman's ρ of the samples they rank.
func rankCorrelation(_ rx: [Double], _ ry: [Double]) -> Double {
    let mean = Double(rx.count - 1) / 2
    var sxy = 0.0, sxx = 0.0, syy = 0.0
    for i in rx.indices {
        let (a, b) = (rx[i] - mean, ry[i] - mean)
        sxy += a * b; sxx += a * a; syy += b * b
    }
    return sxy / (sxx * syy).squareRoot()
}

@Suite struct CopulaTests {
    static let five: [RankCorrelation] = [
        RankCorrelation(first: 0, second: 1, spearman: 0.6),
        RankCorrelation(first: 0, second: 2, spearman: -0.3),
        RankCorrelation(first: 1, second: 3, spearman: 0.45),
        RankCorrelation(first: 2, second: 4, spearman: 0.8),
        RankCorrelation(first: 3, second: 4, spearman: -0.2),
    ]

    @Test("Spearman to Pearson: r = 2 sin(πρ/6)")
    func pearsonMap() {
        #expect(GaussianCopula.pearson(spearman: 0) == 0)
        #expect(GaussianCopula.pearson(spearman: 1) == 1)
        #expect(GaussianCopula.pearson(spearman: -1) == -1)
        // 2 sin(π/12) = (√6 − √2)/2.
        #expect(abs(GaussianCopula.pearson(spearman: 0.5) - (6.0.squareRoot() - 2.0.squareRoot()) / 2) < 1e-15)
    }

    @Test("Cholesky factor reproduces the Pearson matrix")
    func factor() throws {
        let c = try GaussianCopula(dimension: 5, correlations: Self.five)
        #expect(c.isTriangular)
        for i in 0..<5 {
            for j in 0..<5 {
                var s = 0.0
                for l in 0..<5 { s += c.factor[l * 5 + i] * c.factor[l * 5 + j] }
                #expect(abs(s - c.pearson[j * 5 + i]) < 1e-14, "R[\(i),\(j)]")
            }
        }
        #expect(c.pearson[1] == GaussianCopula.pearson(spearman: 0.6))
    }

    @Test("Achieved Spearman within ±0.02 of the target at 100,000 trials (5×5)")
    func achieved() throws {
        let c = try GaussianCopula(dimension: 5, correlations: Self.five)
        let n = 100_000
        var z = [Double](repeating: 0, count: n * 5)
        z.withUnsafeMutableBufferPointer { buffer in
            for j in 0..<5 {
                Draws.fillNormals(key: StreamKey(seed: 8, name: "v\(j)"), year: Draws.perTrial, draw: 0, firstTrial: 0,
                                  into: UnsafeMutableBufferPointer(rebasing: buffer[(j * n)..<((j + 1) * n)]))
            }
            c.correlate(buffer, rows: n)
        }
        let r = (0..<5).map { j in ranks(Array(z[(j * n)..<((j + 1) * n)])) }
        for i in 0..<5 {
            for j in (i + 1)..<5 {
                let target = Self.five.first { ($0.first, $0.second) == (i, j) }?.spearman ?? 0
                let got = rankCorrelation(r[i], r[j])
                #expect(abs(got - target) < 0.02, "(\(i), \(j)): \(got) vs \(target)")
            }
        }
    }

    @Test("A non-PSD 3×3 set names its pairs; a 4th value that is fine is left out")
    func notPSD() {
        // ρ(a,b) = ρ(b,c) = 0.9 and ρ(a,c) = −0.9 cannot hold together; d is only mildly tied to a.
        let pairs = [
            RankCorrelation(first: 0, second: 3, spearman: 0.1),
            RankCorrelation(first: 0, second: 1, spearman: 0.9),
            RankCorrelation(first: 1, second: 2, spearman: 0.9),
            RankCorrelation(first: 0, second: 2, spearman: -0.9),
        ]
        let error = GaussianCopula.check(dimension: 4, correlations: pairs)
        #expect(error == .notPositiveSemiDefinite(pairs: Array(pairs[1...3])))
        // Order of values does not matter: the culprit set is found wherever it sits.
        let moved = pairs.map { RankCorrelation(first: 3 - $0.first, second: 3 - $0.second, spearman: $0.spearman) }
        #expect(GaussianCopula.check(dimension: 4, correlations: moved) == .notPositiveSemiDefinite(pairs: Array(moved[1...3])))
    }

    @Test("Invalid entries are reported as such")
    func invalid() {
        let selfPair = RankCorrelation(first: 1, second: 1, spearman: 0.5)
        #expect(GaussianCopula.check(dimension: 3, correlations: [selfPair]) == .invalid(selfPair))
        let big = RankCorrelation(first: 0, second: 1, spearman: 1.2)
        #expect(GaussianCopula.check(dimension: 3, correlations: [big]) == .invalid(big))
        let outside = RankCorrelation(first: 0, second: 3, spearman: 0.2)
        #expect(GaussianCopula.check(dimension: 3, correlations: [outside]) == .invalid(outside))
        let twice = RankCorrelation(first: 1, second: 0, spearman: 0.3)
        #expect(GaussianCopula.check(dimension: 3, correlations: [RankCorrelation(first: 0, second: 1, spearman: 0.2), twice]) == .invalid(twice))
    }

    @Test("ρ = 1 (semi-definite) works through the eigen factor: the two latents coincide")
    func perfect() throws {
        let c = try GaussianCopula(dimension: 3, correlations: [
            RankCorrelation(first: 0, second: 1, spearman: 1),
            RankCorrelation(first: 1, second: 2, spearman: 0.5),
            RankCorrelation(first: 0, second: 2, spearman: 0.5),
        ])
        #expect(!c.isTriangular)
        let n = 1_000
        var z = [Double](repeating: 0, count: n * 3)
        z.withUnsafeMutableBufferPointer { buffer in
            for j in 0..<3 {
                Draws.fillNormals(key: StreamKey(seed: 2, name: "p\(j)"), year: Draws.perTrial, draw: 0, firstTrial: 0,
                                  into: UnsafeMutableBufferPointer(rebasing: buffer[(j * n)..<((j + 1) * n)]))
            }
            c.correlate(buffer, rows: n)
        }
        var worst = 0.0
        for i in 0..<n { worst = max(worst, abs(z[i] - z[n + i])) }
        #expect(worst < 1e-12)
        // Unit rows: each correlated latent is still a standard normal.
        for i in 0..<3 {
            var norm = 0.0
            for j in 0..<3 { norm += c.factor[j * 3 + i] * c.factor[j * 3 + i] }
            #expect(abs(norm - 1) < 1e-15)
        }
    }
}
