// Bulk binomial inversion: the direct search of `Binomial.smallQuantile` run for eight laws at
// once in SIMD lanes, with no data-dependent branch per law.
//
// Why it is exact. In the scalar search for n ≤ 64, step i (i = 0, 1, …) multiplies the weight
// by ratio · (n − i) · 1/(i + 1), whichever end the search starts from: from the bottom k = i
// and the factor is (p/q)·(n − k)/(k + 1); from the top k = n − i and it is (q/p)·k/(n − k + 1),
// and k = n − i, n − k + 1 = i + 1. So every lane of a block takes step i together, with the same
// 1/(i + 1), and only the ratio, the start weight and the target differ per lane. The running
// sums are formed by the same additions in the same order as the scalar search:
// - from the bottom, F = w₀, then F += wᵢ₊₁, continuing while F < u and k < n;
// - from the top, the scalar keeps S (survival) and tests S + w > 1 − u before adding; the sum it
//   tests, P = S + w, satisfies P₀ = w₀ and Pᵢ₊₁ = Pᵢ + wᵢ₊₁, so it is the same recurrence,
//   continuing while P ≤ 1 − u, i.e. P < next double above 1 − u.
// Both conditions are thus "sum < target and i < n"; once false they stay false (the sums never
// decrease), so a lane's answer is the number of steps it stayed active: i from the bottom, n − i
// from the top. The start weights q^n or p^n are raised by the same square-and-multiply as the
// scalar code (bits of n from the lowest). Lanes the direct search does not serve (n > 64, or a
// start weight that underflows to 0) are finished by the scalar `quantile` afterwards.

/// Eight doubles: one block of laws inverted in lockstep (four SSE2 registers on the baseline
/// x86-64 target, two AVX registers or one AVX-512 where the compiler may use them).
@usableFromInline typealias Block8 = SIMD8<Double>

extension Binomial {
    /// Inverts many binomial laws at once: `out[i] = quantile(u[i], n: Int(n[i]), p: p[i])`,
    /// bit for bit, for every i in `out.indices` (``quantile(_:n:p:)`` for its conventions).
    ///
    /// The counts `n[i]` must be finite whole numbers (as the model keeps them, in doubles; the
    /// scalar inversion takes `Int(n[i])`); a count ≤ 0 gives 0. Eight laws are inverted in lockstep: the cost of a block is set by its
    /// longest search, about n/2 steps for n near its mean, with no unpredictable branch per law.
    /// Laws with n > ``smallCountLimit`` (rare in the model) fall back to the scalar walk.
    ///
    /// - Parameters:
    ///   - u: uniforms in (0, 1), at least `out.count`.
    ///   - n: counts, at least `out.count`.
    ///   - p: probabilities, at least `out.count`.
    ///   - out: the counts drawn, as doubles.
    public static func fillQuantiles(
        u: UnsafeBufferPointer<Double>, n: UnsafeBufferPointer<Double>, p: UnsafeBufferPointer<Double>,
        into out: UnsafeMutableBufferPointer<Double>
    ) {
        let count = out.count
        precondition(u.count >= count && n.count >= count && p.count >= count, "fewer inputs than outputs")
        guard count > 0 else { return }
        let (uu, nn, pp, oo) = (u.baseAddress!, n.baseAddress!, p.baseAddress!, out.baseAddress!)
        reciprocals.withUnsafeBufferPointer { table in
            let reciprocals = table.baseAddress!
            var i = 0
            while i + 8 <= count {
                let result = invert(u: load8(uu + i), n: load8(nn + i), p: load8(pp + i), reciprocals: reciprocals)
                store8(result.counts, oo + i)
                if result.needsScalar { finishScalar(u: uu, n: nn, p: pp, out: oo, from: i, to: i + 8) }
                i += 8
            }
            if i < count {
                // The tail: missing lanes have n = 0, which costs no step.
                var (tu, tn, tp) = (Block8(repeating: 0.5), Block8(), Block8(repeating: 0.5))
                for j in 0 ..< count - i {
                    tu[j] = uu[i + j]
                    tn[j] = nn[i + j]
                    tp[j] = pp[i + j]
                }
                let result = invert(u: tu, n: tn, p: tp, reciprocals: reciprocals)
                for j in 0 ..< count - i { oo[i + j] = result.counts[j] }
                if result.needsScalar { finishScalar(u: uu, n: nn, p: pp, out: oo, from: i, to: count) }
            }
        }
    }

