import MonteCarlo

/// Beyond proof of concept (DESIGN §3 "Beyond proof of concept", §3.1): launches split over
/// pathways, Bass adoption per solution, revenue, opex, exit, savings and caps.
///
/// Solutions launched in the same year on the same pathway read the same shares, delay and price
/// and then evolve identically, so they are kept as one cohort per (launch year, pathway) with a
/// count: cohort state is the count still operating, the expected adopting sites of one solution,
/// the run of years below breakeven, the first operating year and the price read at launch.
extension ChunkKernel {
    /// Without a `sustainability` block solutions launch and stay active; nothing else happens.
    func launchWithoutSustainability(year y: Int) {
        let active = row(plan.activeSolutions), launched = series(plan.catalog.launched, y)
        for feeder in plan.feeders {
            let pending = row(feeder.launchPending)
            add(pending, into: launched)
            add(pending, into: active)
            pending.update(repeating: 0, count: n)
        }
        series(plan.catalog.solutionsActive, y).update(from: active, count: n)
    }

    /// Year index `y`: last year's passers launch and take pathways, then every cohort operates.
    func launchAndOperate(year y: Int) {
        let s = plan.sustainability!
        let active = row(plan.activeSolutions)
        if y == 0 || plan.sharesVaryByYear { shareTotals(year: y, s) }
        if plan.feeders.contains(where: { anyPositive(row($0.launchPending)) }) {
            launch(year: y, s)
        } else {
            for k in s.solutionPathways.indices { cohortStart[k &* years &+ y] = .max }
        }
        operate(year: y, s)
        series(plan.catalog.solutionsActive, y).update(from: active, count: n)
    }

    /// The sum of the drawn pathways' shares of year `y` and their conditional probabilities
    /// (kept in scratch rows for every later year when shares never vary by year); a trial whose
    /// sum exceeds 100% in any year is flagged (its shares are scaled down), whether or not it
    /// launches anything that year, so the count never depends on the chunk.
    private func shareTotals(year y: Int, _ s: SustainabilityPlan) {
        let total = row(plan.scratch[Scratch.shareTotal])
        total.update(repeating: 0, count: n)
        for j in s.drawn {
            let share = value(s.pathways[j].share, y)
            forEachLanes { i, w in total.addLanes(i, w, clampedToUnit(share.lanes(i, w))) }
        }
        let flag = row(plan.sharesScaledFlag)
        let one = Lanes(repeating: 1)
        forEachLanes { i, w in flag.setLanes(i, w, flag.lanes(i, w).replacing(with: one, where: total.lanes(i, w) .> one)) }
        // Conditional probabilities of the drawn pathways (the same for every origin): shares
        // above 100% in total are scaled down so that they sum to 1.
        let mass = row(plan.scratch[Scratch.mass])
        mass.update(repeating: 1, count: n)
        for (c, j) in s.drawn.enumerated() {
            let share = value(s.pathways[j].share, y), p = row(s.conditional[c])
            forEachLanes { i, w in
                let scaled = clampedToUnit(share.lanes(i, w)) / maximum(one, total.lanes(i, w))
                let m = mass.lanes(i, w)
                p.setLanes(i, w, Lanes().replacing(with: minimum(one, scaled / m), where: m .> Lanes()))
                mass.setLanes(i, w, m - scaled)
            }
        }
    }

    /// Base row of cohort (launch year `l`, family `k`).
    @inline(__always) private func cohort(_ s: SustainabilityPlan, family k: Int, launch l: Int) -> Int {
        s.cohortBase + (k &* years &+ l) &* SustainabilityPlan.cohortRows
    }

