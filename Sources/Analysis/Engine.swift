import Foundation
import FundingModel
import MonteCarlo

/// One scenario variant to simulate: the baseline or a mix applied to it.
public struct Variant: Sendable {
    public var name: String
    public var model: SimulationModel

    public init(name: String, model: SimulationModel) {
        self.name = name
        self.model = model
    }

    /// The baseline and, in order, the named mixes of `scenario` (all of them when `mixes` is nil).
    public static func of(_ scenario: Scenario, mixes: [String]? = nil) -> [Variant] {
        var result = [Variant(name: Scenario.baselineName, model: SimulationModel(scenario: scenario))]
        for mix in scenario.mixes where mixes?.contains(mix.name) ?? true {
            result.append(Variant(name: mix.name, model: SimulationModel(scenario: scenario.applying(mix))))
        }
        return result
    }
}

/// The outputs and inputs of one chunk, handed to a per-trial sink in trial order.
public struct PerTrialChunk: Sendable {
    public var firstTrial: Int
    public var count: Int
    /// One entry per variant, in run order.
    public var outputs: [ChunkOutput]
    public var inputs: [ParameterBlock]
}

/// Receives every chunk's per-trial values, in trial order (for `--per-trial` files).
public protocol PerTrialSink: AnyObject, Sendable {
    func write(_ chunk: PerTrialChunk, variants: [Variant]) throws
}

/// Why a run stopped without results.
public enum EngineError: Error, Sendable {
    case cancelled
    case correlation(CorrelationError)
    case sink(any Error)
}

/// Runs variants of a scenario over the same trials (common random numbers) and reduces every
/// output to mean, sd, MCSE and quantiles; optionally pairs each variant with the first.
///
/// Reduction: each chunk computes moments per aligned block of ``ChunkPlan/reductionBlock`` trials;
/// blocks are merged in trial order, so the bits depend on neither thread count nor chunk size.
/// Quantile sketches hold integer counts and are merged across threads at the end (exact, order-free).
public enum Engine {
    public static func run(
        _ variants: [Variant],
        configuration: RunConfiguration,
        compare: Bool = false,
        selection: OutputSelection = .all,
        perTrial: (any PerTrialSink)? = nil,
        progress: (@Sendable (Int) -> Void)? = nil,
        isCancelled: @escaping @Sendable () -> Bool = { false }
    ) throws(EngineError) -> RunResult {
        let clock = ContinuousClock.now
        let reduced = try reduce(variants, configuration: configuration, trials: 0 ..< configuration.trials,
                                 compare: compare, selection: selection, keepsBlocks: false, perTrial: perTrial,
                                 progress: progress, isCancelled: isCancelled)
        let result = reduced.reducer.finish(sketches: reduced.sketches, variants: variants,
                                            horizon: variants[0].model.scenario.horizon)
        return RunResult(
            configuration: configuration, horizon: variants[0].model.scenario.horizon,
            variants: result.variants, comparisons: result.comparisons,
            simulationSeconds: (ContinuousClock.now - clock).engineSeconds)
    }

    /// Runs the global trials `trials` only (a shard, DESIGN §11) and keeps what a merge needs:
    /// every row's block moments unfolded, the sketches, the integer counts. `trials` must start
    /// on a multiple of ``ChunkPlan/reductionBlock`` (see ``ShardPlan``); the samplers are built for
    /// all `configuration.trials`, so every trial draws what it draws in the unsharded run.
    public static func runShard(
        _ variants: [Variant],
        configuration: RunConfiguration,
        trials: Range<Int>,
        compare: Bool = false,
        selection: OutputSelection = .all,
        progress: (@Sendable (Int) -> Void)? = nil,
        isCancelled: @escaping @Sendable () -> Bool = { false }
    ) throws(EngineError) -> PartialResult {
        precondition(trials.lowerBound % ChunkPlan.reductionBlock == 0 && trials.upperBound <= configuration.trials)
        let clock = ContinuousClock.now
        let reduced = try reduce(variants, configuration: configuration, trials: trials, compare: compare,
                                 selection: selection, keepsBlocks: true, perTrial: nil,
                                 progress: progress, isCancelled: isCancelled)
        return PartialResult(
            trials: trials, blocksByRow: reduced.reducer.blocksByRow ?? [], sketches: reduced.sketches,
            betterCounts: reduced.reducer.betterTotals, sharesScaled: reduced.reducer.sharesScaled,
            simulationSeconds: (ContinuousClock.now - clock).engineSeconds)
    }

