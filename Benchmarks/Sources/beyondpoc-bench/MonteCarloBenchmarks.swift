import Dispatch
import MonteCarlo

/// Group "montecarlo": the engine's raw rates (DESIGN §4; targets in the MonteCarlo brief).
/// Run: swift run -c release --package-path Benchmarks beyondpoc-bench montecarlo
func monteCarloBenchmarks() -> [Benchmark] {
    let n = 1 << 22
    let buffer = UnsafeMutableBufferPointer<Double>.allocate(capacity: n)
    let key = StreamKey(seed: 1, name: "bench")
    var benchmarks: [Benchmark] = []

    benchmarks.append(Benchmark(group: "montecarlo", name: "philox4x64-10 words (4 blocks side by side)", unit: "words") {
        let w = UnsafeMutableRawPointer(buffer.baseAddress!).bindMemory(to: UInt64.self, capacity: n)
        var i = 0
        while i + 16 <= n {
            let c = UInt64(i >> 2)
            let (a, b, e, f) = Philox4x64.fourBlocks10((c, 0, 0, 0), (c + 1, 0, 0, 0), (c + 2, 0, 0, 0), (c + 3, 0, 0, 0), key: (1, 2))
            w[i] = a.0; w[i + 1] = a.1; w[i + 2] = a.2; w[i + 3] = a.3
            w[i + 4] = b.0; w[i + 5] = b.1; w[i + 6] = b.2; w[i + 7] = b.3
            w[i + 8] = e.0; w[i + 9] = e.1; w[i + 10] = e.2; w[i + 11] = e.3
            w[i + 12] = f.0; w[i + 13] = f.1; w[i + 14] = f.2; w[i + 15] = f.3
            i += 16
        }
        return n
    })

    // The form fillNormals uses: two blocks side by side, eight words per step.
    benchmarks.append(Benchmark(group: "montecarlo", name: "philox4x64-10 words (2 blocks side by side)", unit: "words") {
        let w = UnsafeMutableRawPointer(buffer.baseAddress!).bindMemory(to: UInt64.self, capacity: n)
        var i = 0
        while i + 8 <= n {
            let c = UInt64(i >> 2)
            let (a, b) = Philox4x64.twoBlocks10((c, 0, 0, 0), (c + 1, 0, 0, 0), key: (1, 2))
            w[i] = a.0; w[i + 1] = a.1; w[i + 2] = a.2; w[i + 3] = a.3
            w[i + 4] = b.0; w[i + 5] = b.1; w[i + 6] = b.2; w[i + 7] = b.3
            i += 8
        }
        return n
    })

    // One fill of 4M normals (32 MB, so every line written goes out to memory).
    benchmarks.append(Benchmark(group: "montecarlo", name: "fillNormals (ziggurat), 1 core", unit: "normals") {
        Draws.fillNormals(key: key, year: Draws.perTrial, draw: 0, firstTrial: 0, into: buffer)
        return n
    })

    // As the engine calls it: chunks of 4096 trials, the output staying in cache.
    let chunkOfNormals = UnsafeMutableBufferPointer(rebasing: buffer[0 ..< 4_096])
    benchmarks.append(Benchmark(group: "montecarlo", name: "fillNormals (ziggurat), 4096-trial chunks, 1 core", unit: "normals") {
        var first = 0
        while first < n {
            Draws.fillNormals(key: key, year: Draws.perTrial, draw: 0, firstTrial: first, into: chunkOfNormals)
            first += 4_096
        }
        return n
    })

    // Five per-trial values in one correlated group (a 5×5 copula), chunks of 4096 trials on two
    // threads: latents, dtrmm, marginals (normal, lognormal, logit-normal, uniform, triangular).
    let values = [
        SampledValue(name: "a", distribution: .normal(mean: 1, sd: 2), eachYear: false),
        SampledValue(name: "b", distribution: .lognormal(mu: 10, sigma: 0.5), eachYear: false),
        SampledValue(name: "c", distribution: .logitNormal(mu: -1, sigma: 0.7), eachYear: false),
        SampledValue(name: "d", distribution: .uniform(min: 0, max: 3), eachYear: false),
        SampledValue(name: "e", distribution: .lognormal(mu: 0, sigma: 1), eachYear: false),
    ]
    let correlations = [
        RankCorrelation(first: 0, second: 1, spearman: 0.6), RankCorrelation(first: 0, second: 2, spearman: -0.3),
        RankCorrelation(first: 1, second: 3, spearman: 0.45), RankCorrelation(first: 2, second: 4, spearman: 0.8),
        RankCorrelation(first: 3, second: 4, spearman: -0.2),
    ]
    let trials = 1 << 20
    let chunk = 4_096
    let sampler = try! ParameterSampler(values: values, correlations: correlations, seed: 1, design: .monteCarlo,
                                        totalTrials: trials, firstYear: 2025, years: 1)
    benchmarks.append(Benchmark(group: "montecarlo", name: "correlated values (5×5 copula), 2 threads", unit: "values") {
        DispatchQueue.concurrentPerform(iterations: 2) { worker in
            var block = sampler.makeBlock(capacity: chunk)
            var first = worker * chunk
            while first < trials {
                sampler.fill(&block, firstTrial: first)
                first += 2 * chunk
            }
        }
        return trials * values.count
    })

    let lhs = try! ParameterSampler(values: values, correlations: [], seed: 1, design: .latinHypercube,
                                    totalTrials: trials, firstYear: 2025, years: 1)
    benchmarks.append(Benchmark(group: "montecarlo", name: "Latin hypercube values (uncorrelated), 2 threads", unit: "values") {
        DispatchQueue.concurrentPerform(iterations: 2) { worker in
            var block = lhs.makeBlock(capacity: chunk)
            var first = worker * chunk
            while first < trials {
                lhs.fill(&block, firstTrial: first)
                first += 2 * chunk
            }
        }
        return trials * values.count
    })

    let betaSampler = try! ParameterSampler(
        values: [SampledValue(name: "p", distribution: .beta(alpha: 2, beta: 5), eachYear: false),
                 SampledValue(name: "g", distribution: .gamma(shape: 2.5, scale: 4), eachYear: false)],
        correlations: [], seed: 1, design: .monteCarlo, totalTrials: 1 << 16, firstYear: 2025, years: 1)
    benchmarks.append(Benchmark(group: "montecarlo", name: "beta + gamma values (inversion), 1 core", unit: "values", repetitions: 3) {
        var block = betaSampler.makeBlock(capacity: chunk)
        var first = 0
        while first < 1 << 16 { betaSampler.fill(&block, firstTrial: first); first += chunk }
        return 2 << 16
    })

    // Sketch inserts: a lognormal money-like series (bucketed) and a count series (exact store).
    let money = UnsafeMutableBufferPointer<Double>.allocate(capacity: n)
    Draws.fillNormals(key: key, year: 1, draw: 0, firstTrial: 0, into: money)
    Distribution.lognormal(mu: 14, sigma: 1).values(fromLatents: money)
    let counts = UnsafeMutableBufferPointer<Double>.allocate(capacity: n)
    for i in 0..<n { counts[i] = Double(Int(money[i]) % 97) }
    benchmarks.append(Benchmark(group: "montecarlo", name: "sketch inserts (lognormal), 1 core", unit: "inserts") {
        var s = QuantileSketch()
        s.add(contentsOf: UnsafeBufferPointer(money))
        return s.count
    })
    benchmarks.append(Benchmark(group: "montecarlo", name: "sketch inserts (small integers), 1 core", unit: "inserts") {
        var s = QuantileSketch()
        s.add(contentsOf: UnsafeBufferPointer(counts))
        return s.count
    })
    return benchmarks
}
