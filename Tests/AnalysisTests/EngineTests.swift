import Foundation
import FundingModel
import MonteCarlo
import Testing
@testable import Analysis

/// Collects every per-trial value a run hands to its sink (small runs only).
final class CollectingSink: PerTrialSink, @unchecked Sendable {
    var chunks: [PerTrialChunk] = []
    func write(_ chunk: PerTrialChunk, variants: [Variant]) throws { chunks.append(chunk) }
}

struct SinkFailure: Error {}

final class FailingSink: PerTrialSink, @unchecked Sendable {
    func write(_ chunk: PerTrialChunk, variants: [Variant]) throws { throw SinkFailure() }
}

@Suite struct EngineTests {
    func run(_ scenario: Scenario, trials: Int, threads: Int, chunk: Int, compare: Bool = false,
             sink: (any PerTrialSink)? = nil) throws -> RunResult {
        let config = RunConfiguration(trials: trials, seed: 7, threads: threads, sampling: .monteCarlo, chunkSize: chunk)
        return try Engine.run(Variant.of(scenario), configuration: config, compare: compare, perTrial: sink)
    }

    /// Every moment and quantile is the same bit pattern whatever the threads and chunk size.
    @Test func identicalBitsAcrossThreadsAndChunkSizes() throws {
        let scenario = smallScenario()
        let reference = try run(scenario, trials: 5_000, threads: 1, chunk: 1024)
        for (threads, chunk) in [(2, 1024), (2, 256), (3, 2048), (1, 512)] {
            let other = try run(scenario, trials: 5_000, threads: threads, chunk: chunk)
            #expect(other.variants == reference.variants, "threads \(threads), chunk \(chunk)")
        }
    }

    /// The engine's mean and sd equal a direct two-pass computation over the per-trial values.
    @Test func momentsMatchDirectComputation() throws {
        let sink = CollectingSink()
        let result = try run(smallScenario(), trials: 3_000, threads: 2, chunk: 256, sink: sink)
        let variant = result.variants[0]
        #expect(sink.chunks.map(\.firstTrial) == Array(stride(from: 0, to: 3_000, by: 256)))
        for (s, series) in variant.series.enumerated() {
            for y in 0..<series.byYear.count {
                var values: [Double] = []
                for c in sink.chunks {
                    for i in 0..<c.count { values.append(c.outputs[0].seriesValue(s, year: y, trial: i)) }
                }
                let mean = values.reduce(0, +) / Double(values.count)
                let sd = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1)).squareRoot()
                let stat = series.byYear[y]
                #expect(stat.definedTrials == 3_000)
                #expect(abs(stat.mean - mean) <= 1e-9 * max(1, abs(mean)), "\(series.info.id) \(y)")
                #expect(abs(stat.standardDeviation - sd) <= 1e-9 * max(1, sd), "\(series.info.id) \(y)")
                #expect(abs(stat.standardError - sd / 3_000.0.squareRoot()) <= 1e-9 * max(1, sd))
            }
        }
        for (k, scalar) in variant.scalars.enumerated() {
            var defined = 0
            for c in sink.chunks {
                for i in 0..<c.count where !c.outputs[0].scalarValue(k, trial: i).isNaN { defined += 1 }
            }
            #expect(scalar.statistic.definedTrials == defined, "\(scalar.info.id)")
        }
    }

    /// Every reported quantile equals that of a fresh sketch fed the row's per-trial values: rows
    /// that repeat another row (inserted once) and rows that stop repeating it get the same answer.
    @Test func quantilesEqualThoseOfTheRowsOwnValues() throws {
        let sink = CollectingSink()
        let result = try run(smallScenario(), trials: 4_000, threads: 2, chunk: 256, sink: sink)
        let variant = result.variants[0]
        for (s, series) in variant.series.enumerated() {
            for y in 0..<series.byYear.count {
                var sketch = QuantileSketch()
                for c in sink.chunks {
                    for i in 0..<c.count { sketch.add(c.outputs[0].seriesValue(s, year: y, trial: i)) }
                }
                #expect(series.byYear[y].quantiles == reportedQuantiles.map { sketch.quantile($0) }, "\(series.info.id) \(y)")
            }
        }
    }

    /// A mix that restates the baseline's values differs from it by exactly zero in every trial.
    @Test func mixIdenticalToBaselineDiffersByExactlyZero() throws {
        let base = smallScenario()
        let same = Mix(name: "same", overrides: [
            Mix.Override(parameter: base.reference(path: "poc.success")!, distribution: base[base.reference(path: "poc.success")!].distribution, eachYear: false),
        ])
        let result = try run(smallScenario(mixes: [same]), trials: 2_000, threads: 2, chunk: 512, compare: true)
        #expect(result.comparisons.count == 1)
        let differences = result.comparisons[0].differences
        #expect(!differences.isEmpty)
        for d in differences {
            if d.difference.count > 0 {
                #expect(d.difference.mean == 0 && d.difference.m2 == 0, "\(d.metric) \(d.year ?? 0)")
                #expect(d.low95 == 0 && d.high95 == 0)
            }
            if let p = d.probabilityBetter { #expect(p == 0) }
            #expect(d.baselineMean.isNaN || d.baselineMean == d.mixMean)
        }
    }

    @Test func cancellationStopsTheRun() {
        let config = RunConfiguration(trials: 100_000, seed: 1, threads: 2, chunkSize: 256)
        #expect(throws: EngineError.self) {
            try Engine.run(Variant.of(smallScenario()), configuration: config, isCancelled: { true })
        }
    }

    @Test func aFailingSinkStopsTheRunWithItsError() {
        let config = RunConfiguration(trials: 10_000, seed: 1, threads: 2, chunkSize: 256)
        do {
            _ = try Engine.run(Variant.of(smallScenario()), configuration: config, perTrial: FailingSink())
            Issue.record("expected the sink's failure")
        } catch {
            guard case .sink(let e) = error else { Issue.record("wrong error \(error)"); return }
            #expect(e is SinkFailure)
        }
    }
}
