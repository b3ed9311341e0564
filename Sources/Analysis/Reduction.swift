import Foundation
import FundingModel
import MonteCarlo

/// Which outputs a run reduces: every series and scalar by default; a budget sweep needs a few.
public struct OutputSelection: Sendable, Hashable {
    /// Series ids to keep (nil: all).
    public var series: Set<String>?
    /// Scalar ids to keep (nil: all).
    public var scalars: Set<String>?

    public init(series: Set<String>? = nil, scalars: Set<String>? = nil) {
        self.series = series
        self.scalars = scalars
    }

    public static let all = OutputSelection()

    func keeps(series id: String) -> Bool { series?.contains(id) ?? true }
    func keeps(scalar id: String) -> Bool { scalars?.contains(id) ?? true }
}

/// Where every reduced row lives: each variant's kept series-years and scalars, then (when
/// comparing) each later variant's paired differences against the first, one per row of the first.
struct ReductionLayout: Sendable {
    let years: Int
    let variantCount: Int
    /// Indices into each variant's `model.series` and `model.scalars` that are reduced.
    let keptSeries: [[Int]]
    let keptScalars: [[Int]]
    /// First row of each variant.
    let variantRowStart: [Int]
    /// First difference row of each variant (index 0 unused).
    let differenceRowStart: [Int]
    /// For variant v, the index in v's `model.series` of each kept baseline series (-1 when v lacks it).
    let seriesMap: [[Int]]
    /// For variant v, the index in v's `model.scalars` of each kept baseline scalar (-1 when v lacks it).
    let scalarMap: [[Int]]
    /// Whether a scalar a variant lacks counts as 0 (its catalog entry's ``FundingModel/Metric/missing``), else undefined.
    let missingScalarIsZero: [Bool]
    /// Better direction of each baseline row (series-years, then scalars), from the catalog.
    let better: [Better]
    let compare: Bool
    let totalRows: Int

    var baselineRows: Int { keptSeries[0].count * years + keptScalars[0].count }

    init(variants: [Variant], compare: Bool, selection: OutputSelection) {
        let base = variants[0].model
        years = base.scenario.yearCount
        variantCount = variants.count
        keptSeries = variants.map { v in v.model.series.indices.filter { selection.keeps(series: v.model.series[$0].id) } }
        keptScalars = variants.map { v in v.model.scalars.indices.filter { selection.keeps(scalar: v.model.scalars[$0].id) } }
        var row = 0
        var starts: [Int] = []
        for v in variants.indices {
            starts.append(row)
            row += keptSeries[v].count * years + keptScalars[v].count
        }
        variantRowStart = starts
        self.compare = compare && variants.count > 1
        var differenceStarts = [0]
        let baseRows = keptSeries[0].count * years + keptScalars[0].count
        if self.compare {
            for _ in 1..<variants.count {
                differenceStarts.append(row)
                row += baseRows
            }
        }
        differenceRowStart = differenceStarts
        totalRows = row
        let baseSeries = keptSeries[0].map { base.series[$0].id }
        let baseScalars = keptScalars[0].map { base.scalars[$0].id }
        seriesMap = variants.map { v in
            baseSeries.map { id in v.model.series.firstIndex { $0.id == id } ?? -1 }
        }
        scalarMap = variants.map { v in
            baseScalars.map { id in v.model.scalars.firstIndex { $0.id == id } ?? -1 }
        }
        // Meaning comes from the catalog entries, never from the ids. Every series' missing value is
        // 0 (a catalog rule the pairing of series relies on).
        let seriesMetrics = keptSeries[0].map { base.series[$0] }
        let scalarMetrics = keptScalars[0].map { base.scalars[$0] }
        missingScalarIsZero = scalarMetrics.map { $0.missing == .zero }
        let yearCount = years
        better = seriesMetrics.flatMap { repeatElement($0.direction, count: yearCount) } + scalarMetrics.map(\.direction)
    }
}

/// What one chunk hands to the ordered reduction.
struct ChunkResult: Sendable {
    var trials: Range<Int>
    /// Moments per row and aligned block: `moments[row * blocks + b]`.
    var moments: [Moments]
    var blocks: Int
    /// Per difference row (relative to the first difference row): trials where the mix is strictly better.
    var betterCounts: [Int]
    var sharesScaled: [Int]
    var perTrial: PerTrialChunk?
}

