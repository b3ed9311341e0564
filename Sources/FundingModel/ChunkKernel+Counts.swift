import MonteCarlo

/// Random counts with common random numbers (DESIGN §3.1 last bullet, §4).
///
/// Every random count of the model is an exact inversion `Binomial.quantile(U, n, p)` of one
/// uniform `U = Draws.uniform(key: (seed, hash(name)), trial, year: calendar year, draw: 0)`.
/// The names:
///
/// | name | what | year slot |
/// |---|---|---|
/// | `passage:<stage>:<origin>` | passers of a stage among a feeder's projects leaving it | year of the exit |
/// | `passage:<stage>:<origin>:collaborative` | the same for an experimentation call's collaborative projects (entry stage) | year of the exit |
/// | `collaborative:<origin>` | collaborative projects among a call's projects of the year | year of entry |
/// | `pathway:<origin>:<pathway>` | solutions taking a pathway among those left (conditional binomials in declared order) | year of launch |
///
/// Because a count depends only on (seed, name, trial, year) and inversion is monotone in `n`
/// and `p`, a mix with more projects or a higher success sees counts coupled monotonically to the
/// baseline's, whatever else differs.
extension ChunkKernel {
    /// `out[i]` = Binomial⁻¹(U(stream, trial i, year), n[i], p[i]), 0 where n[i] = 0.
    ///
    /// No uniform is drawn for an empty chunk. A row with at least a quarter of nonempty trials
    /// fills the uniforms of the whole row (``CountUniforms``: one Philox block per four trials,
    /// four blocks at a time) and inverts it in blocks of eight
    /// (``Binomial/fillQuantiles(u:n:p:into:)``); a sparser one gathers its nonempty trials
    /// (one Philox block each), inverts them together and scatters the counts back. Gathering
    /// a dense row costs more than the empty laws it would spare.
    func drawBinomial(
        stream: UInt64, yearIndex y: Int, n count: UnsafePointer<Double>, p: UnsafePointer<Double>,
        into out: UnsafeMutablePointer<Double>
    ) {
        let nonzero = positiveCount(UnsafeMutablePointer(mutating: count))
        if nonzero == 0 {
            out.update(repeating: 0, count: n)
            return
        }
        let key = StreamKey(seed: seed, stream: stream)
        let year = UInt64(truncatingIfNeeded: plan.firstYear + y)
        let u = row(plan.scratch[Scratch.uniforms])
        if nonzero * 4 >= n {
            CountUniforms.fill(key: key, year: year, firstTrial: firstTrial, into: UnsafeMutableBufferPointer(start: u, count: n))
            Binomial.fillQuantiles(u: UnsafeBufferPointer(start: u, count: n), n: UnsafeBufferPointer(start: count, count: n),
                                   p: UnsafeBufferPointer(start: p, count: n), into: UnsafeMutableBufferPointer(start: out, count: n))
        } else {
            let gatheredN = row(plan.scratch[Scratch.gatheredCount]), gatheredP = row(plan.scratch[Scratch.gatheredProbability])
            let drawn = row(plan.scratch[Scratch.gatheredDrawn])
            var k = 0
            for i in 0 ..< n where count[i] > 0 {
                u[k] = Draws.uniform(key: key, trial: firstTrial + i, year: year, draw: 0)
                gatheredN[k] = count[i]
                gatheredP[k] = p[i]
                k += 1
            }
            Binomial.fillQuantiles(u: UnsafeBufferPointer(start: u, count: k), n: UnsafeBufferPointer(start: gatheredN, count: k),
                                   p: UnsafeBufferPointer(start: gatheredP, count: k), into: UnsafeMutableBufferPointer(start: drawn, count: k))
            k = 0
            for i in 0 ..< n {
                if count[i] > 0 {
                    out[i] = drawn[k]
                    k += 1
                } else {
                    out[i] = 0
                }
            }
        }
    }
}
