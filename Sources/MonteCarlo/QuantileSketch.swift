/// A mergeable quantile sketch with a relative-error guarantee (in the spirit of DDSketch,
/// Masson, Rim & Lee, VLDB 2019), with integer counts only, so that merging is exact and the
/// result never depends on the order of insertion or on which thread saw which value.
///
/// **Buckets.** A non-zero value x goes to the bucket of |x|'s IEEE-754 bit pattern shifted
/// right by 52 − k: the exponent and the top k mantissa bits, so a bucket spans [lo, hi) with
/// hi/lo ≤ 1 + 2⁻ᵏ. Reporting 2·lo·hi/(lo + hi) for a bucket is within a relative
/// ``relativeAccuracy`` α = 1/(2ᵏ⁺¹ + 1) of every value in it (k = 7: α = 1/257 ≈ 0.39%).
/// Positive and negative values have separate stores, each a contiguous range of buckets that
/// grows as needed, so memory depends on the range of magnitudes, never on the number of values
/// (at most 2¹¹⁺ᵏ buckets a sign; typically a few thousand).
///
/// **Exact small integers.** The whole numbers 0…4095 (and zero, of either sign) are counted
/// exactly, so count series and calendar years get exact quantiles. They live in a store of their
/// own that spans only the range of whole numbers seen (a few dozen counts, or ten years), so
/// memory stays small; the rule deciding what is exact depends on the value alone, so results
/// never depend on insertion order.
///
/// **Rank rule.** `quantile(q)` is the value of rank ⌊q·(n − 1)⌋ (0-based) of the sorted
/// sample, up to α relative; the exact minimum and maximum are kept and bound every answer.
/// (Where a bucket also contains one of the exact integers, ranks inside that bucket may
/// interleave the integer with the bucket's values: the answer is then within 2α.)
///
/// NaN must not be inserted (the caller skips it; a debug build traps). Infinities are kept
/// (in the top bucket of their sign) and reported as such.
public struct QuantileSketch: Sendable {
    /// The k of the bucketing: mantissa bits kept.
    public let mantissaBits: Int
    /// The guaranteed relative accuracy α = 1/(2ᵏ⁺¹ + 1) of reported quantiles.
    public var relativeAccuracy: Double { 1 / (Double(1 << (mantissaBits + 1)) + 1) }
    /// Number of values inserted.
    public private(set) var count = 0
    /// The smallest and largest values inserted (+∞ and −∞ when empty).
    public private(set) var minimum = Double.infinity
    public private(set) var maximum = -Double.infinity

    /// Counts of the whole numbers 0..<exactLimit, indexed by the number itself.
    var exact = BucketStore()
    var positive = BucketStore()
    var negative = BucketStore()

    /// Whole numbers below this are counted exactly.
    public static let exactLimit = 4096

    /// A sketch whose quantiles are within `relativeAccuracy` (default 0.5%, giving k = 7 and an
    /// actual guarantee of 1/257 ≈ 0.39%) of the true ones. Accuracies from 1/5 down to about
    /// 1e-6 are supported (k from 1 to 20).
    public init(relativeAccuracy: Double = 0.005) {
        var k = 1
        while k < 20 && 1 / (Double(1 << (k + 1)) + 1) > relativeAccuracy { k += 1 }
        mantissaBits = k
    }

    /// The bucket index of a positive, non-NaN magnitude.
    @inlinable
    static func index(_ magnitude: Double, shift: UInt64) -> Int {
        Int(truncatingIfNeeded: magnitude.bitPattern >> shift)
    }

    var shift: UInt64 { UInt64(52 - mantissaBits) }

    /// Inserts one value.
    public mutating func add(_ x: Double) {
        assert(!x.isNaN, "NaN inserted into a QuantileSketch")
        count += 1
        if x < minimum { minimum = x }
        if x > maximum { maximum = x }
        if x >= 0 && x < Double(Self.exactLimit) {
            let i = Int(x)
            if Double(i) == x {
                exact.add(i)
                return
            }
        }
        if x > 0 {
            positive.add(Self.index(x, shift: shift))
        } else {
            negative.add(Self.index(-x, shift: shift))
        }
    }

