// Counts: exact inversion, the model's common-random-number draws of counts.
//
// Inversion walks the probability mass function outwards from the mode, where it is largest,
// with weights relative to the mode (w(mode) = 1, neighbours by the ratio recurrence), until the
// rest of each tail is below 2⁻⁶⁴ of the total T. Normalising by the walked total makes the
// result independent of how the mode's own probability would have been computed (no lgamma
// cancellation for large n or λ), and costs O(√variance) steps. The answer is then found by a
// second walk, from the far end of the side that holds it: upwards on the lower cumulative sums
// when u·T lies below the mass left of the mode, downwards on the upper-tail sums against
// (1 − u)·T otherwise. Tail sums are thus added smallest first and never formed by subtraction,
// so both tails keep their relative precision (the quantile at u = 1 − 2⁻⁵³ is right).

/// A tail is finished when the next weight w and all beyond it, which shrink at least by the
/// ratio r from one to the next (the pmf is log-concave), add up to less than 2⁻⁶⁴ of the sum S:
/// w/(1 − r) < 2⁻⁶⁴·S.
@inline(__always)
private func negligible(_ w: Double, ratio r: Double, sum s: Double) -> Bool {
    r < 1 && w < 0x1.0p-64 * s * (1 - r)
}

/// Pass 1 of the inversion: from the mode outwards, the weight sums either side of it and the
/// walked support with the weights at its two ends.
struct CountSupport {
    var mode: Int
    var lower: Int, lowerWeight: Double
    var upper: Int, upperWeight: Double
    /// Σ w(k) for k < mode, and for k ≥ mode.
    var below: Double, from: Double
    var total: Double { below + from }

    @inline(__always)
    init(mode: Int, maxK: Int, up: (Int) -> Double, down: (Int) -> Double) {
        // Each ratio is computed once: the one that bounds the rest of the tail beyond the next
        // weight is the one that makes the weight after it.
        var below = 0.0
        var k = mode
        var w = 1.0
        var ratio = k > 0 ? down(k) : 0
        while k > 0 {
            let next = w * ratio
            let following = k > 1 ? down(k - 1) : 0
            if next == 0 || negligible(next, ratio: following, sum: below + 1) { break }
            w = next
            k -= 1
            below += w
            ratio = following
        }
        (lower, lowerWeight) = (k, w)
        var from = 1.0
        k = mode
        w = 1.0
        ratio = k < maxK ? up(k) : 0
        while k < maxK {
            let next = w * ratio
            let following = k + 1 < maxK ? up(k + 1) : 0
            if next == 0 || negligible(next, ratio: following, sum: from + below) { break }
            w = next
            k += 1
            from += w
            ratio = following
        }
        (upper, upperWeight) = (k, w)
        self.mode = mode
        self.below = below
        self.from = from
    }
}

/// Smallest k with F(k) ≥ u, given the weight recurrences of a log-concave count law and
/// v = 1 − u (which the caller may know more precisely than 1 − u, in the upper tail).
/// `up(k)` = w(k+1)/w(k) and `down(k)` = w(k−1)/w(k); `maxK` bounds the support (Int.max if none).
@inline(__always)
private func invertCount(
    _ u: Double, complement v: Double, mode: Int, maxK: Int, up: (Int) -> Double, down: (Int) -> Double
) -> Int {
    let support = CountSupport(mode: mode, maxK: maxK, up: up, down: down)
    let (lower, lowerWeight, upper, upperWeight) = (support.lower, support.lowerWeight, support.upper, support.upperWeight)
    let (below, total) = (support.below, support.total)
    var k: Int
    var w: Double

    // Pass 2, from the far end of the side that holds the answer inwards, so that the small
    // tail sums are added smallest first and keep their relative precision.
    let target = u * total
    if target <= below {
        // F(k) = Σ_{j ≤ k} w(j); smallest k with F(k) ≥ target, at most mode − 1.
        k = lower
        w = lowerWeight
        var cumulative = w
        while cumulative < target && k < mode - 1 {
            w *= up(k)
            k += 1
            cumulative += w
        }
        return k
    }
    // S(k) = Σ_{j > k} w(j); smallest k ≥ mode with S(k) ≤ (1 − u)·total.
    let upperTarget = v * total
    k = upper
    w = upperWeight
    var survival = 0.0  // S(upper)
    while k > mode {
        let previous = survival + w  // S(k − 1)
        if previous > upperTarget { break }
        survival = previous
        w *= down(k)
        k -= 1
    }
    return k
}

