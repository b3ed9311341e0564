import MonteCarlo

/// What a feeder's projects are computed from in one year (absent values point at the zero row).
private struct FeederRows {
    let cost, duration, wanted, budget: UnsafeMutablePointer<Double>
    /// Written: projects entering and their credit per project-year.
    let projects, credit: UnsafeMutablePointer<Double>
    let zeros: UnsafeMutablePointer<Double>
    let hasProjects, hasBudget: Bool
}

/// Instruments' money and the project pipeline (DESIGN §3 "Pipeline", "Instruments"; §3.1
/// "Timing", "Money").
extension ChunkKernel {
    /// An instrument's own spending in year index `y`: an enabler's budget, annotations, a
    /// challenge's organisation, participants (counted, and paid privately when priced).
    func instrumentSpending(year y: Int) {
        for plan in plan.spending {
            if let b = plan.budget, b.years.contains(y) {
                let v = value(b.parameter, y), pub = series(plan.publicSeries, y)
                let d = Lanes(repeating: b.divisor)
                forEachLanes { i, w in pub.addLanes(i, w, v.lanes(i, w) / d) }
            }
            guard plan.activeYears.contains(y) else { continue }
            if plan.annotationsCount >= 0 {
                let count = value(plan.annotationsCount, y), cost = value(plan.annotationsCost, y)
                let pub = series(plan.publicSeries, y)
                forEachLanes { i, w in pub.addLanes(i, w, maximum(Lanes(), count.lanes(i, w)) * cost.lanes(i, w)) }
            }
            if plan.organisation >= 0 {
                add(value(plan.organisation, y), into: series(plan.publicSeries, y))
            }
            if plan.participants >= 0 {
                let count = value(plan.participants, y)
                let s = series(plan.participantsSeries, y)
                forEachLanes { i, w in s.addLanes(i, w, wholeCounts(count.lanes(i, w))) }
                if plan.participantsCost >= 0 {
                    let cost = value(plan.participantsCost, y), priv = series(plan.privateSeries, y)
                    forEachLanes { i, w in priv.addLanes(i, w, wholeCounts(count.lanes(i, w)) * cost.lanes(i, w)) }
                }
            }
        }
    }

    /// One year of the pipeline: feeders' projects and last year's passers enter, every active
    /// project-year is paid, cohorts that reach the end of their stage pass or fail.
    func pipeline(year y: Int) {
        let lanes = plan.lanes
        // Last year's passers enter their next stage (read straight from the incoming row);
        // entry lanes have no previous stage: the feeders fill them below.
        for l in lanes.indices {
            laneEntered[l] = laneIncoming[l]
            laneIncoming[l] = 0
        }
        for f in plan.feeders.indices where plan.feeders[f].activeYears.contains(y) {
            feed(f, year: y)
        }
        for (l, lane) in lanes.enumerated() where laneEntered[l] != 0 || laneLastExit[l] >= y {
            enterAndPay(l, lane, year: y)
        }
        for (l, lane) in lanes.enumerated() where exitScheduled[l &* years &+ y] != 0 {
            exit(lane, year: y)
        }
    }

    /// Puts feeder `f`'s projects of year `y` into its entry lane(s) with their per-project-year
    /// public money (DESIGN §3.1 "Money").
    private func feed(_ f: Int, year y: Int) {
        let feeder = plan.feeders[f]
        let stage = plan.stages[feeder.entryStage]
        // Budget of the year (0 outside its years), or the zero row when there is none.
        let zeros = row(plan.scratch[Scratch.zeros])
        var budget = zeros
        if let b = feeder.budget {
            budget = row(plan.scratch[Scratch.spare])
            if b.years.contains(y) {
                let v = value(b.parameter, y), divisor = Lanes(repeating: b.divisor), r = budget
                forEachLanes { i, w in r.setLanes(i, w, v.lanes(i, w) / divisor) }
            } else {
                budget.update(repeating: 0, count: n)
            }
        }
        // Absent values read the zero row; the cases below never use them.
        let rows = FeederRows(
            cost: value(stage.cost, y), duration: value(stage.duration, y),
            wanted: feeder.projects >= 0 ? value(feeder.projects, y) : zeros, budget: budget,
            projects: row(plan.scratch[Scratch.projects]), credit: row(plan.scratch[Scratch.creditPerProject]),
            zeros: zeros, hasProjects: feeder.projects >= 0, hasBudget: feeder.budget != nil)
        switch feeder.kind {
        case .experimentationCall: experimentationCallProjects(feeder, year: y, rows)
        case .challenge: challengeProjects(feeder, year: y, rows)
        default: researchCallProjects(feeder, year: y, rows)
        }
        enterLanes(feeder, year: y, projects: rows.projects, credit: rows.credit)
    }