    /// Inserts `x` `repeats` times in one step (rows where every trial has the same value — zeros
    /// before anything happens, budgets fixed by the scenario — are common and then cost O(1)).
    public mutating func add(_ x: Double, count repeats: Int) {
        assert(!x.isNaN, "NaN inserted into a QuantileSketch")
        guard repeats > 0 else { return }
        count += repeats
        if x < minimum { minimum = x }
        if x > maximum { maximum = x }
        if x >= 0 && x < Double(Self.exactLimit), Double(Int(x)) == x {
            exact.add(Int(x), count: repeats)
        } else if x > 0 {
            positive.add(Self.index(x, shift: shift), count: repeats)
        } else {
            negative.add(Self.index(-x, shift: shift), count: repeats)
        }
    }

    /// Inserts every value of `values` (none may be NaN): one pass, counts incremented through
    /// raw pointers, stores grown only when a value falls outside their current range.
    public mutating func add(contentsOf values: UnsafeBufferPointer<Double>) {
        add(contentsOf: values, extremes: nil)
    }

    /// Inserts every value of `values`, whose smallest and largest values the caller has already
    /// found (the engine gets them while computing moments): one pass fewer.
    public mutating func add(contentsOf values: UnsafeBufferPointer<Double>, minimum lo: Double, maximum hi: Double) {
        add(contentsOf: values, extremes: (lo, hi))
    }

    @inline(__always)
    private mutating func add(contentsOf values: UnsafeBufferPointer<Double>, extremes: (Double, Double)?) {
        guard let base = values.baseAddress, values.count > 0 else { return }
        let n = values.count
        if let (lo, hi) = extremes {
            minimum = Swift.min(minimum, lo)
            maximum = Swift.max(maximum, hi)
        } else {
            updateExtremes(base, n)
        }
        count += n
        var i = 0
        // Counts of the model (projects, solutions, years) are whole numbers in a short range:
        // counted apart from the general loop, which would wait on its own increments when the
        // same number repeats.
        if let (lo, hi) = extremes, lo >= 0, hi < Double(Self.exactLimit), lo.rounded(.down) == lo,
           hi - lo < Double(Self.wholeRunRange), n < Int(UInt32.max) {
            i = addWholeNumbers(base, n, low: Int(lo), high: Int(hi))
        }
        if i < n { addGeneral(base + i, n - i) }
    }

    /// The widest range of whole numbers (largest − smallest) counted by ``addWholeNumbers``.
    static let wholeRunRange = 256

