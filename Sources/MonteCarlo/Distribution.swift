#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A probability distribution of one scalar value.
///
/// A correlated draw goes through a *latent standard normal* `z`: the value is `quantile(Φ(z))`
/// (``value(latent:)``); the Gaussian copula correlates the latent normals. Normal-based families
/// skip Φ and read `z` directly. An uncorrelated draw of a law read through its CDF
/// (``drawsFromUniform``) comes from a uniform u directly: quantile(u) (``values(fromUniforms:)``).
/// Latin hypercube sampling stratifies whichever the draw starts from.
public enum Distribution: Sendable, Hashable {
    /// Always the same value.
    case constant(Double)
    /// Normal with mean and standard deviation.
    case normal(mean: Double, sd: Double)
    /// exp(N(mu, sigma²)).
    case lognormal(mu: Double, sigma: Double)
    /// logistic(N(mu, sigma²)): a value in (0, 1).
    case logitNormal(mu: Double, sigma: Double)
    /// Beta(alpha, beta) on [0, 1].
    case beta(alpha: Double, beta: Double)
    /// PERT(min, mode, max): a scaled beta with shape 4 (alpha = 1 + 4(mode-min)/(max-min)).
    case pert(min: Double, mode: Double, max: Double)
    case triangular(min: Double, mode: Double, max: Double)
    /// Continuous uniform on [min, max].
    case uniform(min: Double, max: Double)
    /// Gamma with shape k and scale θ (mean kθ).
    case gamma(shape: Double, scale: Double)
    /// Poisson(lambda) counts.
    case poisson(lambda: Double)
    /// Finitely many values with weights that sum to 1.
    case discrete(values: [Double], weights: [Double])
    /// Whole numbers min...max, each equally likely (`a to b` for whole years).
    case wholeUniform(min: Int, max: Int)
    /// The inner distribution rounded to the nearest integer, then clamped to [min, max]
    /// (`a to b` and other continuous laws used for counts).
    indirect case rounded(Distribution, min: Double, max: Double)
}

/// The family that `a to b` (a 90% interval: 5th and 95th percentiles) takes, by the domain of
/// the parameter it sets (DESIGN §2 and §3.1).
public enum IntervalFamily: String, Sendable, Hashable {
    /// Probabilities and shares: logit-normal, needs 0 < a < b < 1.
    case logitNormal = "logit-normal"
    /// Positive quantities: lognormal, needs 0 < a < b.
    case lognormal
    /// Signed quantities (effects): normal, not truncated.
    case normal
    /// Whole years: uniform over the whole numbers a...b inclusive.
    case wholeYears = "uniform whole years"
    /// Counts per year: the lognormal fit rounded to the nearest integer (a > 0).
    case roundedLognormal = "rounded lognormal"
}

/// Why an interval cannot be fitted.
public enum IntervalFitError: Error, Sendable, Hashable {
    /// a ≥ b.
    case notIncreasing
    /// The lower end is not allowed for the family (≤ 0 for lognormal; ≤ 0 or ≥ 1 for logit-normal).
    case lowerOutOfDomain
    /// The upper end is not allowed for the family (≥ 1 for logit-normal).
    case upperOutOfDomain
    /// Whole years given with a fractional end.
    case notWhole
}

/// z such that Φ(z) = 0.95.
public let z95: Double = 1.6448536269514722