    /// Splits each feeder's launches over the pathways by conditional binomials in declared
    /// order (`rest`, or the cliff when there is no `rest`, takes what is left), then sets up the
    /// year's cohorts with the delay and price read at launch.
    private func launch(year y: Int, _ s: SustainabilityPlan) {
        let activeStock = row(plan.activeSolutions)
        let launched = series(plan.catalog.launched, y)
        let cliff = series(plan.catalog.cliff, y)
        for k in s.solutionPathways.indices {
            row(cohort(s, family: k, launch: y) + SustainabilityPlan.count).update(repeating: 0, count: n)
        }
        let remaining = row(plan.scratch[Scratch.remaining]), drawn = row(plan.scratch[Scratch.drawn])
        for feeder in plan.feeders {
            let pending = row(feeder.launchPending)
            guard anyPositive(pending) else { continue }
            forEachLanes { i, w in
                let x = pending.lanes(i, w)
                launched.addLanes(i, w, x)
                activeStock.addLanes(i, w, x)
                remaining.setLanes(i, w, x)
                pending.setLanes(i, w, Lanes())
            }
            for (c, j) in s.drawn.enumerated() {
                drawBinomial(stream: feeder.pathwayStreams[j], yearIndex: y, n: remaining, p: row(s.conditional[c]), into: drawn)
                let target = destination(of: j, year: y, s)
                forEachLanes { i, w in
                    let d = drawn.lanes(i, w)
                    remaining.setLanes(i, w, remaining.lanes(i, w) - d)
                    target.addLanes(i, w, d)
                }
            }
            add(remaining, into: s.rest.map { destination(of: $0, year: y, s) } ?? cliff)
        }
        // The cliff's solutions leave the stock in their launch year.
        forEachLanes { i, w in activeStock.setLanes(i, w, activeStock.lanes(i, w) - cliff.lanes(i, w)) }

        for (k, j) in s.solutionPathways.enumerated() {
            let base = cohort(s, family: k, launch: y)
            let count = row(base + SustainabilityPlan.count)
            cohortStart[k &* years &+ y] = .max
            guard anyPositive(count) else { continue }
            let pathway = s.pathways[j]
            let from = row(base + SustainabilityPlan.operatingFrom), price = row(base + SustainabilityPlan.price)
            let sites = row(base + SustainabilityPlan.sites), below = row(base + SustainabilityPlan.below)
            let delay = pathway.delay >= 0 ? value(pathway.delay, y) : row(plan.scratch[Scratch.zeros])
            let tariff = pathway.price >= 0 ? value(pathway.price, y) : row(plan.scratch[Scratch.zeros])
            // The earliest first operating year of a nonempty trial, lane by lane.
            var earliest = Lanes(repeating: .infinity)
            let launchYear = Lanes(repeating: Double(y))
            forEachLanes { i, w in
                let f = launchYear + wholeYearValues(delay.lanes(i, w), minimum: 0, limit: years)
                from.setLanes(i, w, f)
                price.setLanes(i, w, tariff.lanes(i, w))
                sites.setLanes(i, w, Lanes())
                below.setLanes(i, w, Lanes())
                earliest = earliest.replacing(with: minimum(earliest, f), where: count.lanes(i, w) .> Lanes())
            }
            let start = earliest.min()
            // A cohort whose first operating year is past the horizon never needs a look.
            cohortStart[k &* years &+ y] = start < Double(years) ? Int(start) : .max
        }
    }

    /// The count row that solutions taking pathway `j` in year `y` join: its cohort, or the cliff.
    @inline(__always) private func destination(of j: Int, year y: Int, _ s: SustainabilityPlan) -> UnsafeMutablePointer<Double> {
        let k = s.pathways[j].solutionIndex
        return k < 0 ? series(plan.catalog.cliff, y) : row(cohort(s, family: k, launch: y) + SustainabilityPlan.count)
    }

    /// One year of every live cohort: Bass growth, caps, revenue against opex, exit, savings.
    ///
    /// Inner loops are branch-free (masks and selects over plain pointers; absent values point
    /// at constant rows) so that they vectorise. A cohort of a capped pathway needs two passes
    /// (its payer's demand decides the factor applied to all its cohorts); an uncapped one is
    /// advanced in a single pass.
    private func operate(year y: Int, _ s: SustainabilityPlan) {
        let zeros = row(plan.scratch[Scratch.zeros])
        let exitYears = row(plan.scratch[Scratch.exitYears])
        if s.exitAfter >= 0 {
            let k = value(s.exitAfter, y), limit = years + 1
            forEachLanes { i, w in exitYears.setLanes(i, w, wholeYearValues(k.lanes(i, w), minimum: 1, limit: limit)) }
        } else {
            exitYears.update(repeating: .infinity, count: n)
        }
        var anyLive = false
        for k in s.solutionPathways.indices {
            for l in 0 ... y where cohortStart[k &* years &+ l] <= y { anyLive = true }
        }
        guard anyLive else { return }
        let rows = OperatingRows(
            market: value(s.market, y), usesPerSite: value(s.uses, y), bassP: value(s.bassP, y), bassQ: value(s.bassQ, y),
            fixed: s.opexFixed >= 0 ? value(s.opexFixed, y) : zeros, perSite: s.opexPerSite >= 0 ? value(s.opexPerSite, y) : zeros,
            exitYears: exitYears, ones: row(plan.scratch[Scratch.ones]), sink: row(plan.scratch[Scratch.sink]))
        capDemand(year: y, s, rows)
        capFactors(year: y, s)
        settleCohorts(year: y, s, rows)
        usesAndSavings(year: y, s, rows)
    }

