import MonteCarlo

/// One call of ``SimulationModel/simulate(firstTrial:seed:parameters:workspace:into:)``: raw
/// pointers into the workspace arena and the chunk output, and the plan that names the rows.
///
/// Years are the outer loop and trials the inner one: every inner loop runs over `n` contiguous
/// doubles. The kernel lives only inside the `withUnsafe…` scopes of `simulate`.
struct ChunkKernel {
    let plan: ModelPlan
    let discountFactors: [Double]
    let arena: UnsafeMutablePointer<Double>
    /// Stride of an arena row.
    let capacity: Int
    let out: UnsafeMutablePointer<Double>
    /// Stride of an output row.
    let outCapacity: Int
    let scalars: UnsafeMutablePointer<Double>
    /// The workspace's integers (see ``ModelPlan``'s bookkeeping offsets).
    let bookkeeping: UnsafeMutablePointer<Int>
    /// First operating year index of each cohort (family-major), `Int.max` when empty.
    var cohortStart: UnsafeMutablePointer<Int> { bookkeeping + plan.cohortStartOffset }
    /// Last exit year index scheduled in each lane, -1 when none.
    var laneLastExit: UnsafeMutablePointer<Int> { bookkeeping + plan.laneLastExitOffset }
    /// 1 when passers wait in a lane's incoming row.
    var laneIncoming: UnsafeMutablePointer<Int> { bookkeeping + plan.laneIncomingOffset }
    /// 1 when projects entered a lane this year.
    var laneEntered: UnsafeMutablePointer<Int> { bookkeeping + plan.laneEnteredOffset }
    /// 1 when some cohort of lane l leaves at the end of year y: `[l * years + y]`.
    var exitScheduled: UnsafeMutablePointer<Int> { bookkeeping + plan.exitScheduledOffset }
    /// Trials in the chunk.
    let n: Int
    let firstTrial: Int
    let seed: UInt64

    var years: Int { plan.years }

    /// Arena row `slot`.
    @inline(__always) func row(_ slot: Int) -> UnsafeMutablePointer<Double> { arena + slot &* capacity }

    /// Output row of series `s` in year index `y`.
    @inline(__always) func series(_ s: Int, _ y: Int) -> UnsafeMutablePointer<Double> {
        out + (s &* plan.years &+ y) &* outCapacity
    }

    /// The value of parameter `p` in year index `y` (after effects).
    @inline(__always) func value(_ p: Int, _ y: Int) -> UnsafeMutablePointer<Double> { row(plan.slot(p, year: y)) }

    /// Simulates the chunk; returns the number of trials whose pathway shares were scaled down.
    func run(parameters: ParameterBlock) -> Int {
        loadParameters(parameters)
        applyEffects()
        row(plan.scratch[Scratch.zeros]).update(repeating: 0, count: n)
        row(plan.scratch[Scratch.ones]).update(repeating: 1, count: n)
        // One memset each for the state rows and the whole output (hundreds of short rows would
        // pay a call each); rows are contiguous, padding past `n` included.
        let state = plan.stateSlots
        row(state.lowerBound).update(repeating: 0, count: state.count * capacity)
        out.update(repeating: 0, count: plan.catalog.series.count * years * outCapacity)
        bookkeeping.update(repeating: 0, count: plan.bookkeepingCount)
        laneLastExit.update(repeating: -1, count: plan.lanes.count)
        for y in 0 ..< years {
            if plan.sustainability != nil {
                launchAndOperate(year: y)
            } else {
                launchWithoutSustainability(year: y)
            }
            instrumentSpending(year: y)
            pipeline(year: y)
        }
        closeLedger()
        computeScalars()
        computeNetBenefit()
        let flag = row(plan.sharesScaledFlag)
        var scaled = 0
        for i in 0 ..< n { scaled &+= flag[i] > 0 ? 1 : 0 }
        return scaled
    }

    // MARK: Parameters and effects

    /// Copies the sampled values into the arena; a targeted per-trial value is copied into every
    /// year's row so that effects can change it year by year.
    private func loadParameters(_ block: ParameterBlock) {
        for p in 0 ..< plan.parameterSlot.count {
            let perYear = plan.parameterPerYear[p]
            if block.eachYear[p] {
                for y in 0 ..< years {
                    block.withRow(p, year: y) { src in value(p, y).update(from: src.baseAddress!, count: n) }
                }
            } else {
                block.withRow(p, year: 0) { src in
                    for y in 0 ..< (perYear ? years : 1) { value(p, y).update(from: src.baseAddress!, count: n) }
                }
            }
        }
    }