extension Distribution {
    /// Fits `a to b` as a 90% interval with the given family.
    public static func interval90(_ a: Double, _ b: Double, family: IntervalFamily) throws(IntervalFitError) -> Distribution {
        guard a.isFinite, b.isFinite else { throw .notIncreasing }
        switch family {
        case .wholeYears:
            guard a == a.rounded(), b == b.rounded() else { throw .notWhole }
            guard a <= b else { throw .notIncreasing }
            return .wholeUniform(min: Int(a), max: Int(b))
        case .normal:
            guard a < b else { throw .notIncreasing }
            return .normal(mean: (a + b) / 2, sd: (b - a) / (2 * z95))
        case .lognormal, .roundedLognormal:
            guard a > 0 else { throw .lowerOutOfDomain }
            guard a < b else { throw .notIncreasing }
            let inner = Distribution.lognormal(mu: (log(a) + log(b)) / 2, sigma: (log(b) - log(a)) / (2 * z95))
            return family == .lognormal ? inner : .rounded(inner, min: 0, max: .infinity)
        case .logitNormal:
            guard a > 0, a < 1 else { throw .lowerOutOfDomain }
            guard b < 1 else { throw .upperOutOfDomain }
            guard a < b else { throw .notIncreasing }
            let la = log(a / (1 - a)), lb = log(b / (1 - b))
            return .logitNormal(mu: (la + lb) / 2, sigma: (lb - la) / (2 * z95))
        }
    }

    /// True when every draw is the same value.
    public var isConstant: Bool {
        switch self {
        case .constant: return true
        case .wholeUniform(let lo, let hi): return lo == hi
        case .rounded(let inner, _, _): return inner.isConstant
        default: return false
        }
    }

    /// The value whose latent standard normal is `z`: quantile(Φ(z)), with closed forms for
    /// the normal-based families (no Φ round trip, so the tails keep full precision). Other
    /// families get both Φ(z) and Φ(−z) and invert on the side of the smaller one, so z = 8
    /// still lands in the upper tail rather than at the support's end.
    @inlinable
    public func value(latent z: Double) -> Double {
        switch self {
        case .constant(let v): return v
        case .normal(let m, let s): return m + s * z
        case .lognormal(let mu, let sigma): return exp(mu + sigma * z)
        case .logitNormal(let mu, let sigma): return 1 / (1 + exp(-(mu + sigma * z)))
        case .rounded(let inner, let lo, let hi):
            return Swift.min(hi, Swift.max(lo, inner.value(latent: z).rounded(.toNearestOrAwayFromZero)))
        default: return quantile(lower: StandardNormal.cdf(z), upper: StandardNormal.cdf(-z))
        }
    }

    /// Replaces every latent normal of `buffer` by its value (``value(latent:)``), with the
    /// family chosen once for the whole buffer.
    public func values(fromLatents buffer: UnsafeMutableBufferPointer<Double>) {
        guard let base = buffer.baseAddress else { return }
        let n = buffer.count
        switch self {
        case .constant(let v):
            for i in 0..<n { base[i] = v }
        case .normal(let m, let s):
            for i in 0..<n { base[i] = m + s * base[i] }
        case .lognormal(let mu, let sigma):
            for i in 0..<n { base[i] = exp(mu + sigma * base[i]) }
        case .logitNormal(let mu, let sigma):
            for i in 0..<n { base[i] = 1 / (1 + exp(-(mu + sigma * base[i]))) }
        case .uniform(let lo, let hi):
            let width = hi - lo
            for i in 0..<n {
                let z = base[i]
                base[i] = z <= 0 ? lo + width * StandardNormal.cdf(z) : hi - width * StandardNormal.cdf(-z)
            }
        case .poisson(let lambda):
            // One walk of the support for the whole buffer, then a binary search per value.
            Poisson.quantiles(lambda: lambda) { quantile in
                for i in 0..<n { base[i] = Double(quantile(StandardNormal.cdf(base[i]), StandardNormal.cdf(-base[i]))) }
            }
        case .rounded(let inner, let lo, let hi):
            inner.values(fromLatents: buffer)
            for i in 0..<n { base[i] = Swift.min(hi, Swift.max(lo, base[i].rounded(.toNearestOrAwayFromZero))) }
        default:
            for i in 0..<n { base[i] = value(latent: base[i]) }
        }
    }

    /// Whether the law is read through its CDF (uniform, whole years, counts, beta, PERT,
    /// triangular, gamma, discrete): uncorrelated draws of these come from a uniform directly,
    /// skipping the latent normal and Φ. Normal-based laws map a latent normal in closed form.
    public var drawsFromUniform: Bool {
        switch self {
        case .constant, .normal, .lognormal, .logitNormal: return false
        case .rounded(let inner, _, _): return inner.drawsFromUniform
        default: return true
        }
    }

