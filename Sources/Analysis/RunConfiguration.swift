import Foundation
import MonteCarlo

/// How many trials to run, from which seed, on how many threads, with which sampling design.
public struct RunConfiguration: Sendable, Hashable {
    public var trials: Int
    public var seed: UInt64
    public var threads: Int
    public var sampling: SamplingDesign
    /// Trials per chunk; a multiple of ``ChunkPlan/reductionBlock``. Results do not depend on it.
    public var chunkSize: Int

    public init(
        trials: Int = 10_000, seed: UInt64 = 1, threads: Int = ProcessInfo.processInfo.activeProcessorCount,
        sampling: SamplingDesign = .monteCarlo, chunkSize: Int = ChunkPlan.defaultChunkSize
    ) {
        self.trials = trials
        self.seed = seed
        self.threads = threads
        self.sampling = sampling
        self.chunkSize = chunkSize
    }
}

/// The quantiles reported for every statistic (summary.csv's p05 … p95 columns).
public let reportedQuantiles: [Double] = [0.05, 0.25, 0.50, 0.75, 0.95]