    /// Durations only scale money in a feeder: no horizon bound, just one against overflow.
    private static var durationLimit: Int { 1 << 30 }

    /// An experimentation call's projects: as many as wanted, or as the budget buys at the
    /// State's share of a full entry stage (the fewer of the two when both are given); no credit.
    private func experimentationCallProjects(_ feeder: FeederPlan, year y: Int, _ r: FeederRows) {
        let (cost, duration, wanted, budgetRow, projects, credit) = (r.cost, r.duration, r.wanted, r.budget, r.projects, r.credit)
        let (hasProjects, hasBudget, zeros, limit, zero) = (r.hasProjects, r.hasBudget, r.zeros, Self.durationLimit, Lanes())
        let hasCofunding = feeder.cofunding >= 0
        let cofunding = hasCofunding ? value(feeder.cofunding, y) : zeros
        forEachLanes { i, w in
            var count = hasProjects ? wholeCounts(wanted.lanes(i, w)) : zero
            if hasBudget {
                // The budget buys projects at the State's share of a full entry stage.
                let d = wholeYearValues(duration.lanes(i, w), minimum: 1, limit: limit)
                let share = hasCofunding ? clampedToUnit(cofunding.lanes(i, w)) : zero
                let unit = share * cost.lanes(i, w) * d
                let affordable = floorCounts(budgetRow.lanes(i, w) / unit)
                count = count.replacing(with: hasProjects ? minimum(count, affordable) : affordable, where: unit .> zero)
            }
            projects.setLanes(i, w, count)
            credit.setLanes(i, w, zero)
        }
    }

    /// A challenge's winners and prize pool: the pool (prize, capped by the budget net of
    /// organisation) is public money of the year, shared among the winners over their stage.
    private func challengeProjects(_ feeder: FeederPlan, year y: Int, _ r: FeederRows) {
        let (cost, duration, wanted, budgetRow, projects, credit) = (r.cost, r.duration, r.wanted, r.budget, r.projects, r.credit)
        let (hasProjects, hasBudget, zeros, limit, zero) = (r.hasProjects, r.hasBudget, r.zeros, Self.durationLimit, Lanes())
        let pool = row(plan.scratch[Scratch.pool])
        let hasPrize = feeder.prize >= 0, hasOrganisation = feeder.organisation >= 0
        let prize = hasPrize ? value(feeder.prize, y) : zeros
        let organisation = hasOrganisation ? value(feeder.organisation, y) : zeros
        let pub = series(feeder.publicSeries, y)
        forEachLanes { i, w in
            // The budget, net of organisation, caps the prize pool (or is the pool).
            var p = hasPrize ? maximum(zero, prize.lanes(i, w)) : zero
            if hasBudget {
                let room = maximum(zero, budgetRow.lanes(i, w) - (hasOrganisation ? organisation.lanes(i, w) : zero))
                p = hasPrize ? minimum(p, room) : room
            }
            let d = wholeYearValues(duration.lanes(i, w), minimum: 1, limit: limit)
            var winners = hasProjects ? wholeCounts(wanted.lanes(i, w)) : zero
            if !hasProjects {
                let full = cost.lanes(i, w) * d
                winners = zero.replacing(with: floorCounts(p / full), where: full .> zero)
            }
            pool.setLanes(i, w, p)
            pub.addLanes(i, w, p)
            projects.setLanes(i, w, winners)
            credit.setLanes(i, w, zero.replacing(with: p / winners / d, where: winners .> zero))
        }
    }

