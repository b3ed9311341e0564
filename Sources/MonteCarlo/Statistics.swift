// Mergeable moments: the engine reduces each block of trials to these and merges them in trial order.

/// Count, mean and sum of squared deviations of a sample; merging two is exact up to rounding
/// (Chan, Golub & LeVeque). Merge order fixes the bits, so callers merge in trial order.
public struct Moments: Sendable, Hashable {
    public var count: Int = 0
    public var mean: Double = 0
    /// Σ (x − mean)².
    public var m2: Double = 0

    public init() {}

    public init(count: Int, mean: Double, m2: Double) {
        self.count = count
        self.mean = mean
        self.m2 = m2
    }

    /// Moments of a buffer, two-pass (mean first, then squared deviations).
    public init(_ values: UnsafeBufferPointer<Double>) {
        count = values.count
        guard count > 0 else { return }
        var s = 0.0
        for v in values { s += v }
        mean = s / Double(count)
        var q = 0.0
        for v in values { q += (v - mean) * (v - mean) }
        m2 = q
    }

    /// Appends `other`'s sample after this one.
    public mutating func merge(_ other: Moments) {
        guard other.count > 0 else { return }
        guard count > 0 else { self = other; return }
        let n = Double(count + other.count)
        let delta = other.mean - mean
        mean += delta * Double(other.count) / n
        m2 += other.m2 + delta * delta * Double(count) * Double(other.count) / n
        count += other.count
    }

    /// Sample variance (n − 1 denominator); 0 for fewer than two values.
    public var variance: Double { count > 1 ? m2 / Double(count - 1) : 0 }
    public var standardDeviation: Double { variance.squareRoot() }
    /// Monte Carlo standard error of the mean, sd / √n.
    public var standardError: Double { count > 0 ? standardDeviation / Double(count).squareRoot() : .nan }
}
