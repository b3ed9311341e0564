import MonteCarlo

/// Rows of the workspace arena, handed out in order.
private struct SlotAllocator {
    private(set) var next = 0
    mutating func take(_ rows: Int = 1) -> Int {
        defer { next += rows }
        return next
    }
}

extension ModelPlan {
    /// Resolves the scenario into index tables (DESIGN §3, §3.1). Runs once per model.
    ///
    /// The arena's rows are handed out region by region: parameters, then the state zeroed by
    /// every chunk (pipeline lanes and the solutions' stock), exit schedules, solution cohorts,
    /// and last the scratch rows.
    init(scenario: Scenario) {
        let catalog = OutputCatalog(scenario: scenario)
        self.init(years: scenario.yearCount, firstYear: scenario.horizon.lowerBound,
                  discountRate: scenario.discountRate, catalog: catalog)
        statePayer = scenario.payers.firstIndex(of: "state")!
        privatePayer = scenario.payers.firstIndex(of: "private")!
        var slots = SlotAllocator()
        planParameters(scenario, &slots)
        planEffects(scenario, &slots)
        let stateStart = slots.next
        stages = scenario.stages.map { StagePlan(duration: $0.duration.index, success: $0.success.index, cost: $0.cost.index) }
        activeSolutions = slots.take()
        sharesScaledFlag = slots.take()
        planInstruments(scenario, &slots)
        planLaneState(&slots)
        stateSlots = stateStart ..< slots.next
        planExitSchedules(&slots)
        if let s = scenario.sustainability { planSustainability(s, scenario, &slots) }
        planScratch(&slots)
        slotCount = slots.next
    }

    /// Year indices of a calendar range, clipped to the horizon (possibly empty).
    private func yearIndices(_ r: ClosedRange<Int>) -> Range<Int> {
        let lo = max(0, r.lowerBound - firstYear), hi = min(years, r.upperBound - firstYear + 1)
        return lo < hi ? lo ..< hi : 0 ..< 0
    }

    /// An instrument's budget line, if it has one.
    private func budgetPlan(_ inst: Instrument) -> BudgetPlan? {
        switch inst.budget {
        case .perYear(let ref): return BudgetPlan(parameter: ref.index, divisor: 1, years: yearIndices(inst.years))
        case .total(let ref, let over): return BudgetPlan(parameter: ref.index, divisor: Double(over.count), years: yearIndices(over))
        case nil: return nil
        }
    }

    /// Parameters: one row, or one per year when drawn each year or changed by an effect.
    private mutating func planParameters(_ scenario: Scenario, _ slots: inout SlotAllocator) {
        // Parameters: one row, or one per year when drawn each year or changed by an effect.
        var targeted = Set<Int>()
        for inst in scenario.instruments { for e in inst.effects { targeted.insert(e.target.index) } }
        for (p, parameter) in scenario.parameters.enumerated() {
            let perYear = parameter.eachYear || targeted.contains(p)
            parameterPerYear.append(perYear)
            parameterEachYear.append(parameter.eachYear)
            parameterSlot.append(slots.take(perYear ? years : 1))
        }
    }

    /// Effects grouped by the parameter they change, with the money scalings of enablers.
    private mutating func planEffects(_ scenario: Scenario, _ slots: inout SlotAllocator) {
        let y0 = firstYear
        let durations = Set(scenario.stages.map(\.duration.index))
        var termsByTarget: [Int: [EffectPlan.Term]] = [:]
        var targetOrder: [Int] = []
        for inst in scenario.instruments where !inst.effects.isEmpty {
            // Public goods act from their first year to the horizon, a direct grant while funded.
            let from = max(0, inst.years.lowerBound - y0)
            let to = min(years, inst.kind.effectsOutliveFunding ? years : inst.years.upperBound - y0 + 1)
            guard from < to else { continue }
            // An enabler whose money has a reference scales its effects by its elasticity.
            var scale: Int?
            if let reference = inst.referenceMoneyPerYear, reference > 0, reference.isFinite {
                let elasticity = inst.elasticity?.index
                let perYear = elasticity.map { parameterPerYear[$0] } ?? false
                scale = scalings.count
                scalings.append(ScalingPlan(
                    budget: budgetPlan(inst), annotationsCount: inst.annotations?.count.index ?? -1,
                    annotationsCost: inst.annotations?.unitCost.index ?? -1, annotationYears: yearIndices(inst.years),
                    elasticity: elasticity, reference: reference, rows: slots.take(perYear ? years : 1), perYear: perYear))
            }
            for e in inst.effects {
                if termsByTarget[e.target.index] == nil { targetOrder.append(e.target.index) }
                termsByTarget[e.target.index, default: []].append(
                    .init(change: e.change.index, kind: e.kind, years: from ..< to, scale: scale))
            }
        }
        for target in targetOrder {
            let clamp: Clamp
            switch scenario.parameters[target].domain {
            case .probability, .share: clamp = .unit
            case .positive: clamp = .nonNegative
            case .count: clamp = .nonNegativeWhole
            case .wholeYears: clamp = .wholeAtLeast(durations.contains(target) ? 1 : 0)
            case .signed: clamp = .none
            }
            // `%` terms first so that the order of application is the one DESIGN fixes.
            let terms = termsByTarget[target]!.sorted { ($0.kind == .percent ? 0 : 1) < ($1.kind == .percent ? 0 : 1) }
            effects.append(EffectPlan(target: target, terms: terms, clamp: clamp))
        }
    }

