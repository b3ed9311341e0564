/// The output series and scalars of a scenario, in their stable order, with the index tables the
/// dynamics write through (no strings on the hot path).
///
/// Order (DESIGN §3 "Outputs"): `projects.*`, `solutions.*`, `adoption.*`, `opex.total`, `spend.*`
/// (grouped by payer in ``Scenario/payers`` order, each payer's sources then its total),
/// `revenue.*`, `savings.*`, `net.*`, `cap.*`, `participants.*`. Two sources that would share an id
/// (an instrument paid by `private`, or an instrument named like a pathway with the same payer)
/// share one series: their amounts add.
struct OutputCatalog {
    private(set) var series: [SeriesInfo] = []
    private(set) var scalars: [ScalarInfo] = []
    private var seriesIndex: [String: Int] = [:]

    /// Series index of `projects.entered|active|failed.<stage>`, by stage.
    var entered: [Int] = [], active: [Int] = [], failed: [Int] = []
    var launched = 0, solutionsActive = 0, sustainable = 0, withdrawn = 0, cliff = 0
    var sites = 0, uses = 0, opex = 0
    /// `spend.<instrument payer>.<id>`, by instrument.
    var instrumentSpend: [Int] = []
    /// `spend.private.<id>` by instrument, or -1 when the instrument has no private spending.
    var instrumentPrivate: [Int] = []
    /// `spend.<payer>.<pathway>` and `revenue.<pathway>` by pathway, -1 when unpriced or unpaid.
    var pathwaySpend: [Int] = [], pathwayRevenue: [Int] = []
    /// By payer of ``Scenario/payers``.
    var payerTotal: [Int] = [], payerSources: [[Int]] = [], payerSavings: [Int] = [], payerNet: [Int] = []
    /// `cap.breached.<payer>` by cap, -1 for a second cap on the same payer (ignored).
    var capBreached: [Int] = []
    /// `participants.<id>` by instrument, -1 when it has no participants.
    var participants: [Int] = []

    /// Scalars: `npv.<x>` with the series it discounts.
    var npv: [(series: Int, scalar: Int)] = []
    var costPerSustainable = 0, breakevenYear = 0
    /// `solutions.sustainable.any`.
    var sustainableAny = 0
    /// `cap.breached.any.<payer>` with the yearly `cap.breached.<payer>` series it summarises.
    var capBreachedAny: [(series: Int, scalar: Int)] = []

