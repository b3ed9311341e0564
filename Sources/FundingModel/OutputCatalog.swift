/// The metric catalog: every output series and scalar of a scenario, in their stable order, each
/// described once as a ``Metric`` (label, unit, kind, direction, what a missing value means, payer
/// and role), with the index tables the dynamics write through (no strings on the hot path).
///
/// Order (DESIGN §3 "Outputs"): `projects.*`, `solutions.*`, `adoption.*`, `opex.total`, `spend.*`
/// (grouped by payer in ``Scenario/payers`` order, each payer's sources then its total),
/// `revenue.*`, `savings.*`, `net.*`, `cap.*`, `participants.*`; then the scalars. Two sources that
/// would share an id (an instrument paid by `private`, or an instrument named like a pathway with
/// the same payer) share one series: their amounts add.
///
/// Adding a metric is one entry here (one call of `series` or `scalar`), plus the kernel code that
/// writes it and its row in notebooks-data/README.md.
struct OutputCatalog {
    private(set) var series: [Metric] = []
    private(set) var scalars: [Metric] = []
    private var seriesIndex: [String: Int] = [:]

    // Index tables of the kernel (their names and types are what ChunkKernel*.swift reads).

    /// Series index of `projects.entered|active|failed.<stage>`, by stage.
    var entered: [Int] = [], active: [Int] = [], failed: [Int] = []
    var launched = 0, solutionsActive = 0, sustainable = 0, withdrawn = 0, cliff = 0
    var sites = 0, uses = 0, opex = 0
    /// By payer of ``Scenario/payers``.
    var payerTotal: [Int] = [], payerSources: [[Int]] = [], payerSavings: [Int] = [], payerNet: [Int] = []
    /// Scalars: `npv.<x>` with the series it discounts.
    var npv: [(series: Int, scalar: Int)] = []
    var costPerSustainable = 0, breakevenYear = 0
    /// `solutions.sustainable.any`.
    var sustainableAny = 0
    /// `cap.breached.any.<payer>` with the yearly `cap.breached.<payer>` series it summarises.
    var capBreachedAny: [(series: Int, scalar: Int)] = []
    /// `net_benefit` and what it is made of; nil without a `decision` block.
    var netBenefit: NetBenefitTerms?
    /// Scalar index of `npv.net.<payer>`, by payer of ``Scenario/payers``.
    var npvNet: [Int] = []

    // Index tables of the plan builder (ModelPlan+Build.swift), nil where there is no such output.

    /// `spend.<instrument payer>.<id>`, by instrument.
    var instrumentSpend: [Int] = []
    /// `spend.private.<id>` by instrument; nil when the instrument has no private spending.
    var instrumentPrivate: [Int?] = []
    /// `spend.<payer>.<pathway>` and `revenue.<pathway>` by pathway; nil when unpriced or unpaid.
    var pathwaySpend: [Int?] = [], pathwayRevenue: [Int?] = []
    /// `cap.breached.<payer>` by cap; nil for a second cap on the same payer (ignored).
    var capBreached: [Int?] = []
    /// `participants.<id>` by instrument; nil when it has no participants.
    var participants: [Int?] = []

    init(scenario: Scenario) {
        let pathways = scenario.sustainability?.pathways ?? []
        let caps = scenario.sustainability?.caps ?? []
        addPipeline(stages: scenario.stages)
        addSolutionsAndAdoption()
        addSpending(payers: scenario.payers, instruments: scenario.instruments, pathways: pathways)
        addRevenue(pathways: pathways)
        addSavingsAndNetCost(payers: scenario.payers)
        addCapBreaches(caps: caps)
        addParticipants(instruments: scenario.instruments)
        addPresentValues(payers: scenario.payers, pathways: pathways)
        addOutcomeScalars(caps: caps)
        if let decision = scenario.decision { addNetBenefit(decision, payers: scenario.payers) }
    }

    // MARK: Steps, in output order