    /// Every instrument's own spending, and for feeders their lanes (one per stage from the entry
    /// stage on, plus the collaborative lane of an experimentation call) and launch row.
    private mutating func planInstruments(_ scenario: Scenario, _ slots: inout SlotAllocator) {
        let pathways = scenario.sustainability?.pathways ?? []
        for (k, inst) in scenario.instruments.enumerated() {
            let active = yearIndices(inst.years)
            let budget = budgetPlan(inst)
            spending.append(SpendingPlan(
                activeYears: active, publicSeries: catalog.instrumentSpend[k], privateSeries: catalog.instrumentPrivate[k] ?? -1,
                budget: inst.feeder == nil ? budget : nil,
                annotationsCount: inst.annotations?.count.index ?? -1, annotationsCost: inst.annotations?.unitCost.index ?? -1,
                organisation: inst.organisation?.index ?? -1,
                participants: inst.participants?.count.index ?? -1,
                participantsCost: inst.participants?.unitCost?.index ?? -1,
                participantsSeries: catalog.participants[k] ?? -1))

            guard let feeder = inst.feeder, scenario.stages.indices.contains(feeder.entryStage) else { continue }
            let f = feeders.count
            let firstLane = lanes.count
            // One lane per stage from the entry stage on; passers go to the next stage's lane.
            for s in feeder.entryStage ..< scenario.stages.count {
                let isEntry = s == feeder.entryStage
                let funding: LaneFunding
                if !isEntry {
                    funding = .privateOnly
                } else {
                    switch inst.kind {
                    case .experimentationCall: funding = feeder.cofunding.map { .cofunding($0.index) } ?? .privateOnly
                    case .challenge: funding = .credit(publicPays: false)
                    default: funding = .credit(publicPays: true)
                    }
                }
                let last = s == scenario.stages.count - 1
                lanes.append(LanePlan(
                    stage: s, feeder: f, collaborative: false, isEntry: isEntry, next: last ? -1 : lanes.count + 1,
                    passageStream: StableHash.of("passage:\(scenario.stages[s].name):\(inst.id)"),
                    funding: funding, publicSeries: catalog.instrumentSpend[k], privateSeries: catalog.instrumentPrivate[k] ?? -1))
            }
            var collaborativeLane = -1
            if let c = feeder.collaborative {
                collaborativeLane = lanes.count
                let s = feeder.entryStage
                let funding: LaneFunding = feeder.cofunding.map { .cofunding($0.index) } ?? .privateOnly
                lanes.append(LanePlan(
                    stage: s, feeder: f, collaborative: true, isEntry: true,
                    next: s == scenario.stages.count - 1 ? -1 : firstLane + 1,
                    passageStream: StableHash.of("passage:\(scenario.stages[s].name):\(inst.id):collaborative"),
                    funding: funding, publicSeries: catalog.instrumentSpend[k], privateSeries: catalog.instrumentPrivate[k] ?? -1,
                    successShift: c.successShift?.index ?? -1, costChange: c.costChange?.index ?? -1))
            }
            feeders.append(FeederPlan(
                kind: inst.kind, id: inst.id, activeYears: active, entryStage: feeder.entryStage,
                lane: firstLane, collaborativeLane: collaborativeLane,
                projects: feeder.projects?.index ?? -1, grant: feeder.grant?.index ?? -1,
                cofunding: feeder.cofunding?.index ?? -1, prize: feeder.prize?.index ?? -1,
                organisation: inst.organisation?.index ?? -1,
                collaborativeShare: feeder.collaborative?.share.index ?? -1,
                budget: budget,
                collaborativeStream: StableHash.of("collaborative:\(inst.id)"),
                launchPending: slots.take(),
                pathwayStreams: pathways.map { StableHash.of("pathway:\(inst.id):\($0.name)") },
                publicSeries: catalog.instrumentSpend[k]))
        }
    }

