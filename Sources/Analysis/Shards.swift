import Foundation
import MonteCarlo

/// Which global trials shard `i` of `n` runs (DESIGN §11): the blocks of
/// ``ChunkPlan/reductionBlock`` trials are dealt into n contiguous ranges as evenly as they go
/// (sizes differ by at most one block), so every boundary is on a multiple of the block and the
/// last range ends at `trials`. With more shards than blocks some ranges are empty: such a shard
/// still writes its (empty) part, and a merge needs it, so that "every range once" stays checkable.
public enum ShardPlan {
    public static func trials(ofShard index: Int, of count: Int, trials: Int) -> Range<Int> {
        precondition(count >= 1 && (1...count).contains(index) && trials >= 0)
        let block = ChunkPlan.reductionBlock
        let blocks = (trials + block - 1) / block
        let first = (index - 1) * blocks / count
        let last = index * blocks / count
        return min(trials, first * block) ..< min(trials, last * block)
    }
}

/// What a shard keeps for the merge: per row, its block moments in trial order (unfolded: the
/// merge folds them after the blocks of earlier shards, as the unsharded reducer does); per row,
/// its quantile sketch; the integer counts.
public struct PartialResult: Sendable {
    /// The global trials it covers.
    public var trials: Range<Int>
    /// `blocksByRow[row][b]`: moments of the b-th reduction block of the range.
    public var blocksByRow: [[Moments]]
    public var sketches: [QuantileSketch]
    /// Per difference row: trials where the mix is strictly better (compare).
    public var betterCounts: [Int]
    /// Per variant: trials whose pathway shares were scaled down.
    public var sharesScaled: [Int]
    public var simulationSeconds: Double

    public init(trials: Range<Int>, blocksByRow: [[Moments]], sketches: [QuantileSketch], betterCounts: [Int],
                sharesScaled: [Int], simulationSeconds: Double) {
        self.trials = trials
        self.blocksByRow = blocksByRow
        self.sketches = sketches
        self.betterCounts = betterCounts
        self.sharesScaled = sharesScaled
        self.simulationSeconds = simulationSeconds
    }
}

/// A shard's file `part.state`: what produced it and its ``PartialResult``, in a versioned binary
/// format that `beyondpoc merge` reads.
///
/// ## Format (version 1)
/// All integers little-endian; a Double is its IEEE-754 bit pattern as a 64-bit word, so values
/// come back as the same bits. Strings: a 64-bit byte length, then UTF-8.
/// - 8 bytes: the magic `BPOCPART`;
/// - u32: the format version (1);
/// - u32: the number of sections, then that many entries of the section table: a 4-byte ASCII tag,
///   u64 offset from the file's start, u64 length;
/// - the sections, each read within its own bounds:
///   - `HEAD`: command, scenario file name, scenario SHA-256 (hex), seed (u64), trials, sampling,
///     CSV dialect, threads, chunk size, compare (u64: 0/1), the variants (count, then names),
///     the shard (i, n), its trial range (lower, upper), the reduction block, the row count;
///   - `SCEN`: the scenario file's bytes (a merge compiles them again: no other file is needed);
///   - `MOMS`: rows, blocks per row, then for each row its blocks in trial order as three words
///     each: count, mean, Σ(x − mean)²;
///   - `SKET`: rows, then each row's quantile sketch (``MonteCarlo/QuantileSketch/encode(into:)``:
///     accuracy, count, extremes, and each store's non-zero buckets as varints);
///   - `CNTS`: the better-counts (count, then values) and the shares-scaled counts (idem).
///
/// A reader skips sections it does not know, so later sections (decide's per-trial net benefits
/// and the parameters EVPPI needs) can be added without a new version; a change to the meaning
/// of an existing section takes a new version, which older readers refuse.
public struct PartialState: Sendable {
    public static let magic = Array("BPOCPART".utf8)
    public static let formatVersion: UInt32 = 1

    public var command: String
    public var scenarioFile: String
    public var scenarioSHA256: String
    public var scenarioBytes: [UInt8]
    public var seed: UInt64
    public var trials: Int
    public var sampling: String
    public var csvDialect: String
    public var threads: Int
    public var chunkSize: Int
    public var compare: Bool
    public var variants: [String]
    public var shardIndex: Int
    public var shardCount: Int
    public var result: PartialResult