    /// Maps a buffer of uniforms u in (0, 1) to values in place: quantile(u), with 1 − u as the
    /// upper tail (exact for the canonical uniforms).
    public func values(fromUniforms buffer: UnsafeMutableBufferPointer<Double>) {
        guard let base = buffer.baseAddress else { return }
        let n = buffer.count
        switch self {
        case .poisson(let lambda):
            Poisson.quantiles(lambda: lambda) { quantile in
                for i in 0..<n { base[i] = Double(quantile(base[i], 1 - base[i])) }
            }
        case .rounded(let inner, let lo, let hi):
            inner.values(fromUniforms: buffer)
            for i in 0..<n { base[i] = Swift.min(hi, Swift.max(lo, base[i].rounded(.toNearestOrAwayFromZero))) }
        default:
            for i in 0..<n { base[i] = quantile(lower: base[i], upper: 1 - base[i]) }
        }
    }

    /// The inverse CDF at p in (0, 1) (for discrete laws, the smallest x with F(x) ≥ p).
    /// p ≤ 0 and p ≥ 1 give the ends of the support (possibly infinite).
    public func quantile(_ p: Double) -> Double {
        quantile(lower: p, upper: 1 - p)
    }

    /// The inverse CDF given both tail probabilities p and q = 1 − p: continuous families solve
    /// on the side of the smaller one, which the caller may know more precisely than 1 − p.
    @usableFromInline
    func quantile(lower p: Double, upper q: Double) -> Double {
        switch self {
        case .constant(let v): return v
        case .normal(let m, let s):
            return m + s * (p <= q ? StandardNormal.quantile(p) : -StandardNormal.quantile(q))
        case .lognormal(let mu, let sigma):
            return exp(mu + sigma * (p <= q ? StandardNormal.quantile(p) : -StandardNormal.quantile(q)))
        case .logitNormal(let mu, let sigma):
            let z = p <= q ? StandardNormal.quantile(p) : -StandardNormal.quantile(q)
            return 1 / (1 + exp(-(mu + sigma * z)))
        case .uniform(let lo, let hi):
            return p <= q ? lo + (hi - lo) * p : hi - (hi - lo) * q
        case .wholeUniform(let lo, let hi):
            let n = Double(hi - lo + 1)
            return Double(lo) + Swift.min(n - 1, Swift.max(0, (p * n).rounded(.down)))
        case .triangular(let lo, let mode, let hi):
            let fc = (mode - lo) / (hi - lo)
            if p < fc { return lo + ((hi - lo) * (mode - lo) * p).squareRoot() }
            return hi - ((hi - lo) * (hi - mode) * q).squareRoot()
        case .discrete(let values, let weights):
            var cumulative = 0.0
            for (v, w) in zip(values, weights) {
                cumulative += w
                if p <= cumulative { return v }
            }
            return values.last ?? .nan
        case .beta(let a, let b):
            return IncompleteBeta.inverse(p: p, q: q, a: a, b: b).x
        case .pert(let lo, let mode, let hi):
            guard hi > lo else { return lo }
            let (a, b) = Distribution.pertShapes(min: lo, mode: mode, max: hi)
            let (x, y) = IncompleteBeta.inverse(p: p, q: q, a: a, b: b)
            return x <= y ? lo + (hi - lo) * x : hi - (hi - lo) * y
        case .gamma(let shape, let scale):
            return scale * IncompleteGamma.inverse(p: p, q: q, a: shape)
        case .poisson(let lambda):
            return Double(Poisson.quantile(p, complement: q, lambda: lambda))
        case .rounded(let inner, let lo, let hi):
            return Swift.min(hi, Swift.max(lo, inner.quantile(lower: p, upper: q).rounded(.toNearestOrAwayFromZero)))
        }
    }