    /// Pass 1 of ``operate(year:_:)`` (capped pathways): Bass growth before the cap, and the
    /// payer's demand from sites already adopting and from new adopters.
    private func capDemand(year y: Int, _ s: SustainabilityPlan, _ rows: OperatingRows) {
        let (market, usesPerSite, bassP, bassQ, ones) = (rows.market, rows.usesPerSite, rows.bassP, rows.bassQ, rows.ones)
        let yd = Double(y)
        for cap in s.caps {
            row(cap.demandKept).update(repeating: 0, count: n)
            row(cap.demandNew).update(repeating: 0, count: n)
        }
        for (k, j) in s.solutionPathways.enumerated() where s.pathways[j].cap >= 0 {
            let pathway = s.pathways[j]
            let cap = s.caps[pathway.cap]
            let demandKept = row(cap.demandKept), demandNew = row(cap.demandNew)
            let perSiteUnit = pathway.priceKind == .tariff ? usesPerSite : ones
            for l in 0 ... y where cohortStart[k &* years &+ l] <= y {
                let c = Cohort(kernel: self, base: cohort(s, family: k, launch: l))
                forEachLanes { i, w in
                    let g = bass(count: c.count.lanes(i, w), from: c.operatingFrom.lanes(i, w), sites: c.sites.lanes(i, w),
                                 year: yd, market: market.lanes(i, w), p: bassP.lanes(i, w), q: bassQ.lanes(i, w))
                    c.weight.setLanes(i, w, g.weight)
                    c.sites.setLanes(i, w, g.kept)
                    c.newSites.setLanes(i, w, g.added)
                    let unit = g.weight * c.price.lanes(i, w) * perSiteUnit.lanes(i, w)
                    demandKept.addLanes(i, w, unit * g.kept)
                    demandNew.addLanes(i, w, unit * g.added)
                }
            }
        }

    }

    /// Pass 2 of ``operate(year:_:)``: each cap's breach indicator and the factor its policy applies.
    private func capFactors(year y: Int, _ s: SustainabilityPlan) {
        for cap in s.caps {
            let amount = value(cap.amount, y)
            let kept = row(cap.demandKept), new = row(cap.demandNew), factor = row(cap.factor)
            let breached = series(cap.breachedSeries, y)
            let zero = Lanes(), one = Lanes(repeating: 1)
            switch cap.policy {
            case .ration:
                // New adopters admitted pro rata to the room the existing sites leave.
                forEachLanes { i, w in
                    let (k, a, m) = (kept.lanes(i, w), new.lanes(i, w), amount.lanes(i, w))
                    let over = k + a .> m
                    breached.setLanes(i, w, zero.replacing(with: one, where: over))
                    let room = zero.replacing(with: clampedToUnit((m - k) / a), where: a .> zero)
                    factor.setLanes(i, w, one.replacing(with: room, where: over))
                }
            case .priceVolume:
                // Prices scaled so that spend equals the cap; the factor is shaved by 2⁻⁴⁰
                // (about 1e-12) so that summation round-off can never exceed the cap.
                let shave = Lanes(repeating: 1 - 0x1p-40)
                forEachLanes { i, w in
                    let demand = kept.lanes(i, w) + new.lanes(i, w), m = amount.lanes(i, w)
                    let over = demand .> m
                    breached.setLanes(i, w, zero.replacing(with: one, where: over))
                    factor.setLanes(i, w, one.replacing(with: maximum(zero, m) / demand * shave, where: over))
                }
            case .flag:
                forEachLanes { i, w in
                    breached.setLanes(i, w, zero.replacing(with: one, where: kept.lanes(i, w) + new.lanes(i, w) .> amount.lanes(i, w)))
                    factor.setLanes(i, w, one)
                }
            }
        }

    }