    /// A research call's projects and grant per project-year, from whichever of projects, budget
    /// and grant the scenario gives.
    private func researchCallProjects(_ feeder: FeederPlan, year y: Int, _ r: FeederRows) {
        let (cost, duration, wanted, budgetRow, projects, credit) = (r.cost, r.duration, r.wanted, r.budget, r.projects, r.credit)
        let (hasProjects, hasBudget, zeros, limit, zero) = (r.hasProjects, r.hasBudget, r.zeros, Self.durationLimit, Lanes())
        let hasGrant = feeder.grant >= 0
        let grant = hasGrant ? value(feeder.grant, y) : zeros
        forEachLanes { i, w in
            let d = wholeYearValues(duration.lanes(i, w), minimum: 1, limit: limit)
            let fullStage = cost.lanes(i, w) * d
            var count = zero, g = zero
            switch (hasProjects, hasBudget, hasGrant) {
            case (true, false, _):
                count = wholeCounts(wanted.lanes(i, w)); g = hasGrant ? grant.lanes(i, w) : fullStage
            case (_, true, true):
                g = grant.lanes(i, w)
                count = zero.replacing(with: floorCounts(budgetRow.lanes(i, w) / g), where: g .> zero)
                if hasProjects { count = minimum(count, wholeCounts(wanted.lanes(i, w))) }
            case (true, true, false):
                count = wholeCounts(wanted.lanes(i, w))
                g = zero.replacing(with: budgetRow.lanes(i, w) / count, where: count .> zero)
            case (false, true, false):
                g = fullStage
                count = zero.replacing(with: floorCounts(budgetRow.lanes(i, w) / g), where: g .> zero)
            case (false, false, _):
                count = zero  // a grant alone says nothing about how many projects
            }
            projects.setLanes(i, w, count)
            credit.setLanes(i, w, maximum(zero, g) / d)
        }
    }

    /// The year's projects enter the feeder's entry lane, split with its collaborative lane by a
    /// binomial draw when it has one. Entry lanes are fed only here (no earlier stage of this
    /// origin), so their rows are assigned, not added to.
    private func enterLanes(_ feeder: FeederPlan, year y: Int, projects: UnsafeMutablePointer<Double>, credit: UnsafeMutablePointer<Double>) {
        let lane = plan.lanes[feeder.lane]
        let entered = row(lane.entered), creditIn = row(lane.creditEntering)
        laneEntered[feeder.lane] = 1
        if feeder.collaborativeLane >= 0 {
            let c = plan.lanes[feeder.collaborativeLane]
            laneEntered[feeder.collaborativeLane] = 1
            let share = value(feeder.collaborativeShare, y)
            let p = row(plan.scratch[Scratch.probability])
            forEachLanes { i, w in p.setLanes(i, w, clampedToUnit(share.lanes(i, w))) }
            let collaborative = row(plan.scratch[Scratch.collaborative])
            drawBinomial(stream: feeder.collaborativeStream, yearIndex: y, n: projects, p: p, into: collaborative)
            let cEntered = row(c.entered), cCredit = row(c.creditEntering)
            forEachLanes { i, w in
                let together = collaborative.lanes(i, w), all = projects.lanes(i, w), each = credit.lanes(i, w)
                cEntered.setLanes(i, w, together)
                cCredit.setLanes(i, w, together * each)
                entered.setLanes(i, w, all - together)
                creditIn.setLanes(i, w, (all - together) * each)
            }
        } else {
            forEachLanes { i, w in
                let all = projects.lanes(i, w)
                entered.setLanes(i, w, all)
                creditIn.setLanes(i, w, all * credit.lanes(i, w))
            }
        }
    }