    /// `projects.entered|active|failed.<stage>`.
    private mutating func addPipeline(stages: [Stage]) {
        for s in stages {
            entered.append(series(
                "projects.entered.\(s.name)", "Projects entering \(s.name)", .projects, .flow, .neither,
                "Projects entering stage \(s.name) in the year."))
        }
        for s in stages {
            active.append(series(
                "projects.active.\(s.name)", "Projects in \(s.name)", .projects, .stock, .neither,
                "Projects in stage \(s.name) during the year (entry year to exit year inclusive)."))
        }
        for s in stages {
            failed.append(series(
                "projects.failed.\(s.name)", "Projects failing \(s.name)", .projects, .flow, .lower,
                "Projects failing stage \(s.name) at the end of the year."))
        }
    }

    /// `solutions.*`, `adoption.*` and `opex.total`.
    private mutating func addSolutionsAndAdoption() {
        launched = series(
            "solutions.launched", "Solutions launched", .solutions, .flow, .higher,
            "Solutions launched in the year (passed the last stage at the end of the previous year).")
        solutionsActive = series(
            "solutions.active", "Solutions in use", .solutions, .stock, .higher,
            "Launched solutions neither withdrawn nor fallen off the cliff, end of year.")
        sustainable = series(
            "solutions.sustainable", "Sustainable solutions", .solutions, .stock, .higher,
            "Solutions past their delay, on a paying pathway, with revenue at least opex after caps.")
        withdrawn = series(
            "solutions.withdrawn", "Solutions withdrawn", .solutions, .flow, .lower,
            "Solutions withdrawn at the end of the year after K years below breakeven.")
        cliff = series(
            "solutions.cliff", "Solutions off the cliff", .solutions, .flow, .lower,
            "Solutions launched without an economic model (pathway none): the proof-of-concept cliff.")
        sites = series(
            "adoption.sites", "Adopting sites", .sites, .stock, .higher,
            "Adopting site-solutions during the year (expected Bass adopters, summed over solutions).")
        uses = series("adoption.uses", "Uses", .uses, .flow, .higher, "Uses of AI solutions in the year.")
        opex = series(
            "opex.total", "Operating cost", .euro, .flow, .neither,
            "Operating cost of the solutions in use (fixed + per site); the firms' cost, not spending.")
    }

    /// `spend.<payer>.<source>` and `spend.<payer>.total`, payer by payer.
    private mutating func addSpending(payers: [String], instruments: [Instrument], pathways: [Pathway]) {
        var instrumentSpend = [Int?](repeating: nil, count: instruments.count)
        instrumentPrivate = Array(repeating: nil, count: instruments.count)
        pathwaySpend = Array(repeating: nil, count: pathways.count)
        for payer in payers {
            var sources: [Int] = []
            func source(_ index: Int) { if !sources.contains(index) { sources.append(index) } }
            for (k, inst) in instruments.enumerated() where inst.payer == payer {
                // An instrument paid by `private` shares its series with the private spending it draws.
                let label = payer == "private" ? "Private spending drawn by \(inst.id)" : "\(Self.name(payer)) spending on \(inst.id)"
                let s = series(
                    "spend.\(payer).\(inst.id)", label, .euro, .flow, .lower,
                    payer: payer, role: .spendingSource,
                    "Spending of \(inst.kind.rawValue) \(inst.id) booked to \(payer).")
                instrumentSpend[k] = s
                source(s)
            }
            if payer == "private" {
                for (k, inst) in instruments.enumerated() where Self.hasPrivateSpending(inst) {
                    let s = series(
                        "spend.private.\(inst.id)", "Private spending drawn by \(inst.id)", .euro, .flow, .lower,
                        payer: payer, role: .spendingSource,
                        "Private spending that \(inst.id) draws: stage costs beyond public money, participants.")
                    instrumentPrivate[k] = s
                    source(s)
                }
            }
            for (k, p) in pathways.enumerated() where p.payer == payer && Self.isPriced(p) {
                let s = series(
                    "spend.\(payer).\(p.name)", "\(Self.name(payer)) spending on pathway \(p.name)", .euro, .flow, .lower,
                    payer: payer, role: .spendingSource,
                    "What \(payer) pays for solutions on pathway \(p.name) (after its cap).")
                pathwaySpend[k] = s
                source(s)
            }
            payerTotal.append(series(
                "spend.\(payer).total", "\(Self.name(payer)) spending", .euro, .flow, .lower,
                payer: payer, role: .spending, "All spending booked to \(payer)."))
            payerSources.append(sources)
        }
        // Every instrument's payer is one of the scenario's payers.
        self.instrumentSpend = instrumentSpend.map { $0! }
    }