    public init(command: String, scenarioFile: String, scenarioSHA256: String, scenarioBytes: [UInt8], seed: UInt64,
                trials: Int, sampling: String, csvDialect: String, threads: Int, chunkSize: Int, compare: Bool,
                variants: [String], shardIndex: Int, shardCount: Int, result: PartialResult) {
        self.command = command
        self.scenarioFile = scenarioFile
        self.scenarioSHA256 = scenarioSHA256
        self.scenarioBytes = scenarioBytes
        self.seed = seed
        self.trials = trials
        self.sampling = sampling
        self.csvDialect = csvDialect
        self.threads = threads
        self.chunkSize = chunkSize
        self.compare = compare
        self.variants = variants
        self.shardIndex = shardIndex
        self.shardCount = shardCount
        self.result = result
    }

    /// The file's bytes.
    public func encoded() -> [UInt8] {
        var sections: [(tag: String, bytes: [UInt8])] = []
        var head = BinaryWriter()
        head.append(command)
        head.append(scenarioFile)
        head.append(scenarioSHA256)
        head.append(seed)
        head.append(trials)
        head.append(sampling)
        head.append(csvDialect)
        head.append(threads)
        head.append(chunkSize)
        head.append(compare ? 1 : 0)
        head.append(variants.count)
        for v in variants { head.append(v) }
        head.append(shardIndex)
        head.append(shardCount)
        head.append(result.trials.lowerBound)
        head.append(result.trials.upperBound)
        head.append(ChunkPlan.reductionBlock)
        head.append(result.blocksByRow.count)
        sections.append(("HEAD", head.bytes))
        sections.append(("SCEN", scenarioBytes))

        var moments = BinaryWriter()
        let blocks = result.blocksByRow.first?.count ?? 0
        moments.append(result.blocksByRow.count)
        moments.append(blocks)
        var words: [UInt64] = []
        words.reserveCapacity(3 * blocks * result.blocksByRow.count)
        for row in result.blocksByRow {
            for m in row {
                words.append(UInt64(bitPattern: Int64(m.count)))
                words.append(m.mean.bitPattern)
                words.append(m.m2.bitPattern)
            }
        }
        moments.append(words: words)
        sections.append(("MOMS", moments.bytes))

        var sketches = BinaryWriter()
        sketches.append(result.sketches.count)
        for s in result.sketches { s.encode(into: &sketches) }
        sections.append(("SKET", sketches.bytes))

        var counts = BinaryWriter()
        counts.append(result.betterCounts.count)
        for c in result.betterCounts { counts.append(c) }
        counts.append(result.sharesScaled.count)
        for c in result.sharesScaled { counts.append(c) }
        sections.append(("CNTS", counts.bytes))

        var file = BinaryWriter()
        file.append(raw: Self.magic)
        file.append(Self.formatVersion)
        file.append(UInt32(sections.count))
        var offset = Self.magic.count + 8 + sections.count * 20
        for section in sections {
            file.append(raw: Array(section.tag.utf8))
            file.append(UInt64(offset))
            file.append(UInt64(section.bytes.count))
            offset += section.bytes.count
        }
        for section in sections { file.append(raw: section.bytes) }
        return file.bytes
    }

    /// Why a file is not a partial state this version can read.
    public enum ReadError: Error, Sendable, Equatable {
        case notAPartialState
        case unsupportedVersion(UInt32)
        case corrupt(String)
    }

    /// The file's bytes and where its numbers lie, kept by a header-only read for ``ShardMerger``.
    var storage: [UInt8] = []
    var numberSections: (moments: Range<Int>, sketches: Range<Int>, counts: Range<Int>)? = nil
    var rowCount = 0