/// The cumulative sums of pass 2 tabulated once, for many quantiles of the same law: the same
/// additions in the same order as ``invertCount``, so a binary search returns exactly what the
/// walk would (``Distribution/values(fromLatents:)`` relies on it for Poisson).
struct CountQuantileTable {
    /// Sides at most this long are scanned rather than bisected.
    static let scanLimit = 48
    let support: CountSupport
    /// F(k) for k = lower … mode − 1, summed from the lower end.
    let cumulative: [Double]
    /// S(k − 1) for k = mode + 1 … upper, summed from the upper end (index k − mode − 1).
    let survival: [Double]

    init(mode: Int, maxK: Int, up: (Int) -> Double, down: (Int) -> Double) {
        let s = CountSupport(mode: mode, maxK: maxK, up: up, down: down)
        support = s
        var c: [Double] = []
        if s.lower <= s.mode - 1 {
            var w = s.lowerWeight
            var sum = w
            c.append(sum)
            var k = s.lower
            while k < s.mode - 1 {
                w *= up(k)
                k += 1
                sum += w
                c.append(sum)
            }
        }
        cumulative = c
        var t = [Double](repeating: 0, count: max(0, s.upper - s.mode))
        var w = s.upperWeight
        var sum = 0.0
        var k = s.upper
        while k > s.mode {
            sum += w
            t[k - s.mode - 1] = sum
            w *= down(k)
            k -= 1
        }
        survival = t
    }

    /// Smallest k with F(k) ≥ u, v = 1 − u (as ``invertCount``).
    ///
    /// Short sides (most laws: the answer lies within a few steps of the mode) are scanned from the
    /// mode outwards, which finds the same index as the binary search without its mispredicted
    /// branches; long sides are searched by bisection.
    func quantile(_ u: Double, complement v: Double) -> Int {
        let target = u * support.total
        if target <= support.below {
            // First k with F(k) ≥ target, else mode − 1. F increases: the answer starts the suffix
            // of entries ≥ target, which ends at the top entry (F(mode − 1) = below ≥ target).
            if cumulative.count <= CountQuantileTable.scanLimit {
                var j = cumulative.count - 1
                while j > 0 && cumulative[j - 1] >= target { j -= 1 }
                return support.lower + max(0, j)
            }
            var lo = 0, hi = cumulative.count - 1
            while lo < hi {
                let mid = (lo + hi) / 2
                if cumulative[mid] >= target { hi = mid } else { lo = mid + 1 }
            }
            return support.lower + lo
        }
        // Largest k in mode+1 … upper with S(k − 1) > (1 − u)·total, else mode. S decreases: the
        // entries above the target form a prefix.
        let upperTarget = v * support.total
        if survival.count <= CountQuantileTable.scanLimit {
            var index = -1
            while index + 1 < survival.count && survival[index + 1] > upperTarget { index += 1 }
            return support.mode + 1 + index
        }
        var lo = -1, hi = survival.count - 1  // answer index in −1 … count − 1 (−1 means mode)
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if survival[mid] > upperTarget { lo = mid } else { hi = mid - 1 }
        }
        return support.mode + 1 + lo
    }
}

/// The binomial law by exact inversion (common random numbers).
public enum Binomial {
    /// The smallest k with P(X ≤ k) ≥ u for X ~ Binomial(n, p): exact inversion, so larger n or p
    /// give a larger or equal count for the same u (monotone coupling of common random numbers).
    ///
    /// Exact up to rounding of the cumulative sums (relative 1e-15 or so): ties within that
    /// distance of a jump of the CDF may resolve either way. u ≤ 0 gives 0 and u ≥ 1 gives n;
    /// for u within 2⁻⁶⁴ of 0 or 1 the answer stops at the walked support (tails below 2⁻⁶⁴).
    /// Cost O(√(np(1−p))).
    public static func quantile(_ u: Double, n: Int, p: Double) -> Int {
        if n <= 0 || !(p > 0) { return 0 }
        if p >= 1 { return n }
        if !(u > 0) { return 0 }
        if u >= 1 { return n }
        if n <= smallCountLimit { return smallQuantile(u, n: n, p: p) }
        return walkQuantile(u, n: n, p: p)
    }

    /// The inversion by a walk out from the mode (any n; O(√(np(1−p)))).
    static func walkQuantile(_ u: Double, n: Int, p: Double) -> Int {
        let q = 1 - p
        let odds = p / q
        let mode = min(n, Int((Double(n) + 1) * p))
        let nd = Double(n)
        return invertCount(
            u, complement: 1 - u, mode: mode, maxK: n,
            up: { k in (nd - Double(k)) / Double(k + 1) * odds },
            down: { k in Double(k) / (nd - Double(k) + 1) / odds })
    }