    /// Pass 3 of ``operate(year:_:)``: adoption after rationing (uncapped cohorts grow here),
    /// revenue after price scaling, breakeven and exit.
    private func settleCohorts(year y: Int, _ s: SustainabilityPlan, _ rows: OperatingRows) {
        let (market, usesPerSite, bassP, bassQ) = (rows.market, rows.usesPerSite, rows.bassP, rows.bassQ)
        let (fixed, perSite, exitYears, ones, sink) = (rows.fixed, rows.perSite, rows.exitYears, rows.ones, rows.sink)
        let yd = Double(y)
        let sitesOut = series(plan.catalog.sites, y)
        let opexOut = series(plan.catalog.opex, y), sustainableOut = series(plan.catalog.sustainable, y)
        let withdrawnOut = series(plan.catalog.withdrawn, y)
        for (k, j) in s.solutionPathways.enumerated() {
            let pathway = s.pathways[j]
            let capped = pathway.cap >= 0
            var admitted = ones, priceScale = ones
            if capped {
                let cap = s.caps[pathway.cap]
                if cap.policy == .ration { admitted = row(cap.factor) }
                if cap.policy == .priceVolume { priceScale = row(cap.factor) }
            }
            let revenueOut = pathway.revenueSeries >= 0 ? series(pathway.revenueSeries, y) : sink
            let perSiteUnit = pathway.priceKind == .tariff ? usesPerSite : ones
            for l in 0 ... y where cohortStart[k &* years &+ l] <= y {
                let c = Cohort(kernel: self, base: cohort(s, family: k, launch: l))
                let rows = YearRows(
                    sitesOut: sitesOut, opexOut: opexOut, revenueOut: revenueOut, sustainableOut: sustainableOut,
                    withdrawnOut: withdrawnOut, admitted: admitted, priceScale: priceScale, perSiteUnit: perSiteUnit,
                    fixed: fixed, perSite: perSite, exitYears: exitYears)
                // Two copies of the loop so that neither tests `capped` per trial.
                if capped {
                    forEachLanes { i, w in
                        settle(i, w, c, rows, weight: c.weight.lanes(i, w),
                               sites: c.sites.lanes(i, w) + admitted.lanes(i, w) * c.newSites.lanes(i, w))
                    }
                } else {
                    forEachLanes { i, w in
                        let g = bass(count: c.count.lanes(i, w), from: c.operatingFrom.lanes(i, w), sites: c.sites.lanes(i, w),
                                     year: yd, market: market.lanes(i, w), p: bassP.lanes(i, w), q: bassQ.lanes(i, w))
                        settle(i, w, c, rows, weight: g.weight, sites: g.kept + g.added)
                    }
                }
                if !anyPositive(c.count) { cohortStart[k &* years &+ l] = .max }
            }
            if pathway.spendSeries >= 0 {
                series(pathway.spendSeries, y).update(from: revenueOut, count: n)
            }
        }
    }

    /// Uses, and the stock of active solutions after this year's withdrawals; savings from uses.
    private func usesAndSavings(year y: Int, _ s: SustainabilityPlan, _ rows: OperatingRows) {
        let usesPerSite = rows.usesPerSite, withdrawnOut = series(plan.catalog.withdrawn, y)
        let sitesOut = series(plan.catalog.sites, y)
        let activeStock = row(plan.activeSolutions), usesOut = series(plan.catalog.uses, y)
        forEachLanes { i, w in
            usesOut.setLanes(i, w, sitesOut.lanes(i, w) * usesPerSite.lanes(i, w))
            activeStock.setLanes(i, w, activeStock.lanes(i, w) - withdrawnOut.lanes(i, w))
        }
        for (perUse, target) in s.savings {
            let v = value(perUse, y), out = series(target, y)
            forEachLanes { i, w in out.addLanes(i, w, v.lanes(i, w) * usesOut.lanes(i, w)) }
        }
    }