    /// `revenue.<pathway>` for every priced pathway.
    private mutating func addRevenue(pathways: [Pathway]) {
        pathwayRevenue = Array(repeating: nil, count: pathways.count)
        for (k, p) in pathways.enumerated() where Self.isPriced(p) {
            pathwayRevenue[k] = series(
                "revenue.\(p.name)", "Revenue on pathway \(p.name)", .euro, .flow, .higher,
                payer: p.payer, role: .revenue,
                "Revenue of solutions on pathway \(p.name) (tariffs or licences, after caps).")
        }
    }

    /// `savings.<payer>`, then `net.<payer>`.
    private mutating func addSavingsAndNetCost(payers: [String]) {
        for payer in payers {
            payerSavings.append(series(
                "savings.\(payer)", "\(Self.name(payer)) savings", .euro, .flow, .higher,
                payer: payer, role: .savings, "Savings accruing to \(payer) from uses."))
        }
        for payer in payers {
            payerNet.append(series(
                "net.\(payer)", "\(Self.name(payer)) net cost", .euro, .flow, .lower,
                payer: payer, role: .netCost, "Spending minus savings of \(payer)."))
        }
    }

    /// `cap.breached.<payer>`: a yearly 0/1 flow (summed over years it counts the years of breach).
    private mutating func addCapBreaches(caps: [Cap]) {
        var capped: Set<String> = []
        for c in caps {
            guard capped.insert(c.payer).inserted else {
                capBreached.append(nil)
                continue
            }
            capBreached.append(series(
                "cap.breached.\(c.payer)", "\(Self.name(c.payer)) cap breached", .flag, .flow, .lower,
                payer: c.payer, role: .capBreach,
                "1 when \(c.payer)'s pathway demand before its cap policy exceeds the cap."))
        }
    }

    /// `participants.<id>` for every instrument with participants.
    private mutating func addParticipants(instruments: [Instrument]) {
        participants = instruments.map { inst in
            guard inst.participants != nil else { return nil }
            return series(
                "participants.\(inst.id)", "Participants in \(inst.id)", .participants, .flow, .neither,
                "Participants in \(inst.id) in the year.")
        }
    }

    /// `npv.spend|savings|net.<payer>` and `npv.revenue.<pathway>`, each with the series it discounts.
    private mutating func addPresentValues(payers: [String], pathways: [Pathway]) {
        for (payer, total) in zip(payers, payerTotal) {
            npv.append((total, scalar(
                "npv.spend.\(payer)", "\(Self.name(payer)) spending (NPV)", .euro, .lower, .zero,
                payer: payer, role: .spending, "Discounted spending of \(payer) over the horizon.")))
        }
        for (payer, savings) in zip(payers, payerSavings) {
            npv.append((savings, scalar(
                "npv.savings.\(payer)", "\(Self.name(payer)) savings (NPV)", .euro, .higher, .zero,
                payer: payer, role: .savings, "Discounted savings of \(payer) over the horizon.")))
        }
        for (payer, net) in zip(payers, payerNet) {
            npvNet.append(scalars.count)
            npv.append((net, scalar(
                "npv.net.\(payer)", "\(Self.name(payer)) net cost (NPV)", .euro, .lower, .zero,
                payer: payer, role: .netCost, "Discounted spending minus savings of \(payer).")))
        }
        for (p, revenue) in zip(pathways, pathwayRevenue) {
            guard let revenue else { continue }
            npv.append((revenue, scalar(
                "npv.revenue.\(p.name)", "Revenue on pathway \(p.name) (NPV)", .euro, .higher, .zero,
                payer: p.payer, role: .revenue, "Discounted revenue on pathway \(p.name).")))
        }
    }

