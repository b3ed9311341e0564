#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// The regularized incomplete beta and gamma functions and their inverses: the CDFs and quantiles
// of the beta, PERT and gamma families.
//
// Each function returns both tails, (lower, upper) with lower + upper = 1, and computes the
// smaller one directly (series or continued fraction), so a tail probability of 1e-300 keeps
// its digits instead of vanishing in 1 − (1 − 1e-300). The inverses take both tails too and
// solve on the side of the smaller one, with Halley steps safeguarded by a bracket.

/// The regularized incomplete beta function I_x(a, b) and its complement.
@usableFromInline
enum IncompleteBeta {
    /// log B(a, b).
    static func logBeta(_ a: Double, _ b: Double) -> Double {
        lgamma(a) + lgamma(b) - lgamma(a + b)
    }

    /// (I_x(a, b), 1 − I_x(a, b)) for x in [0, 1], with y = 1 − x given exactly by the caller.
    static func regularized(x: Double, y: Double, a: Double, b: Double) -> (lower: Double, upper: Double) {
        let r = evaluate(x: x, y: y, a: a, b: b, logBeta: logBeta(a, b))
        return (r.lower, r.upper)
    }

    /// Both tails and the density x^(a−1)·y^(b−1)/B(a, b) at x, sharing one prefactor.
    static func evaluate(x: Double, y: Double, a: Double, b: Double, logBeta logB: Double)
        -> (lower: Double, upper: Double, density: Double) {
        if x <= 0 { return (0, 1, a < 1 ? .infinity : a == 1 ? exp(-logB) : 0) }
        if y <= 0 { return (1, 0, b < 1 ? .infinity : b == 1 ? exp(-logB) : 0) }
        // x^a·y^b / B(a, b), in logs.
        let front = exp(a * log(x) + b * log(y) - logB)
        let density = front / (x * y)
        // The continued fraction converges fast for x < (a + 1)/(a + b + 2); otherwise use the
        // symmetry I_x(a, b) = 1 − I_y(b, a).
        if x * (a + b + 2) < a + 1 {
            let lower = front * continuedFraction(x: x, a: a, b: b) / a
            return (lower, 1 - lower, density)
        }
        let upper = front * continuedFraction(x: y, a: b, b: a) / b
        return (1 - upper, upper, density)
    }

    /// The continued fraction of I_x(a, b) (DLMF 8.17.22) by the modified Lentz method.
    static func continuedFraction(x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        let (qab, qap, qam) = (a + b, a + 1, a - 1)
        var c = 1.0
        var d = 1 - qab * x / qap
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...10_000 {
            let md = Double(m)
            let m2 = 2 * md
            var aa = md * (b - md) * x / ((qam + m2) * (a + m2))
            d = 1 + aa * d; if abs(d) < tiny { d = tiny }
            c = 1 + aa / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + md) * (qab + md) * x / ((a + m2) * (qap + m2))
            d = 1 + aa * d; if abs(d) < tiny { d = tiny }
            c = 1 + aa / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return h
    }

    /// (x, 1 − x) with I_x(a, b) = p, where p + q = 1 and the smaller of p and q is accurate.
    static func inverse(p: Double, q: Double, a: Double, b: Double) -> (x: Double, y: Double) {
        if p <= 0 { return (0, 1) }
        if q <= 0 { return (1, 0) }
        if p <= q {
            return solveLower(p, a: a, b: b)
        }
        // 1 − I_x(a, b) = I_{1−x}(b, a) = q.
        let (y, x) = solveLower(q, a: b, b: a)
        return (x, y)
    }

    /// (x, 1 − x) with I_x(a, b) = p for p ≤ 1/2.
    static func solveLower(_ p: Double, a: Double, b: Double) -> (x: Double, y: Double) {
        let logB = logBeta(a, b)
        var x = initialGuess(p, a: a, b: b, logBeta: logB)
        var lo = 0.0, hi = 1.0
        for _ in 0..<200 {
            let y = 1 - x
            let e = evaluate(x: x, y: y, a: a, b: b, logBeta: logB)
            let f = e.lower - p
            if f == 0 { break }
            if f < 0 { lo = x } else { hi = x }
            var next: Double
            var halley = false
            if e.density > 0 && e.density.isFinite {
                let newton = f / e.density
                // Halley: f''/f' = (a − 1)/x − (b − 1)/(1 − x).
                let curvature = (a - 1) / x - (b - 1) / y
                let correction = 1 - 0.5 * newton * curvature
                halley = correction > 0.5 && correction < 2
                next = x - (halley ? newton / correction : newton)
            } else {
                next = .nan
            }
            if !(next > lo && next < hi) {
                halley = false
                // Outside the bracket: bisect (geometrically when the bracket spans decades).
                next = lo > 0 && hi / lo > 16 ? (lo * hi).squareRoot() : 0.5 * (lo + hi)
                if lo == 0 { next = hi * 0x1.0p-8 }
            }
            let change = abs(next - x)
            x = next
            // After a step of relative size s the error left is O(s²) (Newton) or O(s³) (Halley):
            // s ≤ 1e-7 after a Halley step, or s ≤ 1e-10 after any step, leaves far less than
            // the ~1e-15 noise of I itself, which smaller thresholds would only chase.
            if change <= (halley ? 1e-7 : 1e-10) * x || hi - lo <= 4e-16 * hi { break }
        }
        return (x, 1 - x)
    }

