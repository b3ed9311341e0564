import MonteCarlo

/// The engine's reduction per output row of one chunk (1,024 trials): quantile-sketch inserts of
/// three typical rows — small counts, money, and money that is mostly zero.
func reductionBenchmarks() -> [Benchmark] {
    let width = 1024, rows = 2000
    let key = StreamKey(seed: 5, name: "bench.reduction")
    func row(_ make: (Double) -> Double) -> UnsafeMutableBufferPointer<Double> {
        let buffer = UnsafeMutableBufferPointer<Double>.allocate(capacity: width)
        Draws.fillUniforms(key: key, year: 3, draw: 0, firstTrial: 0, into: buffer)
        for i in 0..<width { buffer[i] = make(buffer[i]) }
        return buffer
    }
    let counts = row { Double(Poisson.quantile($0, lambda: 3)) }
    let money = row { Distribution.lognormal(mu: 14, sigma: 0.8).quantile($0) }
    let sparse = row { $0 < 0.7 ? 0 : Distribution.lognormal(mu: 12, sigma: 1).quantile($0) }
    func insert(_ name: String, _ values: UnsafeMutableBufferPointer<Double>) -> Benchmark {
        Benchmark(group: "reduction", name: "sketch rows of 1024: \(name)", unit: "inserts") {
            // With the row's extremes, as the engine inserts (whole-number rows take their own path).
            let (lo, hi) = (values.min()!, values.max()!)
            var s = QuantileSketch()
            for _ in 0..<rows { s.add(contentsOf: UnsafeBufferPointer(values), minimum: lo, maximum: hi) }
            return s.count
        }
    }
    return [insert("counts", counts), insert("money", money), insert("70% zeros", sparse)]
}