    /// Each lane's state rows (in the region zeroed by every chunk).
    private mutating func planLaneState(_ slots: inout SlotAllocator) {
        for l in lanes.indices {
            lanes[l].active = slots.take()
            lanes[l].credit = slots.take()
            lanes[l].incoming = slots.take()
            lanes[l].entered = slots.take()
            lanes[l].creditEntering = slots.take()
        }
    }

    /// Exit schedules: zero when the workspace is made, and every row a chunk writes is cleared
    /// when it is consumed, so they are zero again after every chunk (no memset).
    private mutating func planExitSchedules(_ slots: inout SlotAllocator) {
        for l in lanes.indices {
            lanes[l].exits = slots.take(years)
            lanes[l].creditExits = slots.take(years)
        }
    }

    /// Pathways (drawn in declared order, `rest` last), caps by payer, savings by payer, and the
    /// rows of the solution cohorts.
    private mutating func planSustainability(_ s: Sustainability, _ scenario: Scenario, _ slots: inout SlotAllocator) {
        var caps: [CapPlan] = []
        var capOfPayer: [String: Int] = [:]
        for (cap, breached) in zip(s.caps, catalog.capBreached) {
            guard let breached else { continue }
            capOfPayer[cap.payer] = caps.count
            caps.append(CapPlan(amount: cap.amount.index, policy: cap.policy, breachedSeries: breached,
                                demandKept: 0, demandNew: 0, factor: 0))
        }
        var plans: [PathwayPlan] = []
        var solutionPathways: [Int] = []
        var rest: Int?
        var drawn: [Int] = []
        for (k, p) in s.pathways.enumerated() {
            var kind = PathwayPlan.PriceKind.none
            var price = -1
            switch p.price {
            case .none: break
            case .tariffPerUse(let r): kind = .tariff; price = r.index
            case .licencePerSiteYear(let r): kind = .licence; price = r.index
            }
            if p.isCliff { kind = .none; price = -1 }
            let solutionIndex = p.isCliff ? -1 : solutionPathways.count
            if !p.isCliff { solutionPathways.append(k) }
            if p.isRest {
                if rest == nil { rest = k }
            } else {
                drawn.append(k)
            }
            plans.append(PathwayPlan(
                share: p.share?.index ?? -1, isRest: p.isRest, isCliff: p.isCliff, delay: p.delay?.index ?? -1,
                priceKind: kind, price: price, solutionIndex: solutionIndex,
                spendSeries: catalog.pathwaySpend[k] ?? -1, revenueSeries: catalog.pathwayRevenue[k] ?? -1,
                cap: kind != .none ? (p.payer.flatMap { capOfPayer[$0] } ?? -1) : -1))
        }
        // Cohort rows are set when the cohort launches; unlaunched cohorts are never read.
        let cohortBase = slots.take(solutionPathways.count * years * SustainabilityPlan.cohortRows)
        sustainability = SustainabilityPlan(
            market: s.market.index, uses: s.uses.index, bassP: s.bassP.index, bassQ: s.bassQ.index,
            opexFixed: s.opexFixed?.index ?? -1, opexPerSite: s.opexPerSite?.index ?? -1,
            exitAfter: s.exitAfter?.index ?? -1,
            pathways: plans, drawn: drawn, rest: rest, caps: caps,
            savings: s.savings.map { sv in
                (sv.perUse.index, catalog.payerSavings[scenario.payers.firstIndex(of: sv.payer)!])
            },
            solutionPathways: solutionPathways, cohortBase: cohortBase, conditional: [])
        sharesVaryByYear = plans.contains { $0.share >= 0 && parameterPerYear[$0.share] }
    }

    /// The scratch region: named rows, then the caps' demand rows and the conditional
    /// probabilities of the drawn pathways.
    private mutating func planScratch(_ slots: inout SlotAllocator) {
        scratch = (0 ..< Scratch.rows).map { _ in slots.take() }
        if var s = sustainability {
            for c in s.caps.indices {
                s.caps[c].demandKept = slots.take()
                s.caps[c].demandNew = slots.take()
                s.caps[c].factor = slots.take()
            }
            s.conditional = s.drawn.map { _ in slots.take() }
            sustainability = s
        }
    }

    /// The memberwise start of a plan; the rest is filled by ``init(scenario:)``.
    private init(years: Int, firstYear: Int, discountRate: Double, catalog: OutputCatalog) {
        self.years = years
        self.firstYear = firstYear
        self.discountRate = discountRate
        self.catalog = catalog
    }
}