/// Moments of a block, two-pass, with its smallest and largest values (equal: a constant row,
/// inserted into a sketch in one step; NaN and the count of undefined values when some are NaN).
/// The accumulators are combined in a fixed order, so the bits are deterministic.
@inline(__always)
func blockMoments(_ values: UnsafeBufferPointer<Double>) -> (moments: Moments, undefined: Int, low: Double, high: Double) {
    let n = values.count
    guard n > 0, let base = values.baseAddress else { return (Moments(), 0, .infinity, -.infinity) }
    // Pass 1: sum (eight accumulators: additions overlap instead of waiting on each other) and
    // extremes (a tree of selects; a NaN shows in the sum and takes the slow path below).
    var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0, s4 = 0.0, s5 = 0.0, s6 = 0.0, s7 = 0.0
    var l0 = base[0], l1 = base[0], h0 = base[0], h1 = base[0]
    var i = 0
    while i + 8 <= n {
        let a = base[i], b = base[i + 1], c = base[i + 2], d = base[i + 3]
        let e = base[i + 4], f = base[i + 5], g = base[i + 6], h = base[i + 7]
        s0 += a; s1 += b; s2 += c; s3 += d; s4 += e; s5 += f; s6 += g; s7 += h
        let m1 = a < b ? a : b, m2 = c < d ? c : d, m3 = e < f ? e : f, m4 = g < h ? g : h
        let x1 = a > b ? a : b, x2 = c > d ? c : d, x3 = e > f ? e : f, x4 = g > h ? g : h
        let mm1 = m1 < m2 ? m1 : m2, mm2 = m3 < m4 ? m3 : m4
        let xx1 = x1 > x2 ? x1 : x2, xx2 = x3 > x4 ? x3 : x4
        l0 = mm1 < l0 ? mm1 : l0; l1 = mm2 < l1 ? mm2 : l1
        h0 = xx1 > h0 ? xx1 : h0; h1 = xx2 > h1 ? xx2 : h1
        i += 8
    }
    while i < n {
        let a = base[i]
        s0 += a
        l0 = a < l0 ? a : l0
        h0 = a > h0 ? a : h0
        i += 1
    }
    let total = ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7))
    if total.isNaN {
        var nan = 0
        for v in values where v.isNaN { nan += 1 }
        return (definedMoments(values), nan, .nan, .nan)
    }
    let lo = min(l0, l1), hi = max(h0, h1)
    if lo == hi { return (Moments(count: n, mean: lo, m2: 0), 0, lo, hi) }
    // Pass 2: squared deviations from the mean.
    let mean = total / Double(n)
    var q0 = 0.0, q1 = 0.0, q2 = 0.0, q3 = 0.0, q4 = 0.0, q5 = 0.0, q6 = 0.0, q7 = 0.0
    i = 0
    while i + 8 <= n {
        let a = base[i] - mean, b = base[i + 1] - mean, c = base[i + 2] - mean, d = base[i + 3] - mean
        let e = base[i + 4] - mean, f = base[i + 5] - mean, g = base[i + 6] - mean, h = base[i + 7] - mean
        q0 += a * a; q1 += b * b; q2 += c * c; q3 += d * d; q4 += e * e; q5 += f * f; q6 += g * g; q7 += h * h
        i += 8
    }
    while i < n {
        let a = base[i] - mean
        q0 += a * a
        i += 1
    }
    let m2 = ((q0 + q1) + (q2 + q3)) + ((q4 + q5) + (q6 + q7))
    return (Moments(count: n, mean: mean, m2: m2), 0, lo, hi)
}

/// Moments of the defined (non-NaN) values of a buffer, two-pass (the slow path for scalars).
func definedMoments(_ values: UnsafeBufferPointer<Double>) -> Moments {
    var sum = 0.0
    var n = 0
    for v in values where !v.isNaN {
        sum += v
        n += 1
    }
    guard n > 0 else { return Moments() }
    let mean = sum / Double(n)
    var m2 = 0.0
    for v in values where !v.isNaN {
        m2 += (v - mean) * (v - mean)
    }
    return Moments(count: n, mean: mean, m2: m2)
}

/// A cheap summary of a row's values: equal rows have equal fingerprints (then memcmp decides).
struct RowFingerprint: Hashable {
    var low: UInt64, high: UInt64, first: UInt64, last: UInt64

    init(_ values: UnsafeBufferPointer<Double>, low: Double, high: Double) {
        self.low = low.bitPattern
        self.high = high.bitPattern
        first = values.first?.bitPattern ?? 0
        last = values.last?.bitPattern ?? 0
    }
}

