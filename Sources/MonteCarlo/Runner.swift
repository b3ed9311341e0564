import Dispatch
import Foundation

/// How a run's trials are cut into chunks.
///
/// Chunks are fixed-size ranges of trial indices; the last may be shorter. Statistics are reduced
/// over aligned blocks of ``ChunkPlan/reductionBlock`` trials, so a chunk size must be a multiple of
/// it: then results are the same bits for every chunk size and thread count.
public struct ChunkPlan: Sendable, Hashable {
    /// Trials per reduction block: moments are computed per block and merged in trial order.
    public static let reductionBlock = 256
    /// The default chunk size: a chunk's outputs (a few hundred rows of 256 values) stay in a core's L2 cache
    /// between the model writing them and the reduction reading them.
    public static let defaultChunkSize = 256

    public let trials: Int
    public let chunkSize: Int

    public init(trials: Int, chunkSize: Int = ChunkPlan.defaultChunkSize) {
        precondition(trials >= 0)
        precondition(chunkSize > 0 && chunkSize % ChunkPlan.reductionBlock == 0,
                     "chunk size must be a positive multiple of \(ChunkPlan.reductionBlock)")
        self.trials = trials
        self.chunkSize = chunkSize
    }

    public var chunkCount: Int { (trials + chunkSize - 1) / chunkSize }

    /// The trials of chunk `c`.
    public func trials(ofChunk c: Int) -> Range<Int> {
        let start = c * chunkSize
        return start ..< min(trials, start + chunkSize)
    }
}

/// Runs chunks on several threads and hands their results over in chunk order.
///
/// Each thread owns one `Worker` (scratch buffers, and any order-independent accumulator such as
/// integer sketch counts). `work` runs concurrently; `consume` is called exactly once per chunk,
/// strictly in chunk order and never concurrently, so an order-dependent reduction (floating-point
/// moments) done in `consume` gives the same bits whatever the thread count or the scheduling.
/// At most `2 × threads` results wait to be consumed at any time, so memory does not grow with trials.
public enum ChunkRunner {
    /// - Returns: the workers, in thread order, for a final merge of order-independent state; nil when
    ///   `isCancelled` stopped the run early.
    public static func run<Worker, Result>(
        plan: ChunkPlan,
        threads: Int,
        makeWorker: (Int) -> Worker,
        work: @escaping @Sendable (inout Worker, Int, Range<Int>) -> Result,
        consume: @escaping @Sendable (Int, Result) -> Void,
        isCancelled: @escaping @Sendable () -> Bool = { false }
    ) -> [Worker]? {
        let threadCount = max(1, min(threads, max(1, plan.chunkCount)))
        let workers = (0..<threadCount).map { UnsafeBox(makeWorker($0)) }
        let state = Scheduler<Result>(chunkCount: plan.chunkCount, window: 2 * threadCount)

        DispatchQueue.concurrentPerform(iterations: threadCount) { t in
            let box = workers[t]
            while let chunk = state.take(isCancelled: isCancelled) {
                let result = work(&box.value, chunk, plan.trials(ofChunk: chunk))
                state.deposit(chunk, result, consume: consume)
            }
        }
        return state.cancelled ? nil : workers.map(\.value)
    }
}

/// A value owned by one thread at a time (the worker of a `ChunkRunner` thread).
final class UnsafeBox<Value>: @unchecked Sendable {
    var value: Value
    init(_ value: Value) { self.value = value }
}

/// Hands out chunk indices and drains results in order. All state is behind one condition lock.
final class Scheduler<Result>: @unchecked Sendable {
    private let condition = NSCondition()
    private let chunkCount: Int
    private let window: Int
    private var nextToTake = 0
    private var nextToConsume = 0
    private var pending: [Int: Result] = [:]
    private var draining = false
    private(set) var cancelled = false

    init(chunkCount: Int, window: Int) {
        self.chunkCount = chunkCount
        self.window = window
    }

    /// The next chunk to compute, waiting while too many results are pending; nil when done.
    func take(isCancelled: () -> Bool) -> Int? {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if cancelled || nextToTake >= chunkCount { return nil }
            if isCancelled() {
                cancelled = true
                condition.broadcast()
                return nil
            }
            if nextToTake < nextToConsume + window {
                let c = nextToTake
                nextToTake += 1
                return c
            }
            condition.wait()
        }
    }

    /// Stores a result; the thread that finds the next chunk in order drains every consecutive
    /// result (outside the lock, so other threads keep depositing).
    func deposit(_ chunk: Int, _ result: Result, consume: (Int, Result) -> Void) {
        condition.lock()
        pending[chunk] = result
        guard !draining else {
            condition.unlock()
            return
        }
        draining = true
        while let ready = pending.removeValue(forKey: nextToConsume) {
            let index = nextToConsume
            condition.unlock()
            consume(index, ready)
            condition.lock()
            nextToConsume += 1
            condition.broadcast()
        }
        draining = false
        condition.unlock()
    }
}