    /// The beta shapes of PERT(min, mode, max): α = 1 + 4(mode − min)/(max − min) and
    /// β = 1 + 4(max − mode)/(max − min) (mean (min + 4·mode + max)/6).
    public static func pertShapes(min lo: Double, mode: Double, max hi: Double) -> (alpha: Double, beta: Double) {
        (1 + 4 * (mode - lo) / (hi - lo), 1 + 4 * (hi - mode) / (hi - lo))
    }

    /// P(X ≤ x).
    public func cdf(_ x: Double) -> Double {
        switch self {
        case .constant(let v): return x >= v ? 1 : 0
        case .normal(let m, let s): return StandardNormal.cdf((x - m) / s)
        case .lognormal(let mu, let sigma): return x <= 0 ? 0 : StandardNormal.cdf((log(x) - mu) / sigma)
        case .logitNormal(let mu, let sigma):
            return x <= 0 ? 0 : x >= 1 ? 1 : StandardNormal.cdf((log(x / (1 - x)) - mu) / sigma)
        case .uniform(let lo, let hi): return Swift.min(1, Swift.max(0, (x - lo) / (hi - lo)))
        case .wholeUniform(let lo, let hi):
            let k = x.rounded(.down)
            if k < Double(lo) { return 0 }
            return Swift.min(1, (k - Double(lo) + 1) / Double(hi - lo + 1))
        case .triangular(let lo, let mode, let hi):
            if x <= lo { return 0 }
            if x >= hi { return 1 }
            if x <= mode { return (x - lo) * (x - lo) / ((hi - lo) * (mode - lo)) }
            return 1 - (hi - x) * (hi - x) / ((hi - lo) * (hi - mode))
        case .discrete(let values, let weights):
            var total = 0.0
            for (v, w) in zip(values, weights) where v <= x { total += w }
            return Swift.min(1, total)
        case .beta(let a, let b):
            return x <= 0 ? 0 : x >= 1 ? 1 : IncompleteBeta.regularized(x: x, y: 1 - x, a: a, b: b).lower
        case .pert(let lo, let mode, let hi):
            if x <= lo { return 0 }
            if x >= hi { return 1 }
            let (a, b) = Distribution.pertShapes(min: lo, mode: mode, max: hi)
            return IncompleteBeta.regularized(x: (x - lo) / (hi - lo), y: (hi - x) / (hi - lo), a: a, b: b).lower
        case .gamma(let shape, let scale):
            return x <= 0 ? 0 : IncompleteGamma.regularized(a: shape, x: x / scale).lower
        case .poisson(let lambda):
            if x < 0 { return 0 }
            let k = Int(Swift.min(x.rounded(.down), 1e15))
            // P(X ≤ k) = Q(k + 1, λ).
            return IncompleteGamma.regularized(a: Double(k) + 1, x: lambda).upper
        case .rounded(let inner, let lo, let hi):
            // round(X) ≤ x  ⟺  X < ⌊x⌋ + ½ (halves round away from zero), then the clamp.
            if x < lo { return 0 }
            if x >= hi { return 1 }
            let k = x.rounded(.down)
            return inner.cdf((k + 0.5).nextDown)
        }
    }

    /// The mean, when it exists and is finite (nil for a lognormal whose mean overflows).
    public var mean: Double? {
        let m: Double
        switch self {
        case .constant(let v): m = v
        case .normal(let mu, _): m = mu
        case .lognormal(let mu, let sigma): m = exp(mu + sigma * sigma / 2)
        case .logitNormal: m = latentMoments(power: 1)
        case .uniform(let lo, let hi): m = (lo + hi) / 2
        case .wholeUniform(let lo, let hi): m = (Double(lo) + Double(hi)) / 2
        case .triangular(let lo, let mode, let hi): m = (lo + mode + hi) / 3
        case .discrete(let values, let weights): m = zip(values, weights).reduce(0) { $0 + $1.0 * $1.1 }
        case .beta(let a, let b): m = a / (a + b)
        case .pert(let lo, let mode, let hi): m = (lo + 4 * mode + hi) / 6
        case .gamma(let k, let theta): m = k * theta
        case .poisson(let lambda): m = lambda
        case .rounded: return roundedMoments?.mean
        }
        return m.isFinite ? m : nil
    }