    /// A block with a law the direct search does not serve, recomputed law by law (rare).
    private static func finishScalar(
        u: UnsafePointer<Double>, n: UnsafePointer<Double>, p: UnsafePointer<Double>, out: UnsafeMutablePointer<Double>,
        from: Int, to: Int
    ) {
        for j in from ..< to {
            out[j] = n[j] > 0 ? Double(quantile(u[j], n: Int(n[j]), p: p[j])) : 0
        }
    }

    @inline(__always) static func load8(_ x: UnsafePointer<Double>) -> Block8 {
        Block8(x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7])
    }

    @inline(__always) static func store8(_ v: Block8, _ x: UnsafeMutablePointer<Double>) {
        x[0] = v[0]; x[1] = v[1]; x[2] = v[2]; x[3] = v[3]
        x[4] = v[4]; x[5] = v[5]; x[6] = v[6]; x[7] = v[7]
    }

    /// One block of eight laws. When `needsScalar`, some lane with n > 0 is not served by the
    /// direct search (n > 64, p or u outside (0, 1), or a start weight that underflows) and the
    /// caller recomputes the block with the scalar ``quantile(_:n:p:)``. Lanes with n ≤ 0 give 0.
    ///
    /// Masks are kept as 64-bit words (all ones or zero) combined with bit operations, and
    /// nothing decided before the search loop is needed after it: on the baseline x86-64 target
    /// the compiler otherwise keeps such masks as packed bits and unpacks them again, which costs
    /// more than the arithmetic they guard.
    @inline(__always)
    static func invert(u: Block8, n: Block8, p: Block8, reciprocals: UnsafePointer<Double>)
        -> (counts: Block8, needsScalar: Bool)
    {
        let zero = Block8(), one = Block8(repeating: 1)
        let q = one - p, v = one - u
        // The direct search serves 0 < p < 1, 0 < u < 1 (p·(1 − p) > 0 says both, NaN
        // included), 1 ≤ n ≤ 64; other laws with n > 0 take the scalar path. Inside the
        // search they have n = 0 (no step).
        let regular = greater(p * q, zero) & greater(u * v, zero)
            & lessOrEqual(n, Block8(repeating: Double(smallCountLimit)))
        let positive = greater(n, zero)
        let ns = keep(n, where: regular & positive)
        let fromBottom = lessOrEqual(u, Block8(repeating: 0.5))
        let base = select(fromBottom, q, p)
        let ratio = select(fromBottom, p, q) / base  // p/q from the bottom, q/p from the top
        // From the top the test P ≤ 1 − u becomes P < next double above 1 − u (1 − u > 0 here).
        let target = select(fromBottom, u, Block8(bitPattern: v.bitPattern &+ 1))
        // The count moves up from 0 (bottom) or down from n (top) with each step.
        var counts = select(fromBottom, zero, ns)
        let step = select(fromBottom, one, -one)

        // Start weight base^n by square-and-multiply from the lowest bit of n, as the scalar
        // search does; the bits of n found from the highest by comparison and subtraction
        // (blocks whose counts are all below 16 skip the three high bits).
        var rest = ns
        var bits = (Bits8(), Bits8(), Bits8(), Bits8(), Bits8(), Bits8(), Bits8())
        let wide = anyLane(lessOrEqual(Block8(repeating: 16), ns))
        @inline(__always) func bit(_ value: Double) -> Bits8 {
            let set = lessOrEqual(Block8(repeating: value), rest)
            rest -= keep(Block8(repeating: value), where: set)
            return set
        }
        if wide { bits.6 = bit(64); bits.5 = bit(32); bits.4 = bit(16) }
        bits.3 = bit(8); bits.2 = bit(4); bits.1 = bit(2); bits.0 = bit(1)
        var weight = one
        var power = base
        weight = select(bits.0, weight * power, weight); power *= power
        weight = select(bits.1, weight * power, weight); power *= power
        weight = select(bits.2, weight * power, weight); power *= power
        weight = select(bits.3, weight * power, weight)
        if wide {
            power *= power
            weight = select(bits.4, weight * power, weight); power *= power
            weight = select(bits.5, weight * power, weight); power *= power
            weight = select(bits.6, weight * power, weight)
        }
        let needsScalar = anyLane((positive & ~regular) | (positive & ~greater(weight, zero)))

        // The lockstep search: step i multiplies by ratio·(n − i)·1/(i + 1) and adds. A lane is
        // active while its sum is below its target. A lane still active at i = n has zero
        // weights from there on, so its count is clamped to [0, n] (the scalar search stops at
        // k = n or k = 0); after 64 steps every lane has reached its n.
        var sum = weight
        var active = less(sum, target)
        var i = 0
        while i < smallCountLimit && anyLane(active) {
            let factor = ratio * (ns - Block8(repeating: Double(i))) * Block8(repeating: reciprocals[i + 1])
            // Stopped lanes keep a zero weight (their sums stay put, no denormal tails).
            weight = keep(weight * factor, where: active)
            sum += weight
            counts += keep(step, where: active)
            active = less(sum, target)
            i += 1
        }
        // Clamped to [0, n] by max(x, 0) = (x + |x|)/2, exact on these small whole numbers
        // (and free of masks, which the compiler would carry across the loop as packed bits).
        counts = 0.5 * (counts + magnitude(counts))
        let excess = counts - ns
        counts -= 0.5 * (excess + magnitude(excess))
        return (counts, needsScalar)
    }

    /// Whether any lane of a mask is set.
    @inline(__always) static func anyLane(_ mask: Bits8) -> Bool {
        let four = mask.lowHalf | mask.highHalf
        let two = four.lowHalf | four.highHalf
        return two[0] | two[1] != 0
    }
}

