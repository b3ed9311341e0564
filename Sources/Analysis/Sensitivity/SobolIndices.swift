import MonteCarlo

/// An estimate with its 95% confidence interval.
public struct IntervalEstimate: Sendable, Hashable {
    /// The point estimate.
    public var value: Double
    /// The lower end of the 95% interval.
    public var lower: Double
    /// The upper end of the 95% interval.
    public var upper: Double

    public init(value: Double, lower: Double, upper: Double) {
        self.value = value
        self.lower = lower
        self.upper = upper
    }
}

/// The first-order and total Sobol' indices of one input or group of inputs.
public struct SobolIndexEstimate: Sendable, Hashable {
    /// S: the share of the output's variance explained by the input alone.
    public var first: IntervalEstimate
    /// S_T: the share that involves the input, alone or through interactions.
    public var total: IntervalEstimate
}

/// Variance-based sensitivity indices from the model outputs on a ``SaltelliDesign``.
///
/// With f_A, f_B and f_(AB_g) the outputs on row j of A, B and AB_g, and V the variance of the 2N
/// values f_A ∪ f_B:
/// - first order (Saltelli et al. 2010, Table 2 (b)): S_g = (1/N) Σ_j f_B,j (f_(AB_g),j − f_A,j) / V;
/// - total (Jansen 1999): S_T,g = (1/2N) Σ_j (f_A,j − f_(AB_g),j)² / V.
///
/// Outputs are centred on the mean of f_A ∪ f_B first: the first-order sum is then unchanged in
/// expectation and loses the variance that a large mean would add. The 95% intervals are the 2.5%
/// and 97.5% percentiles of the indices recomputed on `resamples` bootstrap resamples of the N rows
/// (the same rows for f_A, f_B and every f_(AB_g), so the pairing is kept); row k of resample r is
/// ⌊N·U⌋ with U the Philox uniform of stream `sobol.bootstrap`, trial k, year r under `seed`.
public enum SobolIndices {
    /// The indices of every group, in the order of `mixed` (`mixed[g][j]` is f(AB_g) on row j).
    public static func estimate(
        a fA: [Double], b fB: [Double], mixed fAB: [[Double]], resamples: Int = 200, seed: UInt64 = 1
    ) -> [SobolIndexEstimate] {
        let n = fA.count
        precondition(n >= 2 && fB.count == n && fAB.allSatisfy { $0.count == n })
        let centre = (fA.reduce(0, +) + fB.reduce(0, +)) / Double(2 * n)
        let a = fA.map { $0 - centre }, b = fB.map { $0 - centre }
        let mixed = fAB.map { column in column.map { $0 - centre } }

        let all = Array(0..<n)
        let point = indices(a: a, b: b, mixed: mixed, rows: all)
        let key = StreamKey(seed: seed, name: "sobol.bootstrap")
        var firsts = [[Double]](repeating: [], count: mixed.count)
        var totals = [[Double]](repeating: [], count: mixed.count)
        var rows = [Int](repeating: 0, count: n)
        for r in 0..<resamples {
            for k in 0..<n {
                let u = Draws.uniform(key: key, trial: k, year: UInt64(r), draw: 0)
                rows[k] = min(n - 1, Int(u * Double(n)))
            }
            let replicate = indices(a: a, b: b, mixed: mixed, rows: rows)
            for g in mixed.indices {
                firsts[g].append(replicate[g].first)
                totals[g].append(replicate[g].total)
            }
        }
        return mixed.indices.map { g in
            SobolIndexEstimate(
                first: interval(point[g].first, firsts[g]),
                total: interval(point[g].total, totals[g]))
        }
    }

    /// The indices computed on the rows `rows` (all of them, or a bootstrap resample).
    static func indices(a: [Double], b: [Double], mixed: [[Double]], rows: [Int]) -> [(first: Double, total: Double)] {
        let n = Double(rows.count)
        var sum = 0.0, squares = 0.0
        for j in rows {
            sum += a[j] + b[j]
            squares += a[j] * a[j] + b[j] * b[j]
        }
        let mean = sum / (2 * n)
        let variance = (squares - 2 * n * mean * mean) / (2 * n - 1)
        return mixed.map { ab in
            var first = 0.0, total = 0.0
            for j in rows {
                let d = ab[j] - a[j]
                first += b[j] * d
                total += d * d
            }
            guard variance > 0 else { return (.nan, .nan) }
            return (first / n / variance, total / (2 * n) / variance)
        }
    }

    /// The point estimate with the 2.5% and 97.5% percentiles of its bootstrap replicates.
    static func interval(_ value: Double, _ replicates: [Double]) -> IntervalEstimate {
        guard !replicates.isEmpty, !value.isNaN else { return IntervalEstimate(value: value, lower: .nan, upper: .nan) }
        let sorted = replicates.sorted()
        return IntervalEstimate(value: value, lower: percentile(sorted, 0.025), upper: percentile(sorted, 0.975))
    }
}

/// The p-quantile of sorted values by linear interpolation between order statistics (R's type 7).
func percentile(_ sorted: [Double], _ p: Double) -> Double {
    guard sorted.count > 1 else { return sorted.first ?? .nan }
    let h = p * Double(sorted.count - 1)
    let lo = Int(h.rounded(.down))
    let hi = min(lo + 1, sorted.count - 1)
    return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
}