    /// Entries of the year join the lane (duration read at entry schedules their exit), and the
    /// lane's active project-years are paid at this year's cost. One fused pass over the trials
    /// (plus a scatter pass in years with entries).
    private func enterAndPay(_ l: Int, _ lane: LanePlan, year y: Int) {
        let stage = plan.stages[lane.stage]
        let zeros = row(plan.scratch[Scratch.zeros])
        let active = row(lane.active), credit = row(lane.credit)
        // Rows of this year's entries (zeros when none); consumed rows are cleared in the pass.
        var entered = zeros, creditIn = zeros
        if laneEntered[l] != 0 {
            entered = lane.isEntry ? row(lane.entered) : row(lane.incoming)
            if lane.isEntry { creditIn = row(lane.creditEntering) }
            let duration = value(stage.duration, y)
            let exits = row(lane.exits), creditExits = row(lane.creditExits)
            let scheduled = exitScheduled + l &* years
            let limit = years + 1
            var last = laneLastExit[l]
            if isUniform(duration) {
                // The usual case (a duration that does not vary between trials): one exit year.
                let e = y + wholeYears(duration[0], minimum: 1, limit: limit) - 1
                last = max(last, e)
                if e < years {
                    add(entered, into: exits + e &* capacity)
                    add(creditIn, into: creditExits + e &* capacity)
                    scheduled[e] = 1
                }
            } else {
                for i in 0 ..< n where entered[i] > 0 {
                    let e = y + wholeYears(duration[i], minimum: 1, limit: limit) - 1
                    last = max(last, e)
                    if e < years {
                        exits[e &* capacity &+ i] += entered[i]
                        creditExits[e &* capacity &+ i] += creditIn[i]
                        scheduled[e] = 1
                    }
                }
            }
            laneLastExit[l] = last
        }
        let enteredOut = series(plan.catalog.entered[lane.stage], y)
        let activeOut = series(plan.catalog.active[lane.stage], y)
        let stageCost = value(stage.cost, y)
        let change = lane.costChange >= 0 ? value(lane.costChange, y) : zeros
        let priv = series(lane.privateSeries, y)
        let pub = lane.publicSeries >= 0 ? series(lane.publicSeries, y) : row(plan.scratch[Scratch.sink])

        /// Trials i ..< i + w join their entries, are counted, clear the consumed entry rows, and
        /// give the active projects, the credit they hold and this year's cost of a project-year.
        @inline(__always) func join(_ i: Int, _ w: Int) -> (active: Lanes, credit: Lanes, cost: Lanes) {
            let e = entered.lanes(i, w)
            let a = active.lanes(i, w) + e, c = credit.lanes(i, w) + creditIn.lanes(i, w)
            active.setLanes(i, w, a)
            credit.setLanes(i, w, c)
            enteredOut.addLanes(i, w, e)
            activeOut.addLanes(i, w, a)
            entered.setLanes(i, w, Lanes())
            creditIn.setLanes(i, w, Lanes())
            let cost = stageCost.lanes(i, w) * (1 + change.lanes(i, w))
            return (a, c, cost.replacing(with: 0, where: cost .< 0))
        }
        switch lane.funding {
        case .credit(let publicPays):
            // The grant (or prize share) per project-year is public; the rest of the cost private.
            let credited = publicPays ? pub : row(plan.scratch[Scratch.sink])
            forEachLanes { i, w in
                let j = join(i, w)
                let beyond = j.active * j.cost - j.credit
                priv.addLanes(i, w, beyond.replacing(with: 0, where: beyond .< 0))
                credited.addLanes(i, w, j.credit)
            }
        case .cofunding(let p):
            let share = value(p, y)
            forEachLanes { i, w in
                let j = join(i, w)
                let total = j.active * j.cost
                let s = share.lanes(i, w)
                let publicPart = s.replacing(with: 0, where: s .< 0).replacing(with: 1, where: s .> 1) * total
                pub.addLanes(i, w, publicPart)
                priv.addLanes(i, w, total - publicPart)
            }
        case .privateOnly:
            forEachLanes { i, w in
                let j = join(i, w)
                priv.addLanes(i, w, j.active * j.cost)
            }
        }
    }

    /// Cohorts at the end of their stage leave it: passers (success read now) go to the next
    /// stage next year, or launch next year after the last stage; the rest fail this year.
    private func exit(_ lane: LanePlan, year y: Int) {
        let leaving = row(lane.exits) + y &* capacity
        let active = row(lane.active), credit = row(lane.credit)
        let creditLeaving = row(lane.creditExits) + y &* capacity
        let stage = plan.stages[lane.stage]
        var success = value(stage.success, y)
        if lane.successShift >= 0 {
            let shift = value(lane.successShift, y), p = row(plan.scratch[Scratch.probability])
            forEachLanes { i, w in p.setLanes(i, w, clampedToUnit(success.lanes(i, w) + shift.lanes(i, w))) }
            success = p
        }
        let passers = row(plan.scratch[Scratch.passers])
        drawBinomial(stream: lane.passageStream, yearIndex: y, n: leaving, p: success, into: passers)
        let failed = series(plan.catalog.failed[lane.stage], y)
        let target: UnsafeMutablePointer<Double>
        if lane.next >= 0 {
            target = row(plan.lanes[lane.next].incoming)
            laneIncoming[lane.next] = 1
        } else {
            target = row(plan.feeders[lane.feeder].launchPending)
        }
        forEachLanes { i, w in
            let out = leaving.lanes(i, w), passed = passers.lanes(i, w)
            let a = active.lanes(i, w) - out
            active.setLanes(i, w, a)
            // Money leaves with its projects; an empty lane holds no credit (no round-off residue).
            credit.setLanes(i, w, (credit.lanes(i, w) - creditLeaving.lanes(i, w)).replacing(with: 0, where: a .<= 0))
            failed.addLanes(i, w, out - passed)
            target.addLanes(i, w, passed)
            // Consumed: the schedule rows are zero again for the next chunk.
            leaving.setLanes(i, w, Lanes())
            creditLeaving.setLanes(i, w, Lanes())
        }
    }
}