    /// The result of the unsharded run from its shards' partial results, bit for bit: each row's
    /// blocks are folded in trial order (shard after shard), sketches and counts added.
    ///
    /// - Parameter parts: every shard's result, in trial order, covering `0 ..< configuration.trials`
    ///   once (the caller checks that they belong together).
    public static func merge(
        _ parts: [PartialResult],
        variants: [Variant],
        configuration: RunConfiguration,
        compare: Bool = false,
        selection: OutputSelection = .all
    ) -> RunResult {
        let merger = ShardMerger(variants: variants, configuration: configuration, compare: compare, selection: selection)
        // Parts decoded in full hold their numbers: adding them cannot fail.
        for part in parts {
            try? merger.add(PartialState(
                command: "", scenarioFile: "", scenarioSHA256: "", scenarioBytes: [], seed: configuration.seed,
                trials: configuration.trials, sampling: "", csvDialect: "", threads: 1, chunkSize: configuration.chunkSize,
                compare: compare, variants: [], shardIndex: 1, shardCount: 1, result: part))
        }
        var result = merger.finish()
        result.simulationSeconds = parts.reduce(0) { $0 + $1.simulationSeconds }
        return result
    }

    /// The rows a run of `variants` reduces (what a partial result must hold).
    public static func rowCount(_ variants: [Variant], compare: Bool, selection: OutputSelection = .all) -> Int {
        ReductionLayout(variants: variants, compare: compare, selection: selection).totalRows
    }

    /// Samples, simulates and reduces the global trials `trials` on every thread.
    private static func reduce(
        _ variants: [Variant],
        configuration: RunConfiguration,
        trials: Range<Int>,
        compare: Bool,
        selection: OutputSelection,
        keepsBlocks: Bool,
        perTrial: (any PerTrialSink)?,
        progress: (@Sendable (Int) -> Void)?,
        isCancelled: @escaping @Sendable () -> Bool
    ) throws(EngineError) -> (reducer: OrderedReducer, sketches: [QuantileSketch]) {
        precondition(!variants.isEmpty)
        BLAS.useOneThread()
        let samplers: [ParameterSampler]
        do {
            samplers = try variants.map { v throws(CorrelationError) in
                try v.model.makeSampler(seed: configuration.seed, design: configuration.sampling,
                                        totalTrials: configuration.trials)
            }
        } catch {
            throw .correlation(error)
        }
        let layout = ReductionLayout(variants: variants, compare: compare, selection: selection)
        // The plan numbers the range's trials from 0; chunks start on multiples of the chunk size
        // from the range's start, itself a multiple of the reduction block, so blocks stay aligned.
        let plan = ChunkPlan(trials: trials.count, chunkSize: configuration.chunkSize)
        let first = trials.lowerBound
        let reducer = OrderedReducer(layout: layout, keepsBlocks: keepsBlocks)
        let sinkFailure = FirstError()
        let sharedVariants = variants
        let seed = configuration.seed

        let workers = ChunkRunner.run(
            plan: plan,
            threads: configuration.threads,
            makeWorker: { _ in ChunkWorker(variants: variants, samplers: samplers, layout: layout, capacity: plan.chunkSize) },
            work: { worker, _, local in
                worker.process(trials: (local.lowerBound + first) ..< (local.upperBound + first),
                               seed: seed, keepPerTrial: perTrial != nil)
            },
            consume: { _, result in
                reducer.merge(result)
                if let sink = perTrial, let chunk = result.perTrial, !sinkFailure.isSet {
                    do { try sink.write(chunk, variants: sharedVariants) } catch { sinkFailure.set(error) }
                }
                progress?(result.trials.upperBound - first)
            },
            isCancelled: { isCancelled() || sinkFailure.isSet })

        if let error = sinkFailure.error { throw .sink(error) }
        guard let workers else { throw .cancelled }
        return (reducer, OrderedReducer.merged(workers.map { $0.resolvedSketches() }))
    }
}

extension Duration {
    var engineSeconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}

/// Remembers the first error of a sink, across threads.
final class FirstError: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: (any Error)?
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return stored != nil }
    var error: (any Error)? { lock.lock(); defer { lock.unlock() }; return stored }
    func set(_ e: any Error) {
        lock.lock()
        if stored == nil { stored = e }
        lock.unlock()
    }
}