/// Eight 64-bit masks (all ones or zero), one per lane of a ``Block8``.
@usableFromInline typealias Bits8 = SIMD8<UInt64>

@inline(__always) func less(_ a: Block8, _ b: Block8) -> Bits8 { unsafeBitCast(a .< b, to: Bits8.self) }
@inline(__always) func lessOrEqual(_ a: Block8, _ b: Block8) -> Bits8 { unsafeBitCast(a .<= b, to: Bits8.self) }
@inline(__always) func greater(_ a: Block8, _ b: Block8) -> Bits8 { unsafeBitCast(a .> b, to: Bits8.self) }
/// `mask ? a : b`, lane by lane.
@inline(__always) func select(_ mask: Bits8, _ a: Block8, _ b: Block8) -> Block8 {
    Block8(bitPattern: (a.bitPattern & mask) | (b.bitPattern & ~mask))
}
/// |a|, lane by lane (the sign bit cleared).
@inline(__always) func magnitude(_ a: Block8) -> Block8 { Block8(bitPattern: a.bitPattern & ~(1 << 63)) }
/// `mask ? a : 0`, lane by lane.
@inline(__always) func keep(_ a: Block8, where mask: Bits8) -> Block8 { Block8(bitPattern: a.bitPattern & mask) }

extension SIMD8 where Scalar == Double {
    /// The lanes' bit patterns.
    @inline(__always) var bitPattern: SIMD8<UInt64> { unsafeBitCast(self, to: SIMD8<UInt64>.self) }

    /// Doubles from bit patterns.
    @inline(__always) init(bitPattern: SIMD8<UInt64>) { self = unsafeBitCast(bitPattern, to: SIMD8<Double>.self) }
}
