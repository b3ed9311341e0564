import Testing
import FundingModel
@testable import Analysis
@testable import MonteCarlo

/// The chunk worker's shortcuts (rows that repeat an earlier row take its moments and sketch,
/// constant rows skip their second pass, whole numbers are counted apart) change no bit: every
/// row's moments equal the block-by-block moments of its own per-trial values merged in trial
/// order, and its quantiles those of a sketch fed its values one by one.
@Suite struct ReductionTests {
    /// The moments the engine must report for one row: ``blockMoments`` of each aligned block of
    /// 256 trials, merged in trial order (NaN values excluded by the block's slow path).
    static func reference(_ values: [Double]) -> Moments {
        var total = Moments()
        values.withUnsafeBufferPointer { all in
            for start in stride(from: 0, to: all.count, by: ChunkPlan.reductionBlock) {
                let block = UnsafeBufferPointer(rebasing: all[start ..< min(all.count, start + ChunkPlan.reductionBlock)])
                total.merge(blockMoments(block).moments)
            }
        }
        return total
    }

    static func check(_ statistic: Statistic, _ values: [Double], _ label: String) {
        let expected = reference(values)
        #expect(statistic.moments.count == expected.count, "\(label)")
        #expect(statistic.moments.mean.bitPattern == expected.mean.bitPattern, "\(label): mean")
        #expect(statistic.moments.m2.bitPattern == expected.m2.bitPattern, "\(label): m2")
        var sketch = QuantileSketch()
        for v in values where !v.isNaN { sketch.add(v) }
        let quantiles = reportedQuantiles.map { sketch.count > 0 ? sketch.quantile($0) : .nan }
        #expect(zip(statistic.quantiles, quantiles).allSatisfy { $0.bitPattern == $1.bitPattern }, "\(label): quantiles")
    }

    @Test("Every series-year and scalar equals its direct reduction, bit for bit, on 1 and 2 threads")
    func everyRowEqualsItsDirectReduction() throws {
        for threads in [1, 2] {
            let sink = CollectingSink()
            let configuration = RunConfiguration(trials: 3_000, seed: 11, threads: threads, sampling: .monteCarlo, chunkSize: 256)
            let result = try Engine.run(Variant.of(smallScenario()), configuration: configuration, perTrial: sink)
            let variant = result.variants[0]
            var kinds = (constant: 0, nan: 0, negative: 0)
            for (s, series) in variant.series.enumerated() {
                for y in 0 ..< series.byYear.count {
                    let values = sink.chunks.flatMap { c in (0 ..< c.count).map { c.outputs[0].seriesValue(s, year: y, trial: $0) } }
                    if values.min() == values.max() { kinds.constant += 1 }
                    if values.contains(where: { $0 < 0 }) { kinds.negative += 1 }
                    Self.check(series.byYear[y], values, "\(series.info.id) \(y), \(threads) threads")
                }
            }
            for (k, scalar) in variant.scalars.enumerated() {
                let values = sink.chunks.flatMap { c in (0 ..< c.count).map { c.outputs[0].scalarValue(k, trial: $0) } }
                if values.contains(where: \.isNaN) { kinds.nan += 1 }
                if values.contains(where: { $0 < 0 }) { kinds.negative += 1 }
                Self.check(scalar.statistic, values, "\(scalar.info.id), \(threads) threads")
            }
            // The scenario does exercise the edge rows.
            #expect(kinds.constant > 0 && kinds.nan > 0 && kinds.negative > 0, "\(kinds)")
        }
    }

    @Test("blockMoments: NaN rows, constant rows, negative and huge values")
    func blockMomentsEdgeRows() {
        func moments(_ x: [Double]) -> (moments: Moments, undefined: Int, low: Double, high: Double) {
            x.withUnsafeBufferPointer { blockMoments($0) }
        }
        let constant = moments(Array(repeating: -2.5, count: 19))
        #expect(constant.moments == Moments(count: 19, mean: -2.5, m2: 0))
        #expect(constant.low == -2.5 && constant.high == -2.5 && constant.undefined == 0)
        let withNaN = moments([1, .nan, 3, .nan, 5, 7, 9, 11, 13, .nan])
        #expect(withNaN.undefined == 3)
        #expect(withNaN.moments.count == 7 && withNaN.moments.mean == 7 && withNaN.moments.m2 == 112)
        #expect(withNaN.low.isNaN && withNaN.high.isNaN)
        let allNaN = moments([.nan, .nan])
        #expect(allNaN.moments.count == 0 && allNaN.undefined == 2)
        let huge = moments([1e300, -1e300, 1e300, -1e300, 0, 0, 0, 0, 0])
        #expect(huge.moments.mean == 0 && huge.low == -1e300 && huge.high == 1e300)
        let signed = moments([-4, -2, 0, 2, 4, -4, -2, 0, 2, 4])
        #expect(signed.moments == Moments(count: 10, mean: 0, m2: 80))
    }
}