    /// Reads a file written by ``encoded()``, checking its magic, version and every length.
    /// With `numbers: false` only the header is read (``result`` holds the range alone) and the
    /// numbers are left for ``ShardMerger/add(_:)`` to fold straight from the bytes.
    public init(decoding bytes: [UInt8], numbers: Bool = true) throws(ReadError) {
        guard bytes.count >= Self.magic.count + 8, Array(bytes[0 ..< Self.magic.count]) == Self.magic else {
            throw .notAPartialState
        }
        do {
            var reader = BinaryReader(bytes, from: Self.magic.count)
            let version = try reader.uint32()
            guard version == Self.formatVersion else { throw ReadError.unsupportedVersion(version) }
            let count = Int(try reader.uint32())
            guard count <= reader.remaining / 20 else { throw ReadError.corrupt("its section table is longer than the file") }
            var sections: [String: Range<Int>] = [:]
            for _ in 0..<count {
                let tag = String(decoding: try reader.raw(4), as: UTF8.self)
                let offset = try reader.uint64(), length = try reader.uint64()
                guard offset <= UInt64(bytes.count), length <= UInt64(bytes.count) - offset else {
                    throw ReadError.corrupt("its section \(tag) lies beyond the end of the file")
                }
                sections[tag] = Int(offset) ..< Int(offset + length)
            }
            func section(_ tag: String) throws -> BinaryReader {
                guard let range = sections[tag] else { throw ReadError.corrupt("it has no \(tag) section") }
                return BinaryReader(bytes, from: range.lowerBound, to: range.upperBound)
            }
            var head = try section("HEAD")
            command = try head.string()
            scenarioFile = try head.string()
            scenarioSHA256 = try head.string()
            seed = try head.uint64()
            trials = try head.int()
            sampling = try head.string()
            csvDialect = try head.string()
            threads = try head.int()
            chunkSize = try head.int()
            compare = try head.int() != 0
            variants = []
            for _ in 0 ..< (try head.count(atMost: head.remaining)) { variants.append(try head.string()) }
            shardIndex = try head.int()
            shardCount = try head.int()
            let lower = try head.int(), upper = try head.int()
            let block = try head.int()
            let rows = try head.count(atMost: 1 << 30)
            guard block == ChunkPlan.reductionBlock else {
                throw ReadError.corrupt("its reduction block is \(block) trials, not \(ChunkPlan.reductionBlock)")
            }
            guard 0 <= lower, lower <= upper, upper <= trials else { throw ReadError.corrupt("its trial range is invalid") }
            let range = lower ..< upper
            let scenario = try section("SCEN")
            scenarioBytes = Array(bytes[scenario.position ..< scenario.end])
            rowCount = rows
            if !numbers {
                guard let m = sections["MOMS"], let k = sections["SKET"], let c = sections["CNTS"] else {
                    throw ReadError.corrupt("it lacks a section of numbers")
                }
                storage = bytes
                numberSections = (m, k, c)
                result = PartialResult(trials: range, blocksByRow: [], sketches: [], betterCounts: [], sharesScaled: [],
                                       simulationSeconds: 0)
                return
            }

            var moments = try section("MOMS")
            let momentRows = try moments.count(atMost: 1 << 30)
            let blocks = try moments.count(atMost: 1 << 40)
            guard momentRows == rows, blocks == (range.count + block - 1) / block else {
                throw ReadError.corrupt("its block moments do not match its rows and range")
            }
            guard blocks == 0 || rows <= moments.remaining / (24 * blocks) else {
                throw ReadError.corrupt("its block moments are truncated")
            }
            let words = try moments.words(3 * rows * blocks)
            var blocksByRow: [[Moments]] = []
            blocksByRow.reserveCapacity(rows)
            for r in 0..<rows {
                var row = [Moments]()
                row.reserveCapacity(blocks)
                for b in 0..<blocks {
                    let k = 3 * (r * blocks + b)
                    row.append(Moments(count: Int(Int64(bitPattern: words[k])), mean: Double(bitPattern: words[k + 1]),
                                       m2: Double(bitPattern: words[k + 2])))
                }
                blocksByRow.append(row)
            }

            var sketchReader = try section("SKET")
            guard try sketchReader.count(atMost: 1 << 30) == rows else { throw ReadError.corrupt("its sketches do not match its rows") }
            var sketches: [QuantileSketch] = []
            sketches.reserveCapacity(rows)
            for _ in 0..<rows { sketches.append(try QuantileSketch(decoding: &sketchReader)) }

            var counts = try section("CNTS")
            var better: [Int] = []
            for _ in 0 ..< (try counts.count(atMost: counts.remaining / 8)) { better.append(try counts.int()) }
            var shares: [Int] = []
            for _ in 0 ..< (try counts.count(atMost: counts.remaining / 8)) { shares.append(try counts.int()) }
            result = PartialResult(trials: range, blocksByRow: blocksByRow, sketches: sketches, betterCounts: better,
                                   sharesScaled: shares, simulationSeconds: 0)
        } catch let error as ReadError {
            throw error
        } catch {
            throw .corrupt("\(error)")
        }
    }
}

