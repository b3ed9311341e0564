#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// CONTRACT: exact inversion for counts (the model's common-random-number draws).
// PLACEHOLDER implementation: a sequential search from 0, fine for small means only.

public enum Binomial {
    /// The smallest k with P(X ≤ k) ≥ u for X ~ Binomial(n, p): inversion, so larger n or p give
    /// a larger or equal count for the same u (monotone coupling of common random numbers).
    public static func quantile(_ u: Double, n: Int, p: Double) -> Int {
        if n <= 0 || p <= 0 { return 0 }
        if p >= 1 { return n }
        var k = 0
        var pmf = pow(1 - p, Double(n))
        var cdf = pmf
        let ratio = p / (1 - p)
        while cdf < u && k < n {
            pmf *= ratio * Double(n - k) / Double(k + 1)
            k += 1
            cdf += pmf
        }
        return k
    }
}

public enum Poisson {
    /// The smallest k with P(X ≤ k) ≥ u for X ~ Poisson(lambda).
    public static func quantile(_ u: Double, lambda: Double) -> Int {
        if lambda <= 0 { return 0 }
        var k = 0
        var pmf = exp(-lambda)
        var cdf = pmf
        while cdf < u && k < 1_000_000_000 {
            k += 1
            pmf *= lambda / Double(k)
            cdf += pmf
        }
        return k
    }
}
