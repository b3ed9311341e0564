/// The uniforms of the model's random counts, a whole row of trials at a time.
///
/// `CountUniforms.fill` gives exactly ``Draws/uniform(key:trial:year:draw:)`` for every trial of
/// the row (the same Philox blocks, words and conversion) but computes four Philox blocks
/// side by side (``Philox4x64/fourBlocks10(_:_:_:_:key:)``): a single block is a chain of ten
/// dependent multiplications that leaves the multiplier idle most of the time, four chains keep
/// it busy. A row of the model's counts is one call.
public enum CountUniforms {
    /// Fills `output[i]` with U(key, firstTrial + i, year, draw), bit for bit.
    public static func fill(
        key: StreamKey, year: UInt64, draw: UInt64 = 0, firstTrial: Int, into output: UnsafeMutableBufferPointer<Double>
    ) {
        let count = output.count
        guard count > 0 else { return }
        let out = output.baseAddress!
        let k = (key.seed, key.stream)
        var trial = firstTrial
        let end = firstTrial + count
        /// Trials `trial ..< min(end, next multiple of 4)` from one block (the row's ragged ends).
        @inline(__always) func single() {
            let t = UInt64(truncatingIfNeeded: trial)
            let b = Philox4x64.block10(counter: (t >> 2, year, draw, 0), key: k)
            var lane = Int(t & 3)
            while lane < 4 && trial < end {
                out[trial - firstTrial] = Draws.unitInterval(Philox4x64.word(b, lane))
                lane += 1
                trial += 1
            }
        }
        if trial & 3 != 0 { single() }
        // Sixteen trials (four whole blocks) at a time.
        while trial + 16 <= end {
            let t = UInt64(truncatingIfNeeded: trial) >> 2
            let (a, b, c, d) = Philox4x64.fourBlocks10(
                (t, year, draw, 0), (t &+ 1, year, draw, 0), (t &+ 2, year, draw, 0), (t &+ 3, year, draw, 0), key: k)
            let o = out + (trial - firstTrial)
            o[0] = Draws.unitInterval(a.0); o[1] = Draws.unitInterval(a.1)
            o[2] = Draws.unitInterval(a.2); o[3] = Draws.unitInterval(a.3)
            o[4] = Draws.unitInterval(b.0); o[5] = Draws.unitInterval(b.1)
            o[6] = Draws.unitInterval(b.2); o[7] = Draws.unitInterval(b.3)
            o[8] = Draws.unitInterval(c.0); o[9] = Draws.unitInterval(c.1)
            o[10] = Draws.unitInterval(c.2); o[11] = Draws.unitInterval(c.3)
            o[12] = Draws.unitInterval(d.0); o[13] = Draws.unitInterval(d.1)
            o[14] = Draws.unitInterval(d.2); o[15] = Draws.unitInterval(d.3)
            trial += 16
        }
        while trial < end { single() }
    }
}