    /// Counts the leading whole numbers of `base[0 ..< n]` that lie in low ... high into the
    /// exact store, in four interleaved histograms (a number repeated in a row then makes four
    /// independent chains of increments instead of one); returns how many were counted, stopping
    /// at the first value that is not such a number.
    private mutating func addWholeNumbers(_ base: UnsafePointer<Double>, _ n: Int, low: Int, high: Int) -> Int {
        // `grow` always reallocates: only when the range is not covered yet (rarely, after the first rows).
        if exact.counts.isEmpty || low < exact.offset || high >= exact.offset + exact.counts.count {
            exact.grow(toInclude: low)
            exact.grow(toInclude: high)
        }
        let width = high - low + 1
        let magic = 0x1.0p52
        return withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 4 * width) { histograms in
            let h = histograms.baseAddress!
            h.initialize(repeating: 0, count: 4 * width)
            let limit = UInt(bitPattern: width)
            let top = Double(Self.exactLimit)
            /// Counts base[k] in histogram `lane`; false when it is not a whole number in range.
            @inline(__always) func count(_ k: Int, _ lane: Int) -> Bool {
                let x = base[k]
                let rounded = x + magic
                let j = Int(truncatingIfNeeded: rounded.bitPattern & 0xFFFF) &- low
                guard x >= 0, x < top, rounded - magic == x, UInt(bitPattern: j) < limit else { return false }
                h[lane &* width &+ j] &+= 1
                return true
            }
            var i = 0
            var stopped = false
            while !stopped && i + 4 <= n {
                var lane = 0
                while lane < 4 && count(i + lane, lane) { lane += 1 }
                i += lane
                stopped = lane < 4
            }
            if !stopped {
                while i < n && count(i, 0) { i += 1 }
            }
            let first = low - exact.offset
            exact.counts.withUnsafeMutableBufferPointer { counts in
                for j in 0 ..< width {
                    let total = Int(h[j]) + Int(h[width + j]) + Int(h[2 * width + j]) + Int(h[3 * width + j])
                    counts[first + j] &+= total
                }
            }
            return i
        }
    }

    /// Counts every value of `base[0 ..< n]` (none NaN) into its store: one pass, counts
    /// incremented through raw pointers, stores grown only when a value falls outside their
    /// current range.
    private mutating func addGeneral(_ base: UnsafePointer<Double>, _ n: Int) {
        let shift = self.shift
        let limit = Double(Self.exactLimit)
        // Adding 2⁵² rounds a value in [0, 2⁵²) to a whole number held in the low mantissa bits:
        // the value is whole iff subtracting it back gives the value (no int conversions).
        let magic = 0x1.0p52
        var i = 0
        while i < n {
            // Run until a value needs a store to grow (rare), then grow it and resume.
            var growPositive: Int? = nil
            var growNegative: Int? = nil
            var growExact: Int? = nil
            let posOffset = positive.offset, negOffset = negative.offset, exactOffset = exact.offset
            exact.counts.withUnsafeMutableBufferPointer { exactCounts in
                positive.counts.withUnsafeMutableBufferPointer { pos in
                    negative.counts.withUnsafeMutableBufferPointer { neg in
                        let exactCount = exactCounts.count
                        let posCount = pos.count, negCount = neg.count
                        while i < n {
                            let x = base[i]
                            assert(!x.isNaN, "NaN inserted into a QuantileSketch")
                            let rounded = x + magic
                            if x >= 0 && x < limit && rounded - magic == x {
                                let j = Int(truncatingIfNeeded: rounded.bitPattern & 0xFFFF) &- exactOffset
                                guard j >= 0 && j < exactCount else { growExact = j &+ exactOffset; return }
                                exactCounts[j] &+= 1
                            } else if x > 0 {
                                let j = Self.index(x, shift: shift) &- posOffset
                                guard j >= 0 && j < posCount else { growPositive = j &+ posOffset; return }
                                pos[j] &+= 1
                            } else {
                                let j = Self.index(-x, shift: shift) &- negOffset
                                guard j >= 0 && j < negCount else { growNegative = j &+ negOffset; return }
                                neg[j] &+= 1
                            }
                            i += 1
                        }
                    }
                }
            }
            if let index = growPositive { positive.grow(toInclude: index) }
            if let index = growNegative { negative.grow(toInclude: index) }
            if let index = growExact { exact.grow(toInclude: index) }
        }
    }

    /// Extremes of a buffer with two independent accumulator pairs (no long dependency chain).
    private mutating func updateExtremes(_ base: UnsafePointer<Double>, _ n: Int) {
        var lo0 = minimum, lo1 = minimum, hi0 = maximum, hi1 = maximum
        var i = 0
        while i + 2 <= n {
            let a = base[i], b = base[i + 1]
            lo0 = a < lo0 ? a : lo0
            hi0 = a > hi0 ? a : hi0
            lo1 = b < lo1 ? b : lo1
            hi1 = b > hi1 ? b : hi1
            i += 2
        }
        if i < n {
            lo0 = base[i] < lo0 ? base[i] : lo0
            hi0 = base[i] > hi0 ? base[i] : hi0
        }
        minimum = Swift.min(lo0, lo1)
        maximum = Swift.max(hi0, hi1)
    }

    /// Adds `other`'s values (same accuracy required): exact, and the same whatever the order.
    public mutating func merge(_ other: QuantileSketch) {
        precondition(other.mantissaBits == mantissaBits, "merging sketches of different accuracy")
        guard other.count > 0 else { return }
        count += other.count
        minimum = Swift.min(minimum, other.minimum)
        maximum = Swift.max(maximum, other.maximum)
        exact.merge(other.exact)
        positive.merge(other.positive)
        negative.merge(other.negative)
    }

    /// The value of rank ⌊q·(n − 1)⌋ of the sorted sample, within ``relativeAccuracy``
    /// (q is clamped to [0, 1]); NaN when empty.
    public func quantile(_ q: Double) -> Double {
        guard count > 0 else { return .nan }
        let qc = q.isNaN ? 0 : Swift.min(1, Swift.max(0, q))
        let rank = Int((qc * Double(count - 1)).rounded(.down))
        return Swift.min(maximum, Swift.max(minimum, valueAtRank(rank)))
    }

    /// Walks the stores in value order: negatives from the largest magnitude down, then the exact
    /// integers and the positive buckets merged by value.
    func valueAtRank(_ rank: Int) -> Double {
        var seen = 0
        for j in stride(from: negative.counts.count - 1, through: 0, by: -1) where negative.counts[j] > 0 {
            seen += negative.counts[j]
            if seen > rank { return -representative(negative.offset + j) }
        }
        var e = 0  // next slot of the exact store (the whole number exact.offset + e)
        var p = 0  // next positive bucket
        let exactCounts = exact.counts
        while true {
            while e < exactCounts.count && exactCounts[e] == 0 { e += 1 }
            while p < positive.counts.count && positive.counts[p] == 0 { p += 1 }
            let hasExact = e < exactCounts.count, hasBucket = p < positive.counts.count
            guard hasExact || hasBucket else { return maximum }
            let takeExact = hasExact && (!hasBucket || Double(exact.offset + e) <= lowerBound(positive.offset + p))
            if takeExact {
                seen += exactCounts[e]
                if seen > rank { return Double(exact.offset + e) }
                e += 1
            } else {
                seen += positive.counts[p]
                if seen > rank { return representative(positive.offset + p) }
                p += 1
            }
        }
    }

    /// The smallest magnitude of bucket `index`.
    func lowerBound(_ index: Int) -> Double {
        Double(bitPattern: UInt64(index) << shift)
    }

    /// 2·lo·hi/(lo + hi): equally far, relatively, from both ends of the bucket.
    func representative(_ index: Int) -> Double {
        let lo = lowerBound(index)
        let hi = Double(bitPattern: UInt64(index + 1) << shift)
        if lo.isInfinite { return lo }
        if hi.isInfinite || hi.isNaN { return lo }
        return 2 * lo * (hi / (lo + hi))
    }
}