/// Folds partial states, part after part in trial order, straight from their bytes into the
/// unsharded run's result: each row's block moments after those of the earlier parts (the same
/// `Moments.merge` calls in the same order as the unsharded reducer), sketch counts and integer
/// counts added. Memory stays that of one part.
public final class ShardMerger {
    let variants: [Variant]
    let configuration: RunConfiguration
    let layout: ReductionLayout
    let reducer: OrderedReducer
    var sketches: [QuantileSketch]
    var seconds = 0.0

    public init(variants: [Variant], configuration: RunConfiguration, compare: Bool, selection: OutputSelection = .all) {
        self.variants = variants
        self.configuration = configuration
        layout = ReductionLayout(variants: variants, compare: compare, selection: selection)
        reducer = OrderedReducer(layout: layout)
        sketches = Array(repeating: QuantileSketch(), count: layout.totalRows)
    }

    /// The rows each part must hold.
    public var rowCount: Int { layout.totalRows }

    /// Folds the next part (read with `numbers: false`, or fully).
    public func add(_ state: PartialState) throws(PartialState.ReadError) {
        guard let sections = state.numberSections else {
            let r = state.result
            for row in 0..<layout.totalRows { r.blocksByRow[row].withUnsafeBufferPointer { reducer.fold(row: row, blocks: $0) } }
            for row in sketches.indices { sketches[row].merge(r.sketches[row]) }
            reducer.add(betterCounts: r.betterCounts, sharesScaled: r.sharesScaled)
            return
        }
        guard state.rowCount == layout.totalRows else {
            throw .corrupt("it holds \(state.rowCount) rows, the scenario's run \(layout.totalRows)")
        }
        let bytes = state.storage
        do {
            var moments = BinaryReader(bytes, from: sections.moments.lowerBound, to: sections.moments.upperBound)
            let rows = try moments.count(atMost: 1 << 30)
            let blocks = try moments.count(atMost: 1 << 40)
            let block = ChunkPlan.reductionBlock
            guard rows == layout.totalRows, blocks == (state.result.trials.count + block - 1) / block,
                  blocks == 0 || rows <= moments.remaining / (24 * blocks) else {
                throw PartialState.ReadError.corrupt("its block moments do not match its rows and range")
            }
            let start = moments.position
            var folded = [Moments](repeating: Moments(), count: blocks)
            bytes.withUnsafeBytes { raw in
                for row in 0..<rows {
                    for b in 0..<blocks {
                        let at = start + 24 * (row * blocks + b)
                        folded[b] = Moments(
                            count: Int(Int64(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: Int64.self))),
                            mean: Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: at + 8, as: UInt64.self))),
                            m2: Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: at + 16, as: UInt64.self))))
                    }
                    folded.withUnsafeBufferPointer { reducer.fold(row: row, blocks: $0) }
                }
            }
            var sketchReader = BinaryReader(bytes, from: sections.sketches.lowerBound, to: sections.sketches.upperBound)
            guard try sketchReader.count(atMost: 1 << 30) == rows else {
                throw PartialState.ReadError.corrupt("its sketches do not match its rows")
            }
            for row in 0..<rows { try sketches[row].merge(decoding: &sketchReader) }
            var counts = BinaryReader(bytes, from: sections.counts.lowerBound, to: sections.counts.upperBound)
            var better: [Int] = []
            for _ in 0 ..< (try counts.count(atMost: counts.remaining / 8)) { better.append(try counts.int()) }
            var shares: [Int] = []
            for _ in 0 ..< (try counts.count(atMost: counts.remaining / 8)) { shares.append(try counts.int()) }
            guard better.count == reducer.betterTotals.count, shares.count == reducer.sharesScaled.count else {
                throw PartialState.ReadError.corrupt("its counts do not match the scenario's run")
            }
            reducer.add(betterCounts: better, sharesScaled: shares)
        } catch let error as PartialState.ReadError {
            throw error
        } catch {
            throw .corrupt("\(error)")
        }
    }

    /// The unsharded run's result, once every part is added.
    public func finish() -> RunResult {
        let horizon = variants[0].model.scenario.horizon
        let result = reducer.finish(sketches: sketches, variants: variants, horizon: horizon)
        return RunResult(configuration: configuration, horizon: horizon, variants: result.variants,
                         comparisons: result.comparisons, simulationSeconds: seconds)
    }
}