/// The per-thread state of a run: parameter blocks, outputs and scratch for every variant, and
/// this thread's quantile sketches (integer counts, merged across threads at the end).
struct ChunkWorker {
    let variants: [Variant]
    let samplers: [ParameterSampler]
    let layout: ReductionLayout
    var blocks: [ParameterBlock]
    var outputs: [ChunkOutput]
    var workspaces: [SimulationModel.Workspace]
    var sketches: [QuantileSketch]
    /// For each variant row, the earlier row whose values it has repeated in every chunk this
    /// worker saw (its sketch is that row's), or nil when it has a sketch of its own. Outputs that
    /// are the same numbers under two names (a payer's total with a single source, net = spend
    /// without savings, revenue = what its payer pays) are then reduced once.
    var aliasOf: [Int?]
    /// For each variant row, the later rows that alias it (empty for most rows).
    var aliases: [[Int]]
    var aliasesFound = false
    /// Per variant row: where its values start in the chunk's outputs.
    var rowStart: [(variant: Int, series: Bool, offset: Int)]
    var scratch: [Double]
    var defined: [Double]

    init(variants: [Variant], samplers: [ParameterSampler], layout: ReductionLayout, capacity: Int) {
        self.variants = variants
        self.samplers = samplers
        self.layout = layout
        blocks = samplers.map { $0.makeBlock(capacity: capacity) }
        outputs = variants.map { $0.model.makeOutput(capacity: capacity) }
        workspaces = variants.map { $0.model.makeWorkspace(capacity: capacity) }
        sketches = Array(repeating: QuantileSketch(), count: layout.totalRows)
        let variantRows = layout.differenceRowStart.count > 1 ? layout.differenceRowStart[1] : layout.totalRows
        aliasOf = Array(repeating: nil, count: variantRows)
        aliases = Array(repeating: [], count: variantRows)
        rowStart = []
        for (v, out) in outputs.enumerated() {
            for s in layout.keptSeries[v] {
                for y in 0..<layout.years { rowStart.append((v, true, out.seriesOffset(s, year: y))) }
            }
            for k in layout.keptScalars[v] { rowStart.append((v, false, out.scalarOffset(k))) }
        }
        scratch = Array(repeating: 0, count: capacity)
        defined = Array(repeating: 0, count: capacity)
    }

    mutating func process(trials: Range<Int>, seed: UInt64, keepPerTrial: Bool) -> ChunkResult {
        let n = trials.count
        let blockSize = ChunkPlan.reductionBlock
        let blockCount = (n + blockSize - 1) / blockSize
        for v in variants.indices {
            blocks[v].count = n
            samplers[v].fill(&blocks[v], firstTrial: trials.lowerBound)
            variants[v].model.simulate(firstTrial: trials.lowerBound, seed: seed, parameters: blocks[v],
                                       workspace: &workspaces[v], into: &outputs[v])
        }
        var moments = [Moments](repeating: Moments(), count: layout.totalRows * blockCount)
        var betterCounts = [Int](repeating: 0, count: layout.compare ? (layout.variantCount - 1) * layout.baselineRows : 0)

        // Moments and sketches of every row; a row that repeats an earlier row is inserted once.
        if !aliasesFound {
            findAliases(count: n, blockCount: blockCount, moments: &moments)
        } else {
            // Row by row in memory order, so that each row is read while it is in cache and the
            // rows stream in as the prefetcher expects.
            for row in rowStart.indices {
                if let root = aliasOf[row] {
                    // Still equal to its root (checked when the root was reduced): the same moments.
                    for b in 0..<blockCount { moments[row * blockCount + b] = moments[root * blockCount + b] }
                    continue
                }
                withRow(row, count: n) { values in
                    let (low, high, undefined) = blockMomentsOfRow(values, row: row, blockCount: blockCount, into: &moments)
                    if !aliases[row].isEmpty { separateAliases(of: row, count: n) }
                    insert(values, row: row, low: low, high: high, undefined: undefined)
                }
            }
        }
        if layout.compare {
            for v in 1..<variants.count {
                pairWithBaseline(variant: v, count: n, blockCount: blockCount, moments: &moments, betterCounts: &betterCounts)
            }
        }
        let perTrial = keepPerTrial
            ? PerTrialChunk(firstTrial: trials.lowerBound, count: n, outputs: outputs, inputs: blocks) : nil
        return ChunkResult(trials: trials, moments: moments, blocks: blockCount, betterCounts: betterCounts,
                           sharesScaled: outputs.map(\.sharesScaledTrials), perTrial: perTrial)
    }