extension QuantileSketch: Equatable {
    /// Same accuracy, same counts in every bucket and the same extremes (store ranges may differ).
    public static func == (a: QuantileSketch, b: QuantileSketch) -> Bool {
        a.mantissaBits == b.mantissaBits && a.count == b.count && a.minimum == b.minimum && a.maximum == b.maximum
            && a.exact.trimmed == b.exact.trimmed
            && a.positive.trimmed == b.positive.trimmed && a.negative.trimmed == b.negative.trimmed
    }
}

/// Counts for a contiguous range of bucket indices offset ..< offset + counts.count.
struct BucketStore: Sendable, Equatable {
    var offset = 0
    var counts: [Int] = []

    mutating func add(_ index: Int, count repeats: Int = 1) {
        if counts.isEmpty || index < offset || index >= offset + counts.count { grow(toInclude: index) }
        counts[index - offset] += repeats
    }

    /// Extends the range to include `index`, with slack (half the new range again, at least 64)
    /// so that a drifting stream grows the store O(log) times.
    mutating func grow(toInclude index: Int) {
        if counts.isEmpty {
            offset = index - 32
            counts = [Int](repeating: 0, count: 64)
            return
        }
        let newLow = Swift.min(offset, index)
        let newHigh = Swift.max(offset + counts.count, index + 1)
        let slack = Swift.max(64, (newHigh - newLow) / 2)
        let low = index < offset ? newLow - slack : newLow
        let high = index >= offset + counts.count ? newHigh + slack : newHigh
        var grown = [Int](repeating: 0, count: high - low)
        for (j, c) in counts.enumerated() where c != 0 { grown[offset - low + j] = c }
        offset = low
        counts = grown
    }

    mutating func merge(_ other: BucketStore) {
        guard let first = other.counts.firstIndex(where: { $0 != 0 }),
              let last = other.counts.lastIndex(where: { $0 != 0 }) else { return }
        grow(toInclude: other.offset + first)
        grow(toInclude: other.offset + last)
        for j in first...last where other.counts[j] != 0 { counts[other.offset + j - offset] += other.counts[j] }
    }

    /// (first non-empty index, counts from there to the last non-empty one).
    var trimmed: [Int] {
        guard let first = counts.firstIndex(where: { $0 != 0 }), let last = counts.lastIndex(where: { $0 != 0 })
        else { return [] }
        return [offset + first] + counts[first...last]
    }
}