    /// DESIGN §3.1: `%` effects multiply first, then `pp` and year effects add, then the value is
    /// clamped to its domain. An effect's size is read from its own (unaffected) parameter.
    private func applyEffects() {
        if !plan.scalings.isEmpty { computeScalings() }
        for effect in plan.effects {
            for y in 0 ..< years {
                var acting = false
                let v = value(effect.target, y)
                for term in effect.terms where term.years.contains(y) {
                    acting = true
                    let c = value(term.change, y)
                    if let scale = term.scale {
                        // The change times the money scaling s (see ``computeScalings()``); a
                        // scaled year change is rounded to whole years, an unscaled one (s = 1)
                        // is left as drawn.
                        let scaling = plan.scalings[scale]
                        let s = row(scaling.rows + (scaling.perYear ? y : 0))
                        switch term.kind {
                        case .percent: for i in 0 ..< n { v[i] *= 1 + c[i] * s[i] }
                        case .percentagePoints: for i in 0 ..< n { v[i] += c[i] * s[i] }
                        case .years: for i in 0 ..< n { v[i] += s[i] == 1 ? c[i] : (c[i] * s[i]).rounded() }
                        }
                    } else if term.kind == .percent {
                        for i in 0 ..< n { v[i] *= 1 + c[i] }
                    } else {
                        for i in 0 ..< n { v[i] += c[i] }
                    }
                }
                guard acting else { continue }
                switch effect.clamp {
                case .unit: for i in 0 ..< n { v[i] = min(1, max(0, v[i])) }
                case .nonNegative: for i in 0 ..< n { v[i] = max(0, v[i]) }
                case .nonNegativeWhole: for i in 0 ..< n { v[i] = wholeCount(v[i]) }
                case .wholeAtLeast(let lo):
                    for i in 0 ..< n { v[i] = max(lo, v[i].rounded()) }
                case .none: break
                }
            }
        }
    }

    // MARK: Small helpers

    /// True when some trial of the row is positive.
    @inline(__always) func anyPositive(_ r: UnsafeMutablePointer<Double>) -> Bool {
        var i = 0
        while i &+ 4 <= n {
            if any(r.lanes(i, 4) .> Lanes()) { return true }
            i &+= 4
        }
        while i < n {
            if r[i] > 0 { return true }
            i &+= 1
        }
        return false
    }

    /// The number of trials of the row holding a positive value, four at a time without a branch
    /// per trial (the compiler does not vectorise the scalar count).
    @inline(__always) func positiveCount(_ r: UnsafeMutablePointer<Double>) -> Int {
        var counts = SIMD4<UInt64>()
        var i = 0
        while i &+ 4 <= n {
            counts &+= unsafeBitCast(r.lanes(i, 4) .> Lanes(), to: SIMD4<UInt64>.self) & 1
            i &+= 4
        }
        var total = Int(counts.wrappedSum())
        while i < n {
            total &+= r[i] > 0 ? 1 : 0
            i &+= 1
        }
        return total
    }

    /// True when every trial of the row holds the same value.
    @inline(__always) func isUniform(_ r: UnsafeMutablePointer<Double>) -> Bool {
        let first = Lanes(repeating: r[0])
        var same = SIMDMask<SIMD4<Int64>>(repeating: true)
        forEachLanes { i, w in same .&= (r.lanes(i, w) .== first) .| (Lanes(repeating: Double(w)) .<= Lanes(0, 1, 2, 3)) }
        return all(same)
    }

    /// `dst[i] += src[i]`.
    @inline(__always) func add(_ src: UnsafeMutablePointer<Double>, into dst: UnsafeMutablePointer<Double>) {
        forEachLanes { i, w in dst.addLanes(i, w, src.lanes(i, w)) }
    }
}

/// A whole number of years from a drawn value: rounded half away from zero, at least `minimum`,
/// and at most `limit` (a value past the horizon acts like the horizon's end; NaN too).
/// Rounds by truncating x + 0.5 rather than calling libm's `round`, which the hot loops would
/// otherwise call once per trial.
@inline(__always) func wholeYears(_ x: Double, minimum: Int, limit: Int) -> Int {
    guard x < Double(limit) else { return limit }
    guard x >= Double(minimum) else { return minimum }
    return Int(x + 0.5)
}

/// A count from a drawn value: rounded half away from zero, never negative.
@inline(__always) func wholeCount(_ x: Double) -> Double {
    guard x > 0 else { return 0 }
    return x < 0x1p52 ? Double(Int64(x + 0.5)) : x
}

/// ⌊x⌋ tolerant of division round-off (`0.9 / 0.3` is 2.9999999999999996 in binary): a ratio
/// within 1e-9 of the next whole number counts as that number.
@inline(__always) func floorCount(_ x: Double) -> Double {
    guard x > 0 else { return 0 }
    return x < 0x1p52 ? Double(Int64(x + 1e-9)) : x
}
