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
    /// No uniform is drawn for an empty chunk; a sparse row draws trial by trial (one Philox
    /// block each), a dense one fills the row (one block per four trials).
    func drawBinomial(
        stream: UInt64, yearIndex y: Int, n count: UnsafePointer<Double>, p: UnsafePointer<Double>,
        into out: UnsafeMutablePointer<Double>
    ) {
        var nonzero = 0
        for i in 0 ..< n where count[i] > 0 { nonzero += 1 }
        if nonzero == 0 {
            out.update(repeating: 0, count: n)
            return
        }
        let key = StreamKey(seed: seed, stream: stream)
        let year = UInt64(truncatingIfNeeded: plan.firstYear + y)
        if nonzero * 4 >= n {
            let u = row(plan.scratch[Scratch.uniforms])
            Draws.fillUniforms(key: key, year: year, draw: 0, firstTrial: firstTrial,
                               into: UnsafeMutableBufferPointer(start: u, count: n))
            for i in 0 ..< n {
                out[i] = count[i] > 0 ? Double(Binomial.quantile(u[i], n: Int(count[i]), p: p[i])) : 0
            }
        } else {
            for i in 0 ..< n {
                if count[i] > 0 {
                    let u = Draws.uniform(key: key, trial: firstTrial + i, year: year, draw: 0)
                    out[i] = Double(Binomial.quantile(u, n: Int(count[i]), p: p[i]))
                } else {
                    out[i] = 0
                }
            }
        }
    }
}
