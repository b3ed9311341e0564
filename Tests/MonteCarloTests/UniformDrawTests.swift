import Testing
@testable import MonteCarlo

/// Uncorrelated laws read through their CDF draw from uniforms; constants draw nothing.
@Suite struct UniformDrawTests {
    static func draws(_ law: Distribution, design: SamplingDesign, trials: Int = 1_000, chunk: Int = 256) throws -> [Double] {
        let sampler = try ParameterSampler(values: [SampledValue(name: "x", distribution: law, eachYear: false)], correlations: [],
                                           seed: 6, design: design, totalTrials: trials, firstYear: 2026, years: 1)
        var block = sampler.makeBlock(capacity: chunk)
        var out: [Double] = []
        var first = 0
        while first < trials {
            block.count = min(chunk, trials - first)
            sampler.fill(&block, firstTrial: first)
            block.withRow(0, year: 0) { out.append(contentsOf: $0) }
            first += block.count
        }
        return out
    }

    @Test func monteCarloUniformsAreTheCanonicalDraws() throws {
        let u = try Self.draws(.uniform(min: 0, max: 1), design: .monteCarlo)
        let key = StreamKey(seed: 6, name: "x")
        for t in [0, 1, 2, 3, 4, 255, 256, 999] {
            #expect(u[t] == Draws.uniform(key: key, trial: t, year: Draws.perTrial, draw: 0))
        }
        // Whole years and Poisson counts invert the same uniforms.
        let years = try Self.draws(.wholeUniform(min: 1, max: 3), design: .monteCarlo)
        let counts = try Self.draws(.poisson(lambda: 6), design: .monteCarlo)
        for t in 0..<1_000 {
            #expect(years[t] == Distribution.wholeUniform(min: 1, max: 3).quantile(u[t]))
            #expect(counts[t] == Double(Poisson.quantile(u[t], lambda: 6)))
        }
    }

    @Test func latinHypercubeUniformsFillEveryStratumOnce() throws {
        let n = 1_000
        let u = try Self.draws(.uniform(min: 0, max: 1), design: .latinHypercube, trials: n, chunk: 300 - 44)
        var hits = [Int](repeating: 0, count: n)
        for x in u { hits[Int(x * Double(n))] += 1 }
        #expect(hits.allSatisfy { $0 == 1 })
    }

    @Test func constantsFillTheirRowWithoutDrawing() throws {
        #expect(try Self.draws(.constant(42), design: .monteCarlo, trials: 300) == Array(repeating: 42, count: 300))
        #expect(try Self.draws(.wholeUniform(min: 2, max: 2), design: .latinHypercube, trials: 300) == Array(repeating: 2, count: 300))
    }

    @Test func whichLawsDrawFromUniforms() {
        #expect(!Distribution.lognormal(mu: 0, sigma: 1).drawsFromUniform)
        #expect(!Distribution.rounded(.lognormal(mu: 1, sigma: 1), min: 0, max: .infinity).drawsFromUniform)
        #expect(Distribution.rounded(.gamma(shape: 2, scale: 1), min: 0, max: .infinity).drawsFromUniform)
        #expect(Distribution.beta(alpha: 2, beta: 3).drawsFromUniform && Distribution.poisson(lambda: 3).drawsFromUniform)
    }
}
