import Foundation
import FundingModel
import MonteCarlo
import Testing
@testable import Analysis

/// Shards (DESIGN §11): ranges on block boundaries, and a merge of partial results that gives the
/// unsharded run's bits.
@Suite struct ShardMergeTests {
    @Test(arguments: [0, 1, 255, 256, 3_000, 5_000, 1_000_000])
    func shardRangesCoverTheTrialsOnceOnBlockBoundaries(trials: Int) {
        let block = ChunkPlan.reductionBlock
        let blocks = (trials + block - 1) / block
        for n in [1, 2, 3, 7, 30, 5_000] {
            let ranges = (1...n).map { ShardPlan.trials(ofShard: $0, of: n, trials: trials) }
            #expect(ranges.first?.lowerBound == 0)
            #expect(ranges.last?.upperBound == trials)
            for (a, b) in zip(ranges, ranges.dropFirst()) { #expect(a.upperBound == b.lowerBound) }
            #expect(ranges.allSatisfy { $0.lowerBound % block == 0 })
            // Sizes in blocks are ⌊B/n⌋ or ⌈B/n⌉.
            let sizes = ranges.map { ($0.count + block - 1) / block }
            #expect(sizes.reduce(0, +) == blocks)
            #expect(sizes.allSatisfy { $0 == blocks / n || $0 == (blocks + n - 1) / n }, "n = \(n)")
        }
    }

    /// A mix equal to the baseline (its rows alias the baseline's in every worker) and one that
    /// differs, so that aliasing and pairing both cross shard boundaries.
    func scenario() -> Scenario {
        let base = smallScenario()
        let success = base.reference(path: "poc.success")!
        let projects = base.reference(path: "recherche.projects")!
        return smallScenario(mixes: [
            Mix(name: "same", overrides: [Mix.Override(parameter: success, distribution: base[success].distribution, eachYear: false)]),
            Mix(name: "more", overrides: [Mix.Override(
                parameter: projects, distribution: .rounded(.lognormal(mu: 2.6, sigma: 0.3), min: 0, max: .infinity), eachYear: true)]),
        ])
    }

    @Test(arguments: [1, 2, 3, 7, 40])
    func mergedShardsAreTheUnshardedRun(n: Int) throws {
        let variants = Variant.of(scenario())
        let trials = 7_000
        let whole = try Engine.run(variants, configuration: RunConfiguration(trials: trials, seed: 3, threads: 2, chunkSize: 256),
                                   compare: true)
        var parts: [PartialResult] = []
        for i in 1...n {
            // Other thread counts and chunk sizes than the whole run: the bits depend on neither.
            let configuration = RunConfiguration(trials: trials, seed: 3, threads: 1 + i % 2, chunkSize: 256 * (1 + i % 3))
            parts.append(try Engine.runShard(variants, configuration: configuration,
                                             trials: ShardPlan.trials(ofShard: i, of: n, trials: trials), compare: true))
        }
        let merged = Engine.merge(parts, variants: variants, configuration: whole.configuration, compare: true)
        // Descriptions print every Double to its shortest exact form: equal strings, equal bits.
        #expect("\(merged.variants)" == "\(whole.variants)")
        #expect("\(merged.comparisons)" == "\(whole.comparisons)")
    }

    @Test func partialStateRoundTripsBitForBit() throws {
        let variants = Variant.of(scenario())
        let configuration = RunConfiguration(trials: 3_000, seed: 5, threads: 2, sampling: .latinHypercube)
        let partial = try Engine.runShard(variants, configuration: configuration, trials: 768 ..< 2_048, compare: true)
        let state = PartialState(
            command: "compare", scenarioFile: "a/b.scenario", scenarioSHA256: "abc", scenarioBytes: Array("x y".utf8),
            seed: 5, trials: 3_000, sampling: "lhs", csvDialect: "standard", threads: 2, chunkSize: 256, compare: true,
            variants: variants.map(\.name), shardIndex: 2, shardCount: 3, result: partial)
        let read = try PartialState(decoding: state.encoded())
        #expect(read.command == "compare" && read.scenarioFile == "a/b.scenario" && read.scenarioSHA256 == "abc")
        #expect(read.scenarioBytes == Array("x y".utf8))
        #expect(read.seed == 5 && read.trials == 3_000 && read.sampling == "lhs" && read.csvDialect == "standard")
        #expect(read.variants == ["baseline", "same", "more"] && read.compare)
        #expect(read.shardIndex == 2 && read.shardCount == 3 && read.result.trials == 768 ..< 2_048)
        #expect(read.result.blocksByRow.count == Engine.rowCount(variants, compare: true))
        #expect(read.result.blocksByRow.allSatisfy { $0.count == 5 })
        for (a, b) in zip(read.result.blocksByRow.joined(), partial.blocksByRow.joined()) {
            #expect(a.count == b.count && a.mean.bitPattern == b.mean.bitPattern && a.m2.bitPattern == b.m2.bitPattern)
        }
        #expect(read.result.sketches == partial.sketches)
        #expect(read.result.betterCounts == partial.betterCounts && read.result.sharesScaled == partial.sharesScaled)
    }

    @Test func truncatedOrForeignBytesAreRefused() throws {
        let partial = try Engine.runShard(Variant.of(smallScenario()), configuration: RunConfiguration(trials: 600, threads: 1),
                                          trials: 0 ..< 512)
        let state = PartialState(
            command: "run", scenarioFile: "s", scenarioSHA256: "h", scenarioBytes: [], seed: 1, trials: 600, sampling: "mc",
            csvDialect: "standard", threads: 1, chunkSize: 256, compare: false, variants: ["baseline"],
            shardIndex: 1, shardCount: 2, result: partial)
        let bytes = state.encoded()
        #expect(throws: PartialState.ReadError.notAPartialState) { try PartialState(decoding: Array("BPOCPARX".utf8) + bytes.dropFirst(8)) }
        var newer = bytes
        newer[8] = 9
        #expect(throws: PartialState.ReadError.unsupportedVersion(9)) { try PartialState(decoding: newer) }
        // Every cut of the file is refused, none traps.
        for length in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 97)) {
            #expect(throws: PartialState.ReadError.self) { try PartialState(decoding: Array(bytes.prefix(length))) }
        }
    }
}