    /// The first `count` values of variant row `row` of this chunk.
    private func withRow<R>(_ row: Int, count n: Int, _ body: (UnsafeBufferPointer<Double>) -> R) -> R {
        let (v, isSeries, offset) = rowStart[row]
        let storage = isSeries ? outputs[v].series : outputs[v].scalars
        return storage.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[offset ..< offset + n])) }
    }

    /// Block moments of one row into `moments`; returns its extremes and how many values are undefined.
    private func blockMomentsOfRow(_ values: UnsafeBufferPointer<Double>, row: Int, blockCount: Int,
                                   into moments: inout [Moments]) -> (Double, Double, Int) {
        let blockSize = ChunkPlan.reductionBlock
        var undefined = 0
        var low = Double.infinity, high = -Double.infinity
        for b in 0..<blockCount {
            let lo = b * blockSize
            let hi = min(values.count, lo + blockSize)
            let block = blockMoments(UnsafeBufferPointer(rebasing: values[lo ..< hi]))
            undefined += block.undefined
            low = min(low, block.low)
            high = max(high, block.high)
            moments[row * blockCount + b] = block.moments
        }
        return (low, high, undefined)
    }

    /// This worker's first chunk: moments of every row, then each varying row equal to an earlier
    /// one becomes its alias (inserted through its root from now on); the others are inserted.
    private mutating func findAliases(count n: Int, blockCount: Int, moments: inout [Moments]) {
        aliasesFound = true
        var low = [Double](repeating: 0, count: rowStart.count), high = low
        var undefined = [Int](repeating: 0, count: rowStart.count)
        for row in rowStart.indices {
            withRow(row, count: n) { values in
                (low[row], high[row], undefined[row]) = blockMomentsOfRow(values, row: row, blockCount: blockCount, into: &moments)
            }
        }
        var seen: [RowFingerprint: [Int]] = [:]
        for row in rowStart.indices where undefined[row] == 0 && low[row] != high[row] {
            withRow(row, count: n) { values in
                let key = RowFingerprint(values, low: low[row], high: high[row])
                let root = seen[key]?.first { candidate in
                    withRow(candidate, count: n) { memcmp(values.baseAddress!, $0.baseAddress!, n * 8) == 0 }
                }
                if let root {
                    aliasOf[row] = root
                    aliases[root].append(row)
                } else {
                    seen[key, default: []].append(row)
                }
            }
        }
        for row in rowStart.indices where aliasOf[row] == nil {
            withRow(row, count: n) { values in insert(values, row: row, low: low[row], high: high[row], undefined: undefined[row]) }
        }
    }

    /// Before root row `root` takes this chunk's values: its aliases whose values differ from it
    /// in this chunk stop being aliases, each with a copy of the root's sketch so far (which
    /// holds exactly the values the alias repeated).
    private mutating func separateAliases(of root: Int, count n: Int) {
        var kept: [Int] = []
        for alias in aliases[root] {
            let same = withRow(alias, count: n) { a in
                withRow(root, count: n) { memcmp(a.baseAddress!, $0.baseAddress!, n * 8) == 0 }
            }
            if same {
                kept.append(alias)
            } else {
                sketches[alias] = sketches[root]
                aliasOf[alias] = nil
            }
        }
        aliases[root] = kept
    }

    /// The sketches with every alias resolved (for the final merge across workers).
    func resolvedSketches() -> [QuantileSketch] {
        var result = sketches
        for (row, root) in aliasOf.enumerated() { if let root { result[row] = sketches[root] } }
        return result
    }

    /// Sketch inserts of one row (NaN = undefined, skipped).
    private mutating func insert(_ values: UnsafeBufferPointer<Double>, row: Int, low: Double, high: Double, undefined: Int) {
        if undefined == 0 {
            if low == high {
                sketches[row].add(low, count: values.count)
            } else {
                sketches[row].add(contentsOf: values, minimum: low, maximum: high)
            }
        } else {
            var k = 0
            for v in values where !v.isNaN {
                defined[k] = v
                k += 1
            }
            defined.withUnsafeBufferPointer { sketches[row].add(contentsOf: UnsafeBufferPointer(rebasing: $0[0 ..< k])) }
        }
    }

    /// Block moments and sketch inserts of a difference row (its values live in `scratch` only now).
    private mutating func reduce(_ values: UnsafeBufferPointer<Double>, row: Int, blockCount: Int, into moments: inout [Moments]) {
        let (low, high, undefined) = blockMomentsOfRow(values, row: row, blockCount: blockCount, into: &moments)
        insert(values, row: row, low: low, high: high, undefined: undefined)
    }

    /// Paired differences variant − baseline for every kept baseline row.
    private mutating func pairWithBaseline(variant v: Int, count n: Int, blockCount: Int,
                                           moments: inout [Moments], betterCounts: inout [Int]) {
        let base = outputs[0]
        let mix = outputs[v]
        var row = 0
        let firstDifferenceRow = layout.differenceRowStart[v]
        let betterOffset = (v - 1) * layout.baselineRows
        for (i, s) in layout.keptSeries[0].enumerated() {
            let ms = layout.seriesMap[v][i]
            for y in 0..<base.years {
                let better = difference(
                    base: base.series, at: base.seriesOffset(s, year: y),
                    mix: ms >= 0 ? mix.series : nil, at: ms >= 0 ? mix.seriesOffset(ms, year: y) : 0,
                    missing: 0, count: n, direction: layout.better[row])
                betterCounts[betterOffset + row] = better
                scratch.withUnsafeBufferPointer {
                    reduce(UnsafeBufferPointer(rebasing: $0[0 ..< n]), row: firstDifferenceRow + row,
                           blockCount: blockCount, into: &moments)
                }
                row += 1
            }
        }
        for (i, k) in layout.keptScalars[0].enumerated() {
            let mk = layout.scalarMap[v][i]
            let better = difference(
                base: base.scalars, at: base.scalarOffset(k),
                mix: mk >= 0 ? mix.scalars : nil, at: mk >= 0 ? mix.scalarOffset(mk) : 0,
                missing: layout.missingScalarIsZero[i] ? 0 : .nan, count: n, direction: layout.better[row])
            betterCounts[betterOffset + row] = better
            scratch.withUnsafeBufferPointer {
                reduce(UnsafeBufferPointer(rebasing: $0[0 ..< n]), row: firstDifferenceRow + row,
                       blockCount: blockCount, into: &moments)
            }
            row += 1
        }
    }

    /// scratch[i] = mix[i] − base[i] (mix values `missing` when the variant lacks the output);
    /// returns the trials where the mix is strictly better.
    private mutating func difference(base: [Double], at baseStart: Int, mix: [Double]?, at mixStart: Int,
                                     missing: Double, count n: Int, direction: Better) -> Int {
        var better = 0
        scratch.withUnsafeMutableBufferPointer { out in
            base.withUnsafeBufferPointer { b in
                let bp = b.baseAddress! + baseStart
                if let mix {
                    mix.withUnsafeBufferPointer { m in
                        let mp = m.baseAddress! + mixStart
                        for i in 0..<n { out[i] = mp[i] - bp[i] }
                    }
                } else {
                    for i in 0..<n { out[i] = missing - bp[i] }
                }
            }
            switch direction {
            case .higher: for i in 0..<n where out[i] > 0 { better += 1 }
            case .lower: for i in 0..<n where out[i] < 0 { better += 1 }
            case .neither: break
            }
        }
        return better
    }
}