    /// The outcome scalars: cost per sustainable solution, breakeven year, and the any-year flags.
    private mutating func addOutcomeScalars(caps: [Cap]) {
        costPerSustainable = scalar(
            "cost_per_sustainable_solution", "State spending per sustainable solution", .euro, .lower, .undefined,
            "Undiscounted State spending over the horizon per sustainable solution in the last year (NaN if none).")
        breakevenYear = scalar(
            "breakeven_year", "Breakeven year", .year, .lower, .undefined,
            "First year cumulative savings of all payers reach cumulative public and pathway-payer spending (NaN if never).")
        sustainableAny = scalar(
            "solutions.sustainable.any", "At least one sustainable solution", .flag, .higher, .zero,
            "1 when at least one solution is sustainable in the last horizon year: its mean is the probability of at least one.")
        for (cap, breached) in zip(caps, capBreached) {
            guard let breached else { continue }
            capBreachedAny.append((breached, scalar(
                "cap.breached.any.\(cap.payer)", "\(Self.name(cap.payer)) cap breached in any year", .flag, .lower, .zero,
                payer: cap.payer, role: .capBreach,
                "1 when \(cap.payer)'s cap was breached in at least one year: its mean is the probability of a breach.")))
        }
    }

    /// `net_benefit` (DESIGN §8.1), last of the scalars. A cost payer the variant does not
    /// have (its instrument dropped by a mix) spends nothing: it adds no term.
    private mutating func addNetBenefit(_ decision: Decision, payers: [String]) {
        let costs = decision.costPayers.compactMap { payers.firstIndex(of: $0) }.map { npvNet[$0] }
        let index = scalar(
            "net_benefit", "Net benefit", .euro, .higher, .zero,
            "Worth of the solutions sustainable in the last year, plus the worth of discounted uses, minus the discounted net cost of the decision's payers.")
        netBenefit = NetBenefitTerms(
            scalar: index, perSustainableSolution: decision.perSustainableSolution, perUse: decision.perUse,
            sustainable: sustainable, uses: uses, costs: costs)
    }

    // MARK: Rules

    /// Whether an instrument can make private parties spend (feeders, participants with a cost).
    static func hasPrivateSpending(_ i: Instrument) -> Bool {
        i.feeder != nil || i.participants?.unitCost != nil
    }

    /// A pathway earns only if it has a price and is not the cliff.
    static func isPriced(_ p: Pathway) -> Bool {
        if p.isCliff { return false }
        if case .none = p.price { return false }
        return true
    }

    /// How a label names a payer: `State` and `Private` for the two every scenario has, others as
    /// written in the scenario (a label's first letter is then capitalised).
    static func name(_ payer: String) -> String {
        switch payer {
        case "state": return "State"
        case "private": return "Private"
        default: return payer
        }
    }

    /// A label with its first letter capitalised (payer names may start one).
    private static func sentence(_ label: String) -> String {
        label.prefix(1).uppercased() + label.dropFirst()
    }

    /// A yearly series. A variant that lacks it has none of it: its missing value is 0 (the
    /// reduction pairs a missing series with zeros).
    private mutating func series(
        _ id: String, _ label: String, _ unit: MetricUnit, _ kind: MetricKind, _ direction: Better,
        payer: String? = nil, role: MetricRole? = nil, _ summary: String
    ) -> Int {
        if let existing = seriesIndex[id] { return existing }
        series.append(Metric(id: id, label: Self.sentence(label), unit: unit, kind: kind, direction: direction,
                             missing: .zero, payer: payer, role: role, summary: summary))
        seriesIndex[id] = series.count - 1
        return series.count - 1
    }

    private mutating func scalar(
        _ id: String, _ label: String, _ unit: MetricUnit, _ direction: Better, _ missing: MissingValue,
        payer: String? = nil, role: MetricRole? = nil, _ summary: String
    ) -> Int {
        scalars.append(Metric(id: id, label: Self.sentence(label), unit: unit, kind: .scalar, direction: direction,
                              missing: missing, payer: payer, role: role, summary: summary))
        return scalars.count - 1
    }
}

/// What the kernel needs for `net_benefit`: its scalar, the decision's worths, and the rows it
/// reads (the `solutions.sustainable` and `adoption.uses` series, the `npv.net.<payer>` scalars).
struct NetBenefitTerms {
    var scalar: Int
    var perSustainableSolution: Double
    var perUse: Double
    var sustainable: Int
    var uses: Int
    /// Scalar indices of `npv.net.<payer>` for the decision's cost payers this variant has.
    var costs: [Int]
}