    /// Revenue against opex for trials i ..< i + width of a cohort with `weight` operating
    /// solutions of `sites` adopters each: the year's outputs, the run of years below breakeven,
    /// and the withdrawal after K such years (the solution earns in its K-th year and leaves at
    /// its end).
    @inline(__always) private func settle(_ i: Int, _ width: Int, _ c: Cohort, _ r: YearRows, weight w: Lanes, sites a: Lanes) {
        let zero = Lanes(), one = Lanes(repeating: 1)
        let revenue = c.price.lanes(i, width) * r.priceScale.lanes(i, width) * r.perSiteUnit.lanes(i, width) * a
        let opex = r.fixed.lanes(i, width) + r.perSite.lanes(i, width) * a
        let sustainable = revenue .>= opex
        // Only operating years (w > 0) count towards the run below breakeven.
        let run = (c.below.lanes(i, width) + zero.replacing(with: one, where: w .> zero)).replacing(with: zero, where: sustainable)
        let gone = zero.replacing(with: w, where: run .>= r.exitYears.lanes(i, width))
        c.sites.setLanes(i, width, a)
        c.below.setLanes(i, width, run)
        c.count.setLanes(i, width, c.count.lanes(i, width) - gone)
        r.sitesOut.addLanes(i, width, w * a)
        r.opexOut.addLanes(i, width, w * opex)
        r.revenueOut.addLanes(i, width, w * revenue)
        r.sustainableOut.addLanes(i, width, zero.replacing(with: w, where: sustainable))
        r.withdrawnOut.addLanes(i, width, gone)
    }

    /// One year of Bass growth for a cohort, before any cap: its weight (the count when past
    /// the delay with an open market, else 0), the adopters it keeps (at most the market) and
    /// the new adopters A + (p + q·A/M)(M − A), capped at M, adds. A cohort not operating keeps
    /// its sites and adds none.
    @inline(__always) private func bass(
        count: Lanes, from: Lanes, sites: Lanes, year yd: Double, market m: Lanes, p: Lanes, q: Lanes
    ) -> (weight: Lanes, kept: Lanes, added: Lanes) {
        let zero = Lanes(), one = Lanes(repeating: 1)
        let open = m .> zero
        let weight = zero.replacing(with: count, where: open .& (from .<= Lanes(repeating: yd)))
        // min and max by selects (the generic pointwiseMin is not always inlined).
        let kept = sites.replacing(with: m, where: m .< sites)
        let grown = kept + (p + q * kept / one.replacing(with: m, where: open)) * (m - kept)
        let gain = grown.replacing(with: m, where: m .< grown) - kept
        let added = gain.replacing(with: zero, where: gain .< zero)
        let operating = weight .> zero
        return (weight, sites.replacing(with: kept, where: operating), zero.replacing(with: added, where: operating))
    }
}

/// The year's values every cohort reads (absent ones point at constant rows).
private struct OperatingRows {
    let market, usesPerSite, bassP, bassQ, fixed, perSite, exitYears: UnsafeMutablePointer<Double>
    /// A row of ones and a row that absorbs writes nobody reads.
    let ones, sink: UnsafeMutablePointer<Double>
}

/// The rows one year's settlement reads and writes besides the cohort's own.
private struct YearRows {
    let sitesOut, opexOut, revenueOut, sustainableOut, withdrawnOut: UnsafeMutablePointer<Double>
    let admitted, priceScale, perSiteUnit, fixed, perSite, exitYears: UnsafeMutablePointer<Double>
}

/// The rows of one solution cohort (see ``SustainabilityPlan``).
private struct Cohort {
    let count, sites, below, operatingFrom, price, newSites, weight: UnsafeMutablePointer<Double>

    init(kernel: ChunkKernel, base: Int) {
        count = kernel.row(base + SustainabilityPlan.count)
        sites = kernel.row(base + SustainabilityPlan.sites)
        below = kernel.row(base + SustainabilityPlan.below)
        operatingFrom = kernel.row(base + SustainabilityPlan.operatingFrom)
        price = kernel.row(base + SustainabilityPlan.price)
        newSites = kernel.row(base + SustainabilityPlan.newSites)
        weight = kernel.row(base + SustainabilityPlan.weight)
    }
}