    /// Cohorts up to this size invert by a direct search from zero: the model's passages and
    /// pathway splits are nearly all this small, and the walk from the mode costs several times more.
    static let smallCountLimit = 64

    /// 1/k for k = 0 … smallCountLimit (index 0 unused): the search multiplies instead of dividing.
    static let reciprocals: [Double] = (0...smallCountLimit).map { $0 == 0 ? 0 : 1 / Double($0) }

    /// Inversion for n ≤ ``smallCountLimit`` by a direct search from the end of the support that
    /// holds the answer: from 0 upwards with F(k) when u ≤ 1/2, from n downwards with the survival
    /// S(k) = P(X > k) ≤ 1 − u otherwise, so tail probabilities are added smallest first and stay
    /// exact. The end weight (1 − p)ⁿ or pⁿ is raised by squaring; if it underflows, the walk from
    /// the mode takes over. The result equals the walk's up to rounding of the sums (ties within
    /// ~1e-15 of a jump of the CDF).
    @inline(__always)
    static func smallQuantile(_ u: Double, n: Int, p: Double) -> Int {
        let q = 1 - p
        let fromBottom = u <= 0.5
        var weight = 1.0
        var base = fromBottom ? q : p
        var e = n
        while e > 0 {
            if e & 1 == 1 { weight *= base }
            base *= base
            e >>= 1
        }
        guard weight > 0 else { return walkQuantile(u, n: n, p: p) }
        let nd = Double(n)
        return reciprocals.withUnsafeBufferPointer { inverse in
            if fromBottom {
                // Smallest k with F(k) ≥ u; w(k+1) = w(k)·(n−k)/(k+1)·p/q.
                let odds = p / q
                var cumulative = weight
                var k = 0
                while cumulative < u && k < n {
                    weight *= odds * (nd - Double(k)) * inverse[k + 1]
                    k += 1
                    cumulative += weight
                }
                return k
            }
            // Smallest k with S(k) ≤ 1 − u, from S(n) = 0; w(k−1) = w(k)·k/(n−k+1)·q/p.
            let inverseOdds = q / p
            let v = 1 - u
            var survival = 0.0
            var k = n
            while k > 0 {
                let previous = survival + weight  // S(k − 1)
                if previous > v { break }
                survival = previous
                weight *= inverseOdds * Double(k) * inverse[n - k + 1]
                k -= 1
            }
            return k
        }
    }
}

/// The Poisson law by exact inversion (common random numbers).
public enum Poisson {
    /// Inversion of many uniforms of one Poisson law: the support walked once, then a binary
    /// search per value; the same results as ``quantile(_:lambda:)``.
    /// The closure takes (u, 1 − u).
    static func quantiles(lambda: Double, _ body: ((Double, Double) -> Int) -> Void) {
        if !(lambda > 0) { body { _, _ in 0 }; return }
        let table = Poisson.table(lambda: lambda)
        body { u, v in u > 0 ? table.quantile(u, complement: v) : 0 }
    }

    /// The cumulative table of Poisson(lambda), lambda > 0 (same sums as ``quantile(_:lambda:)``).
    static func table(lambda: Double) -> CountQuantileTable {
        CountQuantileTable(mode: Int(lambda), maxK: .max, up: { k in lambda / Double(k + 1) }, down: { k in Double(k) / lambda })
    }

    /// The smallest k with P(X ≤ k) ≥ u for X ~ Poisson(lambda): exact inversion, monotone in u
    /// and λ (larger λ, larger or equal count for the same u).
    ///
    /// Exact up to rounding of the cumulative sums; u ≤ 0 gives 0; u ≥ 1 gives the end of the
    /// walked support (the tail beyond it holds less than 2⁻⁶⁴). Cost O(√λ).
    public static func quantile(_ u: Double, lambda: Double) -> Int {
        quantile(u, complement: 1 - u, lambda: lambda)
    }

    /// As ``quantile(_:lambda:)`` with the upper tail v = 1 − u given separately (exact when
    /// u rounds to 1).
    static func quantile(_ u: Double, complement v: Double, lambda: Double) -> Int {
        if !(lambda > 0) || !(u > 0) { return 0 }
        return invertCount(
            u, complement: v, mode: Int(lambda), maxK: .max,
            up: { k in lambda / Double(k + 1) },
            down: { k in Double(k) / lambda })
    }
}