    /// The variance, when it exists and is finite.
    public var variance: Double? {
        let v: Double
        switch self {
        case .constant: v = 0
        case .normal(_, let s): v = s * s
        case .lognormal(let mu, let sigma): v = expm1(sigma * sigma) * exp(2 * mu + sigma * sigma)
        case .logitNormal:
            let m = latentMoments(power: 1)
            v = Swift.max(0, latentMoments(power: 2) - m * m)
        case .uniform(let lo, let hi): v = (hi - lo) * (hi - lo) / 12
        case .wholeUniform(let lo, let hi):
            let n = Double(hi - lo + 1)
            v = (n * n - 1) / 12
        case .triangular(let a, let c, let b): v = (a * a + b * b + c * c - a * b - a * c - b * c) / 18
        case .discrete(let values, let weights):
            let m = zip(values, weights).reduce(0) { $0 + $1.0 * $1.1 }
            v = zip(values, weights).reduce(0) { $0 + $1.1 * ($1.0 - m) * ($1.0 - m) }
        case .beta(let a, let b): v = a * b / ((a + b) * (a + b) * (a + b + 1))
        case .pert(let lo, let mode, let hi):
            guard hi > lo else { return 0 }
            let (a, b) = Distribution.pertShapes(min: lo, mode: mode, max: hi)
            v = (hi - lo) * (hi - lo) * a * b / ((a + b) * (a + b) * (a + b + 1))
        case .gamma(let k, let theta): v = k * theta * theta
        case .poisson(let lambda): v = lambda
        case .rounded: return roundedMoments?.variance
        }
        return v.isFinite ? v : nil
    }

    /// The standard deviation, when the variance exists.
    public var standardDeviation: Double? { variance.map { $0.squareRoot() } }

    /// E[g(Z)^power] over the latent normal Z for a smooth value map g, by the trapezoidal rule
    /// on [−12, 12] with step 1/32: for integrands that are smooth and Gaussian-weighted the rule
    /// converges geometrically, far below 1e-13 at this step.
    func latentMoments(power: Int) -> Double {
        let h = 1.0 / 32
        var sum = 0.0
        for i in -384...384 {
            let z = Double(i) * h
            let g = value(latent: z)
            sum += (power == 1 ? g : g * g) * exp(-0.5 * z * z)
        }
        return sum * h / (2 * Double.pi).squareRoot()
    }

    /// Mean and variance of a rounded, clamped law by summing its probabilities over the whole
    /// numbers between its 1e-17 and 1 − 1e-17 quantiles; for more than 2 million such numbers,
    /// Sheppard's correction instead (mean of the inner law, variance + 1/12), which the
    /// rounding of a smooth law that wide matches to far below its Monte Carlo error.
    var roundedMoments: (mean: Double, variance: Double)? {
        guard case .rounded(let inner, let lo, let hi) = self else { return nil }
        let first = Swift.max(lo, inner.quantile(lower: 1e-17, upper: 1 - 1e-17).rounded(.toNearestOrAwayFromZero))
        let last = Swift.min(hi, inner.quantile(lower: 1 - 1e-17, upper: 1e-17).rounded(.toNearestOrAwayFromZero))
        guard first.isFinite, last.isFinite else { return nil }
        if last - first > 2e6 {
            guard let m = inner.mean, let v = inner.variance else { return nil }
            return (m, v + 1.0 / 12)
        }
        var s0 = 0.0, s1 = 0.0, s2 = 0.0
        var previous = 0.0  // P(round(X) clamped < k)
        var k = first
        while k <= last {
            let upTo = k >= last ? 1.0 : cdf(k)
            let pk = upTo - previous
            previous = upTo
            s0 += pk; s1 += pk * k; s2 += pk * k * k
            k += 1
        }
        let m = s1 / s0
        return (m, Swift.max(0, s2 / s0 - m * m))
    }
}
