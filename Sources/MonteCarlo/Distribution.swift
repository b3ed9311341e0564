#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A probability distribution of one scalar value.
///
/// Every draw goes through a *latent standard normal* `z`: the value is `quantile(Φ(z))`
/// (``value(latent:)``). The Gaussian copula correlates the latent normals; Latin hypercube
/// sampling stratifies them. Normal-based families skip Φ and read `z` directly.
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
    /// the normal-based families (no Φ round trip, so the tails keep full precision).
    @inlinable
    public func value(latent z: Double) -> Double {
        switch self {
        case .constant(let v): return v
        case .normal(let m, let s): return m + s * z
        case .lognormal(let mu, let sigma): return exp(mu + sigma * z)
        case .logitNormal(let mu, let sigma): return 1 / (1 + exp(-(mu + sigma * z)))
        case .rounded(let inner, let lo, let hi):
            return Swift.min(hi, Swift.max(lo, inner.value(latent: z).rounded(.toNearestOrAwayFromZero)))
        default: return quantile(StandardNormal.cdf(z))
        }
    }

    /// The inverse CDF at p in (0, 1) (for discrete laws, the smallest x with F(x) ≥ p).
    public func quantile(_ p: Double) -> Double {
        switch self {
        case .constant(let v): return v
        case .normal(let m, let s): return m + s * StandardNormal.quantile(p)
        case .lognormal(let mu, let sigma): return exp(mu + sigma * StandardNormal.quantile(p))
        case .logitNormal(let mu, let sigma): return 1 / (1 + exp(-(mu + sigma * StandardNormal.quantile(p))))
        case .uniform(let lo, let hi): return lo + (hi - lo) * p
        case .wholeUniform(let lo, let hi):
            let n = Double(hi - lo + 1)
            return Double(lo) + Swift.min(n - 1, (p * n).rounded(.down))
        case .triangular(let lo, let mode, let hi):
            let fc = (mode - lo) / (hi - lo)
            if p < fc { return lo + ((hi - lo) * (mode - lo) * p).squareRoot() }
            return hi - ((hi - lo) * (hi - mode) * (1 - p)).squareRoot()
        case .discrete(let values, let weights):
            var cumulative = 0.0
            for (v, w) in zip(values, weights) {
                cumulative += w
                if p <= cumulative { return v }
            }
            return values.last ?? .nan
        case .rounded(let inner, let lo, let hi):
            return Swift.min(hi, Swift.max(lo, inner.quantile(p).rounded(.toNearestOrAwayFromZero)))
        case .beta, .pert, .gamma, .poisson:
            fatalError("quantile of \(self) not implemented yet")  // PLACEHOLDER
        }
    }
}
