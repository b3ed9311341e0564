import MonteCarlo

/// Instruments' money and the project pipeline (DESIGN §3 "Pipeline", "Instruments"; §3.1
/// "Timing", "Money").
extension ChunkKernel {
    /// An instrument's own spending in year index `y`: an enabler's budget, annotations, a
    /// challenge's organisation, participants (counted, and paid privately when priced).
    func instrumentSpending(year y: Int) {
        for plan in plan.spending {
            if let b = plan.budget, b.years.contains(y) {
                let v = value(b.parameter, y), pub = series(plan.publicSeries, y)
                let d = b.divisor
                for i in 0 ..< n { pub[i] += v[i] / d }
            }
            guard plan.activeYears.contains(y) else { continue }
            if plan.annotationsCount >= 0 {
                let count = value(plan.annotationsCount, y), cost = value(plan.annotationsCost, y)
                let pub = series(plan.publicSeries, y)
                for i in 0 ..< n { pub[i] += max(0, count[i]) * cost[i] }
            }
            if plan.organisation >= 0 {
                let v = value(plan.organisation, y), pub = series(plan.publicSeries, y)
                for i in 0 ..< n { pub[i] += v[i] }
            }
            if plan.participants >= 0 {
                let count = value(plan.participants, y)
                let s = series(plan.participantsSeries, y)
                for i in 0 ..< n { s[i] += wholeCount(count[i]) }
                if plan.participantsCost >= 0 {
                    let cost = value(plan.participantsCost, y), priv = series(plan.privateSeries, y)
                    for i in 0 ..< n { priv[i] += wholeCount(count[i]) * cost[i] }
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
        let cost = value(stage.cost, y), duration = value(stage.duration, y)
        let projects = row(plan.scratch[Scratch.projects])
        let credit = row(plan.scratch[Scratch.creditPerProject])
        // Durations only scale money here: no horizon bound, just one against overflow.
        let limit = 1 << 30
        let hasProjects = feeder.projects >= 0
        let hasBudget = feeder.budget != nil
        // Budget of the year (0 outside its years), or nil.
        var budget: UnsafeMutablePointer<Double>?
        if let b = feeder.budget {
            let r = row(plan.scratch[Scratch.spare])
            if b.years.contains(y) {
                let v = value(b.parameter, y)
                for i in 0 ..< n { r[i] = v[i] / b.divisor }
            } else {
                r.update(repeating: 0, count: n)
            }
            budget = r
        }
        let wanted = hasProjects ? value(feeder.projects, y) : nil

        switch feeder.kind {
        case .experimentationCall:
            let cofunding = feeder.cofunding >= 0 ? value(feeder.cofunding, y) : nil
            for i in 0 ..< n {
                var count = wanted.map { wholeCount($0[i]) } ?? 0
                if let budget {
                    // The budget buys projects at the State's share of a full entry stage.
                    let d = Double(wholeYears(duration[i], minimum: 1, limit: limit))
                    let share = cofunding.map { min(1, max(0, $0[i])) } ?? 0
                    let unit = share * cost[i] * d
                    if unit > 0 {
                        let affordable = floorCount(budget[i] / unit)
                        count = hasProjects ? min(count, affordable) : affordable
                    }
                }
                projects[i] = count
                credit[i] = 0
            }
        case .challenge:
            let pool = row(plan.scratch[Scratch.pool])
            let prize = feeder.prize >= 0 ? value(feeder.prize, y) : nil
            let organisation = feeder.organisation >= 0 ? value(feeder.organisation, y) : nil
            let pub = series(feeder.publicSeries, y)
            for i in 0 ..< n {
                // The budget, net of organisation, caps the prize pool (or is the pool).
                var p = prize.map { max(0, $0[i]) } ?? 0
                if let budget {
                    let room = max(0, budget[i] - (organisation.map { $0[i] } ?? 0))
                    p = prize != nil ? min(p, room) : room
                }
                let d = Double(wholeYears(duration[i], minimum: 1, limit: limit))
                var winners = wanted.map { wholeCount($0[i]) } ?? 0
                if !hasProjects {
                    let full = cost[i] * d
                    winners = full > 0 ? floorCount(p / full) : 0
                }
                pool[i] = p
                pub[i] += p
                projects[i] = winners
                credit[i] = winners > 0 ? p / winners / d : 0
            }
        default:  // research_call
            let grant = feeder.grant >= 0 ? value(feeder.grant, y) : nil
            for i in 0 ..< n {
                let d = Double(wholeYears(duration[i], minimum: 1, limit: limit))
                let fullStage = cost[i] * d
                var count = 0.0, g = 0.0
                switch (hasProjects, hasBudget, grant) {
                case (true, false, let grant):
                    count = wholeCount(wanted![i]); g = grant.map { $0[i] } ?? fullStage
                case (_, true, .some(let grant)):
                    g = grant[i]
                    count = g > 0 ? floorCount(budget![i] / g) : 0
                    if hasProjects { count = min(count, wholeCount(wanted![i])) }
                case (true, true, nil):
                    count = wholeCount(wanted![i]); g = count > 0 ? budget![i] / count : 0
                case (false, true, nil):
                    g = fullStage; count = g > 0 ? floorCount(budget![i] / g) : 0
                case (false, false, _):
                    count = 0  // a grant alone says nothing about how many projects
                }
                projects[i] = count
                credit[i] = max(0, g) / d
            }
        }

        // Entry lanes are fed only here (no earlier stage of this origin), so they are assigned.
        let lane = plan.lanes[feeder.lane]
        let entered = row(lane.entered), creditIn = row(lane.creditEntering)
        laneEntered[feeder.lane] = 1
        if feeder.collaborativeLane >= 0 {
            let c = plan.lanes[feeder.collaborativeLane]
            laneEntered[feeder.collaborativeLane] = 1
            let share = value(feeder.collaborativeShare, y)
            let p = row(plan.scratch[Scratch.probability])
            for i in 0 ..< n { p[i] = min(1, max(0, share[i])) }
            let collaborative = row(plan.scratch[Scratch.collaborative])
            drawBinomial(stream: feeder.collaborativeStream, yearIndex: y, n: projects, p: p, into: collaborative)
            let cEntered = row(c.entered), cCredit = row(c.creditEntering)
            for i in 0 ..< n {
                cEntered[i] = collaborative[i]
                cCredit[i] = collaborative[i] * credit[i]
                entered[i] = projects[i] - collaborative[i]
                creditIn[i] = (projects[i] - collaborative[i]) * credit[i]
            }
        } else {
            for i in 0 ..< n {
                entered[i] = projects[i]
                creditIn[i] = projects[i] * credit[i]
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
        var success = UnsafePointer(value(stage.success, y))
        if lane.successShift >= 0 {
            let shift = value(lane.successShift, y), p = row(plan.scratch[Scratch.probability])
            for i in 0 ..< n { p[i] = min(1, max(0, success[i] + shift[i])) }
            success = UnsafePointer(p)
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