/// Merges chunk results in chunk order (called serially by the runner).
final class OrderedReducer: @unchecked Sendable {
    let layout: ReductionLayout
    private var totals: [Moments]
    private(set) var betterTotals: [Int]
    private(set) var sharesScaled: [Int]
    /// With `keepsBlocks` (a shard): every row's block moments in trial order, unfolded, for a
    /// later merge to fold after the blocks of the shards before it.
    private(set) var blocksByRow: [[Moments]]?

    init(layout: ReductionLayout, keepsBlocks: Bool = false) {
        self.layout = layout
        totals = Array(repeating: Moments(), count: layout.totalRows)
        betterTotals = Array(repeating: 0, count: layout.compare ? (layout.variantCount - 1) * layout.baselineRows : 0)
        sharesScaled = Array(repeating: 0, count: layout.variantCount)
        blocksByRow = keepsBlocks ? Array(repeating: [], count: layout.totalRows) : nil
    }

    func merge(_ result: ChunkResult) {
        if blocksByRow != nil {
            for r in 0..<layout.totalRows {
                blocksByRow![r] += result.moments[r * result.blocks ..< (r + 1) * result.blocks]
            }
        } else {
            for r in 0..<layout.totalRows {
                for b in 0..<result.blocks {
                    totals[r].merge(result.moments[r * result.blocks + b])
                }
            }
        }
        add(betterCounts: result.betterCounts, sharesScaled: result.sharesScaled)
    }

