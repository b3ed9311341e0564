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
        precondition(!variants.isEmpty)
        BLAS.useOneThread()
        let clock = ContinuousClock.now
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
        let plan = ChunkPlan(trials: configuration.trials, chunkSize: configuration.chunkSize)
        let reducer = OrderedReducer(layout: layout)
        let sinkFailure = FirstError()
        let sharedVariants = variants
        let seed = configuration.seed

        let workers = ChunkRunner.run(
            plan: plan,
            threads: configuration.threads,
            makeWorker: { _ in ChunkWorker(variants: variants, samplers: samplers, layout: layout, capacity: plan.chunkSize) },
            work: { worker, _, trials in
                worker.process(trials: trials, seed: seed, keepPerTrial: perTrial != nil)
            },
            consume: { _, result in
                reducer.merge(result)
                if let sink = perTrial, let chunk = result.perTrial, !sinkFailure.isSet {
                    do { try sink.write(chunk, variants: sharedVariants) } catch { sinkFailure.set(error) }
                }
                progress?(result.trials.upperBound)
            },
            isCancelled: { isCancelled() || sinkFailure.isSet })

        if let error = sinkFailure.error { throw .sink(error) }
        guard let workers else { throw .cancelled }
        let sketches = workers.map { $0.resolvedSketches() }
        let result = reducer.finish(sketches: sketches, variants: variants, horizon: variants[0].model.scenario.horizon)
        let elapsed = ContinuousClock.now - clock
        return RunResult(
            configuration: configuration, horizon: variants[0].model.scenario.horizon,
            variants: result.variants, comparisons: result.comparisons,
            simulationSeconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
    }
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
