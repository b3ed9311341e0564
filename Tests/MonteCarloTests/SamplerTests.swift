import Testing
@testable import MonteCarlo

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// All trials of a run drawn chunk by chunk: value v, year index `row`, as one array.
private func draw(_ sampler: ParameterSampler, value v: Int, row: Int = 0, chunk: Int) -> [Double] {
    var out: [Double] = []
    var block = sampler.makeBlock(capacity: chunk)
    var first = 0
    while first < sampler.totalTrials {
        block.count = min(chunk, sampler.totalTrials - first)
        sampler.fill(&block, firstTrial: first)
        block.withRow(v, year: row) { out.append(contentsOf: $0) }
        first += block.count
    }
    return out
}

@Suite struct SamplerTests {
    static let values = [
        SampledValue(name: "poc.success", distribution: .logitNormal(mu: -0.5, sigma: 0.6), eachYear: false),
        SampledValue(name: "grant", distribution: .lognormal(mu: 12, sigma: 0.4), eachYear: false),
        SampledValue(name: "projects", distribution: .normal(mean: 0, sd: 1), eachYear: true),
        SampledValue(name: "delay", distribution: .normal(mean: 0, sd: 1), eachYear: false),
        SampledValue(name: "uses", distribution: .gamma(shape: 3, scale: 100), eachYear: false),
    ]
    static let correlations = [
        RankCorrelation(first: 0, second: 1, spearman: 0.7),
        RankCorrelation(first: 1, second: 4, spearman: -0.4),
    ]

    @Test("Latin hypercube: exactly one draw per stratum, per value and per year")
    func oneDrawPerStratum() throws {
        let n = 1_000
        let sampler = try ParameterSampler(values: Self.values, correlations: [], seed: 4, design: .latinHypercube,
                                           totalTrials: n, firstYear: 2025, years: 3)
        for (v, row) in [(2, 0), (2, 2), (3, 0)] {
            let z = draw(sampler, value: v, row: row, chunk: 300)
            var hits = [Int](repeating: 0, count: n)
            for x in z { hits[Int(StandardNormal.cdf(x) * Double(n))] += 1 }
            #expect(hits.allSatisfy { $0 == 1 }, "value \(v) row \(row)")
        }
    }

    @Test("The stratum permutation is a permutation, for sizes that are and are not powers of two",
          arguments: [1, 2, 3, 7, 64, 1_000, 4_097])
    func permutation(count: Int) {
        let p = StratumPermutation(count: count, key: StreamKey(seed: 1, name: "x"), year: 2030)
        var seen = [Bool](repeating: false, count: count)
        for i in 0..<count { seen[p[i]] = true }
        #expect(seen.allSatisfy { $0 })
    }

    @Test("A value's draws ignore uncorrelated values added or removed", arguments: SamplingDesign.allCases)
    func independentOfOthers(design: SamplingDesign) throws {
        let all = try ParameterSampler(values: Self.values, correlations: Self.correlations, seed: 9, design: design,
                                       totalTrials: 500, firstYear: 2025, years: 4)
        // Drop "projects" and "delay" (uncorrelated): the others keep their indices shifted.
        let fewer = try ParameterSampler(
            values: [Self.values[0], Self.values[1], Self.values[4]],
            correlations: [RankCorrelation(first: 0, second: 1, spearman: 0.7), RankCorrelation(first: 1, second: 2, spearman: -0.4)],
            seed: 9, design: design, totalTrials: 500, firstYear: 2025, years: 4)
        #expect(draw(all, value: 0, chunk: 128) == draw(fewer, value: 0, chunk: 128))
        #expect(draw(all, value: 1, chunk: 128) == draw(fewer, value: 1, chunk: 128))
        #expect(draw(all, value: 4, chunk: 128) == draw(fewer, value: 2, chunk: 128))
        // And "delay" alone gets the same draws as within the full set.
        let alone = try ParameterSampler(values: [Self.values[3]], correlations: [], seed: 9, design: design,
                                         totalTrials: 500, firstYear: 2025, years: 4)
        #expect(draw(all, value: 3, chunk: 128) == draw(alone, value: 0, chunk: 128))
    }

    @Test("Blocks are identical, trial by trial, for chunk sizes 256 and 1000", arguments: SamplingDesign.allCases)
    func chunkSize(design: SamplingDesign) throws {
        let sampler = try ParameterSampler(values: Self.values, correlations: Self.correlations, seed: 3, design: design,
                                           totalTrials: 3_000, firstYear: 2025, years: 2)
        for v in Self.values.indices {
            for row in 0..<(Self.values[v].eachYear ? 2 : 1) {
                #expect(draw(sampler, value: v, row: row, chunk: 256) == draw(sampler, value: v, row: row, chunk: 1_000),
                        "value \(v) row \(row)")
            }
        }
    }

    @Test("Correlated values reach their Spearman targets through the sampler")
    func correlated() throws {
        let n = 20_000
        let sampler = try ParameterSampler(values: Self.values, correlations: Self.correlations, seed: 12,
                                           design: .monteCarlo, totalTrials: n, firstYear: 2025, years: 1)
        let r = [0, 1, 4].map { ranks(draw(sampler, value: $0, chunk: 4_096)) }
        #expect(abs(rankCorrelation(r[0], r[1]) - 0.7) < 0.03)
        #expect(abs(rankCorrelation(r[1], r[2]) + 0.4) < 0.03)
        // Pairs that were not asked for are 0 in the copula matrix.
        #expect(abs(rankCorrelation(r[0], r[2])) < 0.03)
    }

    @Test("Correlating an each-year value is rejected as invalid")
    func eachYearRejected() {
        let c = RankCorrelation(first: 0, second: 2, spearman: 0.3)
        #expect(throws: CorrelationError.invalid(c)) {
            try ParameterSampler(values: Self.values, correlations: [c], seed: 1, design: .monteCarlo,
                                 totalTrials: 10, firstYear: 2025, years: 2)
        }
    }

    @Test("A non-PSD set reports the caller's own pairs (global indices)")
    func notPSD() {
        let bad = [
            RankCorrelation(first: 1, second: 3, spearman: 0.9),
            RankCorrelation(first: 3, second: 4, spearman: 0.9),
            RankCorrelation(first: 1, second: 4, spearman: -0.9),
        ]
        #expect(throws: CorrelationError.notPositiveSemiDefinite(pairs: bad)) {
            try ParameterSampler(values: Self.values, correlations: bad + [RankCorrelation(first: 0, second: 1, spearman: 0.1)],
                                 seed: 1, design: .monteCarlo, totalTrials: 10, firstYear: 2025, years: 2)
        }
    }
}