    init(scenario: Scenario) {
        let stages = scenario.stages
        for s in stages {
            entered.append(add("projects.entered.\(s.name)", "projects", .flow,
                               "Projects entering stage \(s.name) in the year."))
        }
        for s in stages {
            active.append(add("projects.active.\(s.name)", "projects", .stock,
                              "Projects in stage \(s.name) during the year (entry year to exit year inclusive)."))
        }
        for s in stages {
            failed.append(add("projects.failed.\(s.name)", "projects", .flow,
                              "Projects failing stage \(s.name) at the end of the year."))
        }
        launched = add("solutions.launched", "solutions", .flow,
                       "Solutions launched in the year (passed the last stage at the end of the previous year).")
        solutionsActive = add("solutions.active", "solutions", .stock,
                              "Launched solutions neither withdrawn nor fallen off the cliff, end of year.")
        sustainable = add("solutions.sustainable", "solutions", .stock,
                          "Solutions past their delay, on a paying pathway, with revenue at least opex after caps.")
        withdrawn = add("solutions.withdrawn", "solutions", .flow,
                        "Solutions withdrawn at the end of the year after K years below breakeven.")
        cliff = add("solutions.cliff", "solutions", .flow,
                    "Solutions launched without an economic model (pathway none): the proof-of-concept cliff.")
        sites = add("adoption.sites", "sites", .stock,
                    "Adopting site-solutions during the year (expected Bass adopters, summed over solutions).")
        uses = add("adoption.uses", "uses", .flow, "Uses of AI solutions in the year.")
        opex = add("opex.total", "€", .flow,
                   "Operating cost of the solutions in use (fixed + per site); the firms' cost, not spending.")

        let payers = scenario.payers
        let instruments = scenario.instruments
        let pathways = scenario.sustainability?.pathways ?? []
        instrumentSpend = Array(repeating: -1, count: instruments.count)
        instrumentPrivate = Array(repeating: -1, count: instruments.count)
        pathwaySpend = Array(repeating: -1, count: pathways.count)
        pathwayRevenue = Array(repeating: -1, count: pathways.count)
        for payer in payers {
            var sources: [Int] = []
            func source(_ index: Int) { if !sources.contains(index) { sources.append(index) } }
            for (k, inst) in instruments.enumerated() where inst.payer == payer {
                let s = add("spend.\(payer).\(inst.id)", "€", .flow,
                            "Spending of \(inst.kind.rawValue) \(inst.id) booked to \(payer).")
                instrumentSpend[k] = s
                source(s)
            }
            if payer == "private" {
                for (k, inst) in instruments.enumerated() where Self.hasPrivateSpending(inst) {
                    let s = add("spend.private.\(inst.id)", "€", .flow,
                                "Private spending that \(inst.id) draws: stage costs beyond public money, participants.")
                    instrumentPrivate[k] = s
                    source(s)
                }
            }
            for (k, p) in pathways.enumerated() where p.payer == payer && Self.isPriced(p) {
                let s = add("spend.\(payer).\(p.name)", "€", .flow,
                            "What \(payer) pays for solutions on pathway \(p.name) (after its cap).")
                pathwaySpend[k] = s
                source(s)
            }
            payerTotal.append(add("spend.\(payer).total", "€", .flow, "All spending booked to \(payer)."))
            payerSources.append(sources)
        }
        for (k, p) in pathways.enumerated() where Self.isPriced(p) {
            pathwayRevenue[k] = add("revenue.\(p.name)", "€", .flow,
                                    "Revenue of solutions on pathway \(p.name) (tariffs or licences, after caps).")
        }
        for payer in payers {
            payerSavings.append(add("savings.\(payer)", "€", .flow, "Savings accruing to \(payer) from uses."))
        }
        for payer in payers {
            payerNet.append(add("net.\(payer)", "€", .flow, "Spending minus savings of \(payer)."))
        }
        var capped: Set<String> = []
        for c in scenario.sustainability?.caps ?? [] {
            if capped.insert(c.payer).inserted {
                capBreached.append(add("cap.breached.\(c.payer)", "0/1", .indicator,
                                       "1 when \(c.payer)'s pathway demand before its cap policy exceeds the cap."))
            } else {
                capBreached.append(-1)
            }
        }
        participants = Array(repeating: -1, count: instruments.count)
        for (k, inst) in instruments.enumerated() where inst.participants != nil {
            participants[k] = add("participants.\(inst.id)", "participants", .flow,
                                  "Participants in \(inst.id) in the year.")
        }

        // Scalars.
        for (k, payer) in payers.enumerated() {
            npv.append((payerTotal[k], scalar("npv.spend.\(payer)", "€", "Discounted spending of \(payer) over the horizon.")))
        }
        for (k, payer) in payers.enumerated() {
            npv.append((payerSavings[k], scalar("npv.savings.\(payer)", "€", "Discounted savings of \(payer) over the horizon.")))
        }
        for (k, payer) in payers.enumerated() {
            npv.append((payerNet[k], scalar("npv.net.\(payer)", "€", "Discounted spending minus savings of \(payer).")))
        }
        for (k, p) in pathways.enumerated() where pathwayRevenue[k] >= 0 {
            npv.append((pathwayRevenue[k], scalar("npv.revenue.\(p.name)", "€", "Discounted revenue on pathway \(p.name).")))
        }
        costPerSustainable = scalar(
            "cost_per_sustainable_solution", "€/solution",
            "Undiscounted State spending over the horizon per sustainable solution in the last year (NaN if none).")
        breakevenYear = scalar(
            "breakeven_year", "year",
            "First year cumulative savings of all payers reach cumulative public and pathway-payer spending (NaN if never).")
        sustainableAny = scalar(
            "solutions.sustainable.any", "0/1",
            "1 when at least one solution is sustainable in the last horizon year: its mean is the probability of at least one.")
        for (c, cap) in (scenario.sustainability?.caps ?? []).enumerated() where capBreached[c] >= 0 {
            capBreachedAny.append((capBreached[c], scalar(
                "cap.breached.any.\(cap.payer)", "0/1",
                "1 when \(cap.payer)'s cap was breached in at least one year: its mean is the probability of a breach.")))
        }
    }

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

    private mutating func add(_ id: String, _ unit: String, _ kind: SeriesKind, _ summary: String) -> Int {
        if let existing = seriesIndex[id] { return existing }
        series.append(SeriesInfo(id: id, unit: unit, kind: kind, summary: summary))
        seriesIndex[id] = series.count - 1
        return series.count - 1
    }

    private mutating func scalar(_ id: String, _ unit: String, _ summary: String) -> Int {
        scalars.append(ScalarInfo(id: id, unit: unit, summary: summary))
        return scalars.count - 1
    }
}