    /// Folds blocks of row `row` after those already folded: the same `Moments.merge` calls, in
    /// the same order, as ``merge(_:)`` makes for the chunks holding them.
    func fold(row: Int, blocks: UnsafeBufferPointer<Moments>) {
        for m in blocks { totals[row].merge(m) }
    }

    /// Adds integer counts (order-free): trials where a mix is better, trials whose shares were scaled.
    func add(betterCounts: [Int], sharesScaled counts: [Int]) {
        for i in betterTotals.indices { betterTotals[i] += betterCounts[i] }
        for v in sharesScaled.indices { sharesScaled[v] += counts[v] }
    }

    /// Every worker's sketches merged (integer counts: exact and order-free).
    static func merged(_ perWorker: [[QuantileSketch]]) -> [QuantileSketch] {
        var sketches = perWorker[0]
        for w in perWorker.dropFirst() {
            for r in sketches.indices { sketches[r].merge(w[r]) }
        }
        return sketches
    }

    func finish(sketches: [QuantileSketch], variants: [Variant], horizon: ClosedRange<Int>)
        -> (variants: [VariantResult], comparisons: [ComparisonResult])
    {
        func statistic(_ row: Int) -> Statistic {
            Statistic(moments: totals[row], quantiles: reportedQuantiles.map {
                sketches[row].count > 0 ? sketches[row].quantile($0) : .nan
            })
        }
        var variantResults: [VariantResult] = []
        for (v, variant) in variants.enumerated() {
            var row = layout.variantRowStart[v]
            var series: [SeriesResult] = []
            for info in layout.keptSeries[v].map({ variant.model.series[$0] }) {
                var byYear: [Statistic] = []
                for _ in 0..<layout.years {
                    byYear.append(statistic(row))
                    row += 1
                }
                series.append(SeriesResult(info: info, byYear: byYear))
            }
            var scalars: [ScalarResult] = []
            for info in layout.keptScalars[v].map({ variant.model.scalars[$0] }) {
                scalars.append(ScalarResult(info: info, statistic: statistic(row)))
                row += 1
            }
            variantResults.append(VariantResult(name: variant.name, series: series, scalars: scalars,
                                                sharesScaledTrials: sharesScaled[v]))
        }
        var comparisons: [ComparisonResult] = []
        if layout.compare {
            let base = variantResults[0]
            for v in 1..<variants.count {
                var differences: [Difference] = []
                var row = 0
                let mixResult = variantResults[v]
                func difference(metric: String, unit: MetricUnit, year: Int?, baseMean: Double, mixMean: Double) -> Difference {
                    let r = layout.differenceRowStart[v] + row
                    let better = layout.better[row]
                    let moments = totals[r]
                    let count = betterTotals[(v - 1) * layout.baselineRows + row]
                    let hasData = sketches[r].count > 0
                    return Difference(
                        metric: metric, unit: unit, year: year, baselineMean: baseMean, mixMean: mixMean,
                        difference: moments,
                        low95: hasData ? sketches[r].quantile(0.025) : .nan,
                        high95: hasData ? sketches[r].quantile(0.975) : .nan,
                        better: better,
                        probabilityBetter: better == .neither || moments.count == 0
                            ? nil : Double(count) / Double(moments.count))
                }
                for baseSeries in base.series {
                    let mixSeries = mixResult.series(baseSeries.info.id)
                    for y in 0..<layout.years {
                        let mixMean = mixSeries?.byYear[y].mean ?? 0
                        differences.append(difference(
                            metric: baseSeries.info.id, unit: baseSeries.info.unit, year: horizon.lowerBound + y,
                            baseMean: baseSeries.byYear[y].mean, mixMean: mixMean))
                        row += 1
                    }
                }
                for (k, baseScalar) in base.scalars.enumerated() {
                    let mixMean = mixResult.scalar(baseScalar.info.id)?.statistic.mean ?? (layout.missingScalarIsZero[k] ? 0 : .nan)
                    differences.append(difference(
                        metric: baseScalar.info.id, unit: baseScalar.info.unit, year: nil,
                        baseMean: baseScalar.statistic.mean, mixMean: mixMean))
                    row += 1
                }
                comparisons.append(ComparisonResult(mix: variants[v].name, differences: differences))
            }
        }
        return (variantResults, comparisons)
    }
}