extension QuantileSketch {
    /// Appends the sketch: accuracy, count, extremes, then each store (exact, positive, negative)
    /// as its non-zero buckets, (index gap, count) in varints. Only counts matter to the answers,
    /// so the store ranges are not kept.
    public func encode(into writer: inout BinaryWriter) {
        writer.append(UInt32(mantissaBits))
        writer.append(count)
        writer.append(minimum)
        writer.append(maximum)
        for store in [exact, positive, negative] {
            let nonZero = store.counts.indices.filter { store.counts[$0] != 0 }
            writer.appendVarint(UInt64(nonZero.count))
            var previous = 0
            for (k, j) in nonZero.enumerated() {
                let index = store.offset + j
                // The first index may be negative (a store's slack): stored as a zig-zag varint.
                let delta = k == 0 ? UInt64(bitPattern: Int64((index << 1) ^ (index >> 63))) : UInt64(index - previous)
                writer.appendVarint(delta)
                writer.appendVarint(UInt64(store.counts[j]))
                previous = index
            }
        }
    }

    /// Reads a sketch written by ``encode(into:)``.
    public init(decoding reader: inout BinaryReader) throws(BinaryFormatError) {
        let bits = Int(try reader.uint32())
        guard (1...20).contains(bits) else { throw BinaryFormatError("a sketch accuracy of \(bits) bits") }
        self.init(mantissaBits: bits)
        try mergeStores(decoding: &reader)
    }

    /// Adds the values of a sketch written by ``encode(into:)`` (same accuracy required), straight
    /// from the bytes: the same counts as decoding it and calling ``merge(_:)``.
    public mutating func merge(decoding reader: inout BinaryReader) throws(BinaryFormatError) {
        let bits = Int(try reader.uint32())
        guard bits == mantissaBits else { throw BinaryFormatError("a sketch of \(bits) bits, not \(mantissaBits)") }
        try mergeStores(decoding: &reader)
    }

    /// Count, extremes and the three stores' buckets, added to this sketch.
    private mutating func mergeStores(decoding reader: inout BinaryReader) throws(BinaryFormatError) {
        let n = try reader.int()
        let lo = try reader.double()
        let hi = try reader.double()
        guard n >= 0 else { throw BinaryFormatError("a sketch of \(n) values") }
        var total = 0
        var indices: [Int] = [], counts: [Int] = []
        for s in 0..<3 {
            let entries = Int(clamping: try reader.varint())
            guard entries <= reader.remaining else { throw BinaryFormatError("a sketch longer than its file") }
            indices.removeAll(keepingCapacity: true)
            counts.removeAll(keepingCapacity: true)
            var index = 0
            for k in 0..<entries {
                let delta = try reader.varint()
                if k == 0 {
                    index = Int(Int64(bitPattern: (delta >> 1) ^ (0 &- (delta & 1))))
                } else {
                    guard delta > 0, delta < 1 << 40 else { throw BinaryFormatError("a sketch bucket out of order") }
                    index += Int(delta)
                }
                guard abs(index) < 1 << 40 else { throw BinaryFormatError("a sketch bucket out of range") }
                let c = try reader.varint()
                guard c > 0, c < 1 << 50 else { throw BinaryFormatError("a sketch count out of range") }
                indices.append(index)
                counts.append(Int(c))
                total += Int(c)
            }
            guard let first = indices.first, let last = indices.last else { continue }
            func addAll(to store: inout BucketStore) {
                // grow(toInclude:) reallocates even for an index inside the range: call it only outside.
                if store.counts.isEmpty || first < store.offset { store.grow(toInclude: first) }
                if last >= store.offset + store.counts.count { store.grow(toInclude: last) }
                let offset = store.offset
                store.counts.withUnsafeMutableBufferPointer { target in
                    for k in indices.indices { target[indices[k] - offset] += counts[k] }
                }
            }
            switch s {
            case 0: addAll(to: &exact)
            case 1: addAll(to: &positive)
            default: addAll(to: &negative)
            }
        }
        guard total == n else { throw BinaryFormatError("a sketch whose buckets hold \(total) values, not \(n)") }
        guard n > 0 else { return }
        count += n
        minimum = Swift.min(minimum, lo)
        maximum = Swift.max(maximum, hi)
    }

    init(mantissaBits: Int) {
        self.mantissaBits = mantissaBits
    }
}
