/// The canonical draws of the engine: a uniform or a standard normal for every
/// (key, trial, year, draw) — a pure function of those four numbers.
///
/// Counter layout (Philox4x64, 256-bit counter):
/// - main block: `(trial >> 2, year, draw, 0)`; trial `t` uses 64-bit word `t & 3`, so one block
///   serves four consecutive trials and bulk fills use every word;
/// - fallback blocks for a normal whose main word is rejected: `(trial, year, draw, k)`, k = 1, 2, …
/// `year` is the calendar year for `each year` values and ``Draws/perTrial`` for once-per-trial values.
public enum Draws {
    /// The `year` slot of values drawn once per trial.
    public static let perTrial: UInt64 = .max

    /// Uniform in the open interval (0, 1) from the top 52 bits m of a word: (2m + 1)·2⁻⁵³, the
    /// midpoints of 2⁵² equal cells, so never 0, never 1 (between 2⁻⁵³ and 1 − 2⁻⁵³), computed
    /// exactly, and symmetric: `unitInterval(~w) == 1 - unitInterval(w)` bit for bit.
    ///
    /// (Midpoints of 2⁵³ cells would need 54 significant bits: the top one rounds to 1.0.)
    @inlinable
    public static func unitInterval(_ word: UInt64) -> Double {
        Double(((word >> 12) << 1) | 1) * 0x1.0p-53
    }

    /// The raw 64-bit word for `trial`.
    @inlinable
    public static func word(key: StreamKey, trial: Int, year: UInt64, draw: UInt64) -> UInt64 {
        let t = UInt64(truncatingIfNeeded: trial)
        let b = Philox4x64.block(counter: (t >> 2, year, draw, 0), key: (key.seed, key.stream))
        return Philox4x64.word(b, Int(t & 3))
    }

    /// U(key, trial, year, draw) in (0, 1).
    @inlinable
    public static func uniform(key: StreamKey, trial: Int, year: UInt64, draw: UInt64) -> Double {
        unitInterval(word(key: key, trial: trial, year: year, draw: draw))
    }

    /// Fills `output[i]` with U(key, firstTrial + i, year, draw).
    public static func fillUniforms(
        key: StreamKey, year: UInt64, draw: UInt64, firstTrial: Int,
        into output: UnsafeMutableBufferPointer<Double>
    ) {
        fillWords(key: key, year: year, draw: draw, firstTrial: firstTrial, count: output.count) { i, w in
            output[i] = unitInterval(w)
        }
    }

    /// Calls `body(i, word)` for trials firstTrial ..< firstTrial + count, one Philox block per four trials.
    @inlinable
    public static func fillWords(
        key: StreamKey, year: UInt64, draw: UInt64, firstTrial: Int, count: Int,
        _ body: (Int, UInt64) -> Void
    ) {
        guard count > 0 else { return }
        var trial = firstTrial
        let end = firstTrial + count
        while trial < end {
            let t = UInt64(truncatingIfNeeded: trial)
            let b = Philox4x64.block(counter: (t >> 2, year, draw, 0), key: (key.seed, key.stream))
            var lane = Int(t & 3)
            while lane < 4 && trial < end {
                body(trial - firstTrial, Philox4x64.word(b, lane))
                lane += 1
                trial += 1
            }
        }
    }
}