    /// A starting point for I_x(a, b) = p: the leading term x^a/(a·B) in the far lower tail, a
    /// Cornish-Fisher-like normal approximation for a, b ≥ 1, and the two-piece power fit otherwise
    /// (the classical starts of AS 109 and its successors).
    static func initialGuess(_ p: Double, a: Double, b: Double, logBeta logB: Double) -> Double {
        // Leading term of the series at 0: I_x ≈ x^a / (a·B(a, b)).
        let leading = exp((log(p) + log(a) + logB) / a)
        if leading < 1e-3 { return leading }
        if a >= 1 && b >= 1 {
            let z = -StandardNormal.quantile(p)  // the upper-tail deviate: positive for p < 1/2
            let lambda = (z * z - 3) / 6
            let h = 2 / (1 / (2 * a - 1) + 1 / (2 * b - 1))
            let w = z * (h + lambda).squareRoot() / h
                - (1 / (2 * b - 1) - 1 / (2 * a - 1)) * (lambda + 5.0 / 6 - 2 / (3 * h))
            let x = a / (a + b * exp(2 * w))
            if x > 0 && x < 1 { return x }
        }
        let t = exp(a * log(a / (a + b))) / a
        let u = exp(b * log(b / (a + b))) / b
        let w = t + u
        let x = p < t / w ? pow(a * w * p, 1 / a) : 1 - pow(b * w * (1 - p), 1 / b)
        return min(max(x, 1e-300), 1 - 1e-16)
    }
}

/// The regularized incomplete gamma functions P(a, x) and Q(a, x) = 1 − P(a, x).
@usableFromInline
enum IncompleteGamma {
    /// (P(a, x), Q(a, x)) for x ≥ 0: the series below x = a + 1, the continued fraction above.
    static func regularized(a: Double, x: Double) -> (lower: Double, upper: Double) {
        let r = evaluate(a: a, x: x, logGamma: lgamma(a))
        return (r.lower, r.upper)
    }

    /// Both tails and the density x^(a−1)·e^(−x)/Γ(a), sharing one prefactor.
    static func evaluate(a: Double, x: Double, logGamma: Double) -> (lower: Double, upper: Double, density: Double) {
        if x <= 0 { return (0, 1, 0) }
        if x.isInfinite { return (1, 0, 0) }
        let front = exp(a * log(x) - x - logGamma)
        let density = front / x
        if x < a + 1 {
            // P = x^a e^−x / Γ(a + 1) · Σ_n x^n / ((a + 1)…(a + n)).
            var term = 1 / a
            var sum = term
            var ap = a
            for _ in 0..<100_000 {
                ap += 1
                term *= x / ap
                sum += term
                if abs(term) < abs(sum) * 1e-17 { break }
            }
            let lower = sum * front
            return (lower, 1 - lower, density)
        }
        // Q = x^a e^−x / Γ(a) · 1/(x + 1 − a − 1·(1 − a)/(x + 3 − a − …)), modified Lentz.
        let tiny = 1e-300
        var b = x + 1 - a
        var c = 1 / tiny
        var d = 1 / b
        var h = d
        for i in 1...100_000 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b; if abs(d) < tiny { d = tiny }
            c = b + an / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        let upper = front * h
        return (1 - upper, upper, density)
    }

    /// x with P(a, x) = p, where p + q = 1 and the smaller of p and q is accurate.
    static func inverse(p: Double, q: Double, a: Double) -> Double {
        if p <= 0 { return 0 }
        if q <= 0 { return .infinity }
        let lowerSide = p <= q
        let logGammaA: Double = lgamma(a)
        var x = initialGuess(p: p, q: q, a: a)
        var lo = 0.0, hi = Double.infinity
        for _ in 0..<200 {
            let e = evaluate(a: a, x: x, logGamma: logGammaA)
            // f increases with x on both sides: P − p, or q − Q.
            let f = lowerSide ? e.lower - p : q - e.upper
            if f == 0 { break }
            if f < 0 { lo = x } else { hi = x }
            var next: Double
            var halley = false
            if e.density > 0 && e.density.isFinite {
                let newton = f / e.density
                let curvature = (a - 1) / x - 1
                let correction = 1 - 0.5 * newton * curvature
                halley = correction > 0.5 && correction < 2
                next = x - (halley ? newton / correction : newton)
            } else {
                next = .nan
            }
            if !(next > lo && next < hi) {
                halley = false
                if hi.isInfinite { next = max(2 * x, lo * 2, 1) }
                else if lo == 0 { next = hi * 0x1.0p-8 }
                else { next = hi / lo > 16 ? (lo * hi).squareRoot() : 0.5 * (lo + hi) }
            }
            let change = abs(next - x)
            x = next
            if change <= (halley ? 1e-7 : 1e-10) * x || (hi.isFinite && hi - lo <= 4e-16 * hi) { break }  // as for beta
        }
        return x
    }

    /// Wilson–Hilferty for a > 1 (and far upper tails), the small-x power law x ≈ (p·Γ(a + 1))^(1/a)
    /// for small a or far lower tails.
    static func initialGuess(p: Double, q: Double, a: Double) -> Double {
        let leading = exp((log(p) + lgamma(a + 1)) / a)  // P ≈ x^a / Γ(a + 1) near 0
        if leading < 0.1 * a || (a <= 1 && p <= q) { return max(leading, 1e-300) }
        let z = p <= q ? StandardNormal.quantile(p) : -StandardNormal.quantile(q)
        let s = 1 / (9 * a)
        let cube = 1 - s + z * s.squareRoot()
        if cube > 0 { return max(a * cube * cube * cube, 1e-300) }
        return max(leading, 1e-300)
    }
}
