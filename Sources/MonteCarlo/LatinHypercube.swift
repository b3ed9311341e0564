/// Latin hypercube sampling over the trials of a run: for each value (and year), the N trials
/// fall one in each of N equiprobable strata of the latent normal, in an order fixed by a keyed
/// permutation.
///
/// Trial t of a run of N trials gets z = Φ⁻¹((π(t) + U)/N), where π is a pseudo-random
/// permutation of 0..<N keyed by (seed, value, year) and U = ``Draws/uniform(key:trial:year:draw:)``
/// places the draw inside its stratum. Both are stateless functions of the trial, so any chunk
/// can be drawn on any thread, in any order, with the same result — and memory never holds more
/// than a chunk.
public enum LatinHypercube {
    /// The stratified latent normal of trial `trial` (0 ≤ trial < totalTrials).
    @inlinable
    public static func latent(key: StreamKey, trial: Int, year: UInt64, permutation: StratumPermutation) -> Double {
        let stratum = permutation[trial]
        let word = Draws.word(key: key, trial: trial, year: year, draw: 0)
        return latent(stratum: stratum, of: permutation.count, word: word)
    }

    /// Φ⁻¹((stratum + U)/N) with U = unitInterval(word), computed from the nearer end so both
    /// tails keep full precision (1 − U is exact for the canonical uniforms).
    @inlinable
    public static func latent(stratum: Int, of count: Int, word: UInt64) -> Double {
        let u = Draws.unitInterval(word)
        let n = Double(count)
        if 2 * stratum < count {
            return StandardNormal.quantile((Double(stratum) + u) / n)
        }
        return -StandardNormal.quantile((Double(count - 1 - stratum) + (1 - u)) / n)
    }

    /// Fills `output[i]` with the stratified latent of trial firstTrial + i.
    public static func fillLatents(
        key: StreamKey, year: UInt64, firstTrial: Int, permutation: StratumPermutation,
        into output: UnsafeMutableBufferPointer<Double>
    ) {
        Draws.fillWords(key: key, year: year, draw: 0, firstTrial: firstTrial, count: output.count) { i, w in
            output[i] = latent(stratum: permutation[firstTrial + i], of: permutation.count, word: w)
        }
    }
}

extension LatinHypercube {
    /// Fills `output[i]` with the stratified uniform (π(t) + U)/N of trial t = firstTrial + i: for
    /// laws read through their CDF, which need no latent normal.
    public static func fillUniforms(
        key: StreamKey, year: UInt64, firstTrial: Int, permutation: StratumPermutation,
        into output: UnsafeMutableBufferPointer<Double>
    ) {
        let n = Double(permutation.count)
        Draws.fillWords(key: key, year: year, draw: 0, firstTrial: firstTrial, count: output.count) { i, w in
            output[i] = (Double(permutation[firstTrial + i]) + Draws.unitInterval(w)) / n
        }
    }
}

/// A keyed, stateless permutation of 0..<count: a Feistel network on the smallest power of two
/// ≥ count (halves of ⌊b/2⌋ and ⌈b/2⌉ bits, six rounds of SplitMix64-mixed round functions),
/// restricted to 0..<count by cycle walking (re-encrypt until the result falls in range; at
/// most two tries expected since the domain is less than twice the count).
public struct StratumPermutation: Sendable, Hashable {
    /// N, the number of strata.
    public let count: Int
    @usableFromInline let bits: Int
    /// The six round keys, as plain stored words (no array to retain in the hot loop).
    @usableFromInline let k0, k1, k2, k3, k4, k5: UInt64

    /// The permutation for a value's key and year (different for every value and year).
    public init(count: Int, key: StreamKey, year: UInt64) {
        precondition(count > 0, "a permutation of no strata")
        self.count = count
        var b = 2
        while (1 << b) < count { b += 1 }
        self.bits = b
        let base = StableHash.mix(key.seed ^ StableHash.mix(key.stream ^ StableHash.mix(year)))
        let k = (0..<6).map { StableHash.mix(base &+ UInt64($0) &* 0x9E37_79B9_7F4A_7C15) }
        (k0, k1, k2, k3, k4, k5) = (k[0], k[1], k[2], k[3], k[4], k[5])
    }

    /// π(i) for i in 0..<count.
    @inlinable
    public subscript(_ i: Int) -> Int {
        var x = UInt64(i)
        repeat { x = encrypt(x) } while x >= UInt64(count)
        return Int(x)
    }

    /// One pass of the Feistel network over `bits` bits: the halves swap sizes every round, and
    /// six rounds bring them back to their original sizes.
    @inlinable
    func encrypt(_ value: UInt64) -> UInt64 {
        // Halves of a and c bits: (L, R) → (R, L ⊕ F(R)), after which the widths are (c, a).
        let a = UInt64(bits / 2), c = UInt64(bits) - a
        let maskA: UInt64 = (1 << a) - 1, maskC: UInt64 = (1 << c) - 1
        var left = value >> c      // a bits
        var right = value & maskC  // c bits
        // Rounds alternate the widths: after rounds 1, 3, 5 the state is (c bits, a bits).
        (left, right) = (right, left ^ (StableHash.mix(right ^ k0) & maskA))  // (c, a)
        (left, right) = (right, left ^ (StableHash.mix(right ^ k1) & maskC))  // (a, c)
        (left, right) = (right, left ^ (StableHash.mix(right ^ k2) & maskA))
        (left, right) = (right, left ^ (StableHash.mix(right ^ k3) & maskC))
        (left, right) = (right, left ^ (StableHash.mix(right ^ k4) & maskA))
        (left, right) = (right, left ^ (StableHash.mix(right ^ k5) & maskC))
        return (left << c) | right
    }
}
