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
        shareTotals(year: y, s)
        if plan.feeders.contains(where: { anyPositive(row($0.launchPending)) }) {
            launch(year: y, s)
        } else {
            for k in s.solutionPathways.indices { cohortLive![k &* years &+ y] = false }
        }
        operate(year: y, s)
        series(plan.catalog.solutionsActive, y).update(from: active, count: n)
    }

    /// The sum of the drawn pathways' shares of year `y` (into the probability scratch row); a
    /// trial whose sum exceeds 100% in any year is flagged (its shares are scaled down), whether or
    /// not it launches anything that year, so the count never depends on the chunk.
    private func shareTotals(year y: Int, _ s: SustainabilityPlan) {
        let total = row(plan.scratch[Scratch.probability])
        total.update(repeating: 0, count: n)
        for j in s.drawn {
            let share = value(s.pathways[j].share, y)
            for i in 0 ..< n { total[i] += min(1, max(0, share[i])) }
        }
        let flag = row(plan.sharesScaledFlag)
        for i in 0 ..< n where total[i] > 1 { flag[i] = 1 }
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
        let cliff = row(plan.scratch[Scratch.cliff])
        cliff.update(repeating: 0, count: n)

        // Conditional probabilities of the drawn pathways, the same for every origin.
        let total = row(plan.scratch[Scratch.probability])
        let mass = row(plan.scratch[Scratch.spare])
        mass.update(repeating: 1, count: n)
        for (c, j) in s.drawn.enumerated() {
            let share = value(s.pathways[j].share, y), p = row(s.conditional[c])
            for i in 0 ..< n {
                // Shares above 100% in total are scaled down so that they sum to 1.
                let scaled = min(1, max(0, share[i])) / max(1, total[i])
                p[i] = mass[i] > 0 ? min(1, scaled / mass[i]) : 0
                mass[i] -= scaled
            }
        }

        for k in s.solutionPathways.indices {
            row(cohort(s, family: k, launch: y) + SustainabilityPlan.count).update(repeating: 0, count: n)
        }
        let remaining = row(plan.scratch[Scratch.remaining]), drawn = row(plan.scratch[Scratch.drawn])
        for feeder in plan.feeders {
            let pending = row(feeder.launchPending)
            guard anyPositive(pending) else { continue }
            add(pending, into: launched)
            add(pending, into: activeStock)
            remaining.update(from: pending, count: n)
            pending.update(repeating: 0, count: n)
            for (c, j) in s.drawn.enumerated() {
                drawBinomial(stream: feeder.pathwayStreams[j], yearIndex: y, n: remaining, p: row(s.conditional[c]), into: drawn)
                for i in 0 ..< n { remaining[i] -= drawn[i] }
                route(drawn, to: j, year: y, s, cliff: cliff)
            }
            if s.rest >= 0 {
                route(remaining, to: s.rest, year: y, s, cliff: cliff)
            } else {
                add(remaining, into: cliff)
            }
        }
        add(cliff, into: series(plan.catalog.cliff, y))
        for i in 0 ..< n { activeStock[i] -= cliff[i] }

        for (k, j) in s.solutionPathways.enumerated() {
            let base = cohort(s, family: k, launch: y)
            let count = row(base + SustainabilityPlan.count)
            let live = anyPositive(count)
            cohortLive![k &* years &+ y] = live
            guard live else { continue }
            let pathway = s.pathways[j]
            let from = row(base + SustainabilityPlan.operatingFrom)
            if pathway.delay >= 0 {
                let delay = value(pathway.delay, y)
                for i in 0 ..< n { from[i] = Double(y + wholeYears(delay[i], minimum: 0, limit: years)) }
            } else {
                from.update(repeating: Double(y), count: n)
            }
            if pathway.price >= 0 {
                row(base + SustainabilityPlan.price).update(from: value(pathway.price, y), count: n)
            } else {
                row(base + SustainabilityPlan.price).update(repeating: 0, count: n)
            }
            row(base + SustainabilityPlan.sites).update(repeating: 0, count: n)
            row(base + SustainabilityPlan.below).update(repeating: 0, count: n)
        }
    }

    /// Adds `x` solutions to pathway `j`'s cohort of year `y`, or to the cliff.
    @inline(__always) private func route(
        _ x: UnsafePointer<Double>, to j: Int, year y: Int, _ s: SustainabilityPlan, cliff: UnsafeMutablePointer<Double>
    ) {
        let k = s.pathways[j].solutionIndex
        if k < 0 {
            add(x, into: cliff)
        } else {
            add(x, into: row(cohort(s, family: k, launch: y) + SustainabilityPlan.count))
        }
    }

    /// One year of every live cohort: Bass growth, caps, revenue against opex, exit, savings.
    private func operate(year y: Int, _ s: SustainabilityPlan) {
        let market = value(s.market, y), usesPerSite = value(s.uses, y)
        let bassP = value(s.bassP, y), bassQ = value(s.bassQ, y)
        let fixed = s.opexFixed >= 0 ? value(s.opexFixed, y) : nil
        let perSite = s.opexPerSite >= 0 ? value(s.opexPerSite, y) : nil
        let exitAfter = s.exitAfter >= 0 ? value(s.exitAfter, y) : nil
        for cap in s.caps {
            row(cap.demandKept).update(repeating: 0, count: n)
            row(cap.demandNew).update(repeating: 0, count: n)
        }

        // Pass 1: adopters before any cap, and each capped payer's demand.
        var anyLive = false
        for (k, j) in s.solutionPathways.enumerated() {
            for l in 0 ... y where cohortLive![k &* years &+ l] {
                anyLive = true
                let base = cohort(s, family: k, launch: l)
                let count = row(base + SustainabilityPlan.count), sites = row(base + SustainabilityPlan.sites)
                let newSites = row(base + SustainabilityPlan.newSites)
                let from = row(base + SustainabilityPlan.operatingFrom)
                let yd = Double(y)
                for i in 0 ..< n {
                    let m = max(0, market[i])
                    let operating = count[i] > 0 && from[i] <= yd && m > 0
                    let kept = min(sites[i], m)
                    let grown = kept + (bassP[i] + bassQ[i] * kept / m) * (m - kept)
                    sites[i] = operating ? kept : sites[i]
                    newSites[i] = operating ? max(0, min(m, grown) - kept) : 0
                }
                let pathway = s.pathways[j]
                guard pathway.cap >= 0 else { continue }
                let cap = s.caps[pathway.cap]
                let demandKept = row(cap.demandKept), demandNew = row(cap.demandNew)
                let price = row(base + SustainabilityPlan.price)
                let tariff = pathway.priceKind == .tariff
                for i in 0 ..< n {
                    let unit = count[i] * price[i] * (tariff ? usesPerSite[i] : 1)
                    demandKept[i] += unit * sites[i]
                    demandNew[i] += unit * newSites[i]
                }
            }
        }
        guard anyLive else { return }

        // Pass 2: each cap's breach indicator and the factor its policy applies.
        for cap in s.caps {
            let amount = value(cap.amount, y)
            let kept = row(cap.demandKept), new = row(cap.demandNew), factor = row(cap.factor)
            let breached = series(cap.breachedSeries, y)
            for i in 0 ..< n {
                let demand = kept[i] + new[i]
                let over = demand > amount[i]
                breached[i] = over ? 1 : 0
                switch cap.policy {
                case .ration:
                    // New adopters admitted pro rata to the room the existing sites leave.
                    factor[i] = over ? (new[i] > 0 ? min(1, max(0, (amount[i] - kept[i]) / new[i])) : 0) : 1
                case .priceVolume:
                    // Prices scaled so that spend equals the cap; the factor is shaved by 2⁻⁴⁰
                    // (about 1e-12) so that summation round-off can never exceed the cap.
                    factor[i] = over ? max(0, amount[i]) / demand * (1 - 0x1p-40) : 1
                case .flag:
                    factor[i] = 1
                }
            }
        }

        // Pass 3: adoption after rationing, revenue after price scaling, breakeven and exit.
        let sitesOut = series(plan.catalog.sites, y), usesOut = series(plan.catalog.uses, y)
        let opexOut = series(plan.catalog.opex, y), sustainableOut = series(plan.catalog.sustainable, y)
        let withdrawnOut = series(plan.catalog.withdrawn, y)
        let activeStock = row(plan.activeSolutions)
        let yd = Double(y)
        for (k, j) in s.solutionPathways.enumerated() {
            let pathway = s.pathways[j]
            var admitted: UnsafeMutablePointer<Double>?
            var priceScale: UnsafeMutablePointer<Double>?
            if pathway.cap >= 0 {
                let cap = s.caps[pathway.cap]
                if cap.policy == .ration { admitted = row(cap.factor) }
                if cap.policy == .priceVolume { priceScale = row(cap.factor) }
            }
            let revenueOut = pathway.revenueSeries >= 0 ? series(pathway.revenueSeries, y) : nil
            let spendOut = pathway.spendSeries >= 0 ? series(pathway.spendSeries, y) : nil
            let tariff = pathway.priceKind == .tariff
            for l in 0 ... y where cohortLive![k &* years &+ l] {
                let base = cohort(s, family: k, launch: l)
                let count = row(base + SustainabilityPlan.count), sites = row(base + SustainabilityPlan.sites)
                let newSites = row(base + SustainabilityPlan.newSites), below = row(base + SustainabilityPlan.below)
                let from = row(base + SustainabilityPlan.operatingFrom), price = row(base + SustainabilityPlan.price)
                for i in 0 ..< n {
                    let c = count[i]
                    guard c > 0, from[i] <= yd, market[i] > 0 else { continue }
                    let a = sites[i] + (admitted?[i] ?? 1) * newSites[i]
                    sites[i] = a
                    let uses = a * usesPerSite[i]
                    let revenue = price[i] * (priceScale?[i] ?? 1) * (tariff ? uses : a)
                    let opex = (fixed?[i] ?? 0) + (perSite?[i] ?? 0) * a
                    sitesOut[i] += c * a
                    usesOut[i] += c * uses
                    opexOut[i] += c * opex
                    revenueOut?[i] += c * revenue
                    spendOut?[i] += c * revenue
                    if revenue >= opex {
                        sustainableOut[i] += c
                        below[i] = 0
                    } else {
                        below[i] += 1
                        // Earns in its K-th year below breakeven, withdrawn at that year's end.
                        if let exitAfter, below[i] >= Double(wholeYears(exitAfter[i], minimum: 1, limit: years + 1)) {
                            withdrawnOut[i] += c
                            activeStock[i] -= c
                            count[i] = 0
                        }
                    }
                }
            }
        }
        for (perUse, target) in s.savings {
            let v = value(perUse, y), out = series(target, y)
            for i in 0 ..< n { out[i] += v[i] * usesOut[i] }
        }
    }
}
