import FundingModel
import MonteCarlo

/// Builds scenarios by hand: parameters are registered by path and referred to by ref.
struct ScenarioBuilder {
    var horizon: ClosedRange<Int>
    var discountRate = 0.0
    var parameters: [Parameter] = []
    var stages: [Stage] = []
    var instruments: [Instrument] = []
    var sustainability: Sustainability?
    var correlations: [FundingModel.Correlation] = []

    init(horizon: ClosedRange<Int>, discountRate: Double = 0) {
        self.horizon = horizon
        self.discountRate = discountRate
    }

    @discardableResult
    mutating func parameter(
        _ path: String, _ distribution: Distribution, domain: ParameterDomain, unit: String = "", eachYear: Bool = false
    ) -> ParameterRef {
        parameters.append(Parameter(path: path, distribution: distribution, eachYear: eachYear, unit: unit, domain: domain))
        return ParameterRef(parameters.count - 1)
    }

    mutating func constant(_ path: String, _ value: Double, domain: ParameterDomain) -> ParameterRef {
        parameter(path, .constant(value), domain: domain)
    }

    /// A stage with constant duration, success and cost.
    mutating func stage(_ name: String, duration: Double, success: Double, cost: Double) {
        stages.append(Stage(
            name: name,
            duration: constant("\(name).duration", duration, domain: .wholeYears),
            success: constant("\(name).success", success, domain: .probability),
            cost: constant("\(name).cost", cost, domain: .positive)))
    }

    /// A stage with explicit laws.
    mutating func stage(_ name: String, duration: Distribution, success: Distribution, cost: Distribution) {
        stages.append(Stage(
            name: name,
            duration: parameter("\(name).duration", duration, domain: .wholeYears),
            success: parameter("\(name).success", success, domain: .probability),
            cost: parameter("\(name).cost", cost, domain: .positive)))
    }

    /// `research_call ID` with any of projects / budget per year / grant, entering stage `enter`.
    mutating func researchCall(
        _ id: String, years: ClosedRange<Int>, projects: Double? = nil, budget: Double? = nil,
        grant: Double? = nil, enter: Int = 0
    ) {
        let p = projects.map { constant("\(id).projects", $0, domain: .count) }
        let b = budget.map { Budget.perYear(constant("\(id).budget", $0, domain: .positive)) }
        let g = grant.map { constant("\(id).grant", $0, domain: .positive) }
        instruments.append(Instrument(
            id: id, label: id, kind: .researchCall, years: years, budget: b,
            feeder: Feeder(entryStage: enter, projects: p, grant: g)))
    }

    /// Sustainability with constant market, uses and Bass coefficients.
    mutating func sustain(
        market: Double, uses: Double, p: Double, q: Double, pathways: [Pathway],
        opexFixed: Double? = nil, opexPerSite: Double? = nil, savings: [(Double, String)] = [],
        exitAfter: Double? = nil, caps: [(String, Double, CapPolicy)] = []
    ) {
        let m = constant("market", market, domain: .positive)
        let u = constant("uses", uses, domain: .positive)
        let bp = constant("adoption.p", p, domain: .positive)
        let bq = constant("adoption.q", q, domain: .positive)
        let f = opexFixed.map { constant("opex.fixed", $0, domain: .positive) }
        let v = opexPerSite.map { constant("opex.per_site", $0, domain: .positive) }
        let sv = savings.map { Savings(perUse: constant("savings.\($0.1)", $0.0, domain: .positive), payer: $0.1) }
        let k = exitAfter.map { constant("exit.after", $0, domain: .wholeYears) }
        let c = caps.map { Cap(payer: $0.0, amount: constant("cap.\($0.0)", $0.1, domain: .positive), policy: $0.2) }
        sustainability = Sustainability(
            market: m, uses: u, bassP: bp, bassQ: bq, pathways: pathways, opexFixed: f, opexPerSite: v,
            savings: sv, exitAfter: k, caps: c)
    }

    /// A pathway with constant share (nil = rest), delay and price.
    mutating func pathway(
        _ name: String, share: Double?, delay: Double? = nil, tariff: Double? = nil, licence: Double? = nil,
        payer: String? = nil
    ) -> Pathway {
        let s = share.map { constant("pathway.\(name).share", $0, domain: .share) }
        let d = delay.map { constant("pathway.\(name).delay", $0, domain: .wholeYears) }
        var price = Price.none
        if let tariff { price = .tariffPerUse(constant("pathway.\(name).tariff", tariff, domain: .positive)) }
        if let licence { price = .licencePerSiteYear(constant("pathway.\(name).licence", licence, domain: .positive)) }
        return Pathway(name: name, share: s, delay: d, price: price, payer: payer)
    }

    /// Appends the instrument `make` builds (it may register parameters on the way).
    mutating func add(_ make: (inout ScenarioBuilder) -> Instrument) {
        let instrument = make(&self)
        instruments.append(instrument)
    }

    var scenario: Scenario {
        Scenario(
            title: "test", horizon: horizon, discountRate: discountRate, parameters: parameters, stages: stages,
            instruments: instruments, sustainability: sustainability, correlations: correlations, mixes: [])
    }
}

/// All trials of a run, series by series: `series[s][y][trial]`, `scalars[k][trial]`.
struct RunResult {
    let model: SimulationModel
    let trials: Int
    var series: [[[Double]]]
    var scalars: [[Double]]
    var sharesScaledTrials = 0

    /// The values of series `id` in calendar `year`, one per trial.
    func values(_ id: String, _ year: Int) -> [Double] {
        guard let s = model.seriesIndex(of: id) else { fatalError("no series \(id)") }
        return series[s][year - model.scenario.horizon.lowerBound]
    }

    /// Series `id` summed over the horizon, one per trial.
    func total(_ id: String) -> [Double] {
        guard let s = model.seriesIndex(of: id) else { fatalError("no series \(id)") }
        var result = Array(repeating: 0.0, count: trials)
        for row in series[s] { for i in 0 ..< trials { result[i] += row[i] } }
        return result
    }

    func scalar(_ id: String) -> [Double] {
        guard let k = model.scalarIndex(of: id) else { fatalError("no scalar \(id)") }
        return scalars[k]
    }
}

/// Runs `trials` trials in chunks of `chunk`, sampling with the model's own sampler.
func simulate(_ scenario: Scenario, trials: Int, chunk: Int = 512, seed: UInt64 = 1) -> RunResult {
    let model = SimulationModel(scenario: scenario)
    let sampler = try! model.makeSampler(seed: seed, design: .monteCarlo, totalTrials: trials)
    var block = sampler.makeBlock(capacity: chunk)
    var workspace = model.makeWorkspace(capacity: chunk)
    var output = model.makeOutput(capacity: chunk)
    let years = scenario.yearCount
    var result = RunResult(
        model: model, trials: trials,
        series: Array(repeating: Array(repeating: [], count: years), count: model.series.count),
        scalars: Array(repeating: [], count: model.scalars.count))
    var first = 0
    while first < trials {
        block.count = min(chunk, trials - first)
        sampler.fill(&block, firstTrial: first)
        model.simulate(firstTrial: first, seed: seed, parameters: block, workspace: &workspace, into: &output)
        for s in 0 ..< model.series.count {
            for y in 0 ..< years {
                let start = output.seriesOffset(s, year: y)
                result.series[s][y].append(contentsOf: output.series[start ..< start + output.count])
            }
        }
        for k in 0 ..< model.scalars.count {
            let start = output.scalarOffset(k)
            result.scalars[k].append(contentsOf: output.scalars[start ..< start + output.count])
        }
        result.sharesScaledTrials += output.sharesScaledTrials
        first += output.count
    }
    return result
}

/// Mean and Monte Carlo standard error (sd / √n).
func meanAndError(_ xs: [Double]) -> (mean: Double, mcse: Double) {
    let n = Double(xs.count)
    let mean = xs.reduce(0, +) / n
    let variance = xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
    return (mean, (variance / n).squareRoot())
}

/// Elementwise a + b.
func plus(_ a: [Double], _ b: [Double]) -> [Double] { zip(a, b).map { $0 + $1 } }

/// A 90% interval law, as the resolver fits `a to b` for the domain.
func interval(_ a: Double, _ b: Double, _ family: IntervalFamily) -> Distribution {
    try! Distribution.interval90(a, b, family: family)
}

/// The acceptance example (ami-2019.scenario) built by hand. `experimentations.projects` is
/// poisson(6) each year in the file; the sampler's Poisson quantile is still to come, so the
/// tests use a rounded lognormal with mean about 6 each year instead.
func amiScenario(cap policy: CapPolicy = .priceVolume, pathways kind: AmiPathways = .asWritten) -> Scenario {
    var b = ScenarioBuilder(horizon: 2026 ... 2035, discountRate: 0.025)
    b.stage("poc", duration: .constant(1), success: interval(0.45, 0.65, .logitNormal), cost: .constant(150_000))
    b.stage("pilot", duration: .constant(2), success: interval(0.30, 0.50, .logitNormal), cost: .constant(400_000))
    b.stage("evaluation", duration: .constant(1), success: interval(0.50, 0.80, .logitNormal), cost: .constant(250_000))
    let poc = 0, pilot = 1

    b.add { b in Instrument(
        id: "recherche", label: "Appels à projets de recherche", kind: .researchCall, years: 2026 ... 2029,
        feeder: Feeder(entryStage: poc, projects: b.constant("recherche.projects", 10, domain: .count),
                       grant: b.constant("recherche.grant", 300_000, domain: .positive))) }
    b.add { b in Instrument(
        id: "experimentations", label: "Expérimentations en entreprise", kind: .experimentationCall, years: 2027 ... 2031,
        feeder: Feeder(
            entryStage: pilot,
            projects: b.parameter("experimentations.projects", .rounded(.lognormal(mu: 1.7, sigma: 0.4), min: 0, max: .infinity),
                                  domain: .count, eachYear: true),
            cofunding: b.constant("experimentations.cofunding", 0.45, domain: .share),
            collaborative: Collaborative(
                share: b.constant("experimentations.collaborative", 0.30, domain: .share),
                successShift: b.constant("experimentations.collaborative.success", 0.10, domain: .signed),
                costChange: b.constant("experimentations.collaborative.cost", 0.20, domain: .signed)))) }
    b.add { b in Instrument(
        id: "defis", label: "Challenges de données", kind: .challenge, years: 2026 ... 2028,
        feeder: Feeder(entryStage: pilot, projects: b.constant("defis.winners", 3, domain: .count),
                       prize: b.constant("defis.prize", 300_000, domain: .positive)),
        participants: Participants(count: b.parameter("defis.participants", interval(40, 400, .roundedLognormal), domain: .count))) }
    b.add { b in Instrument(
        id: "bases", label: "Bases de données ouvertes annotées", kind: .openDatabase, years: 2026 ... 2027,
        annotations: Annotations(count: b.constant("bases.annotations", 150_000, domain: .count),
                                 unitCost: b.parameter("bases.annotations.cost", interval(2, 8, .lognormal), domain: .positive)),
        effects: [Effect(target: ParameterRef(1), kind: .percentagePoints,
                         change: b.parameter("bases.effect.poc.success", interval(0.03, 0.08, .normal), domain: .signed))]) }
    b.add { b in Instrument(
        id: "plateformes", label: "Structures numériques", kind: .stateInvestment, years: 2026 ... 2028,
        budget: .total(b.constant("plateformes.budget", 20_000_000, domain: .positive), over: 2026 ... 2028),
        effects: [Effect(target: ParameterRef(5), kind: .percent,
                         change: b.parameter("plateformes.effect.pilot.cost", interval(-0.15, -0.05, .normal), domain: .signed))]) }
    b.add { b in Instrument(
        id: "outils", label: "Outils logiciels ouverts", kind: .openTools, years: 2026 ... 2030,
        budget: .perYear(b.constant("outils.budget", 1_500_000, domain: .positive)),
        effects: [Effect(target: ParameterRef(2), kind: .percent,
                         change: b.parameter("outils.effect.poc.cost", interval(-0.10, -0.02, .normal), domain: .signed))]) }
    let market = b.constant("market", 1_500, domain: .positive)
    let uses = b.parameter("uses", interval(2_000, 10_000, .lognormal), domain: .positive)
    let bassP = b.parameter("adoption.p", interval(0.01, 0.04, .lognormal), domain: .positive)
    let bassQ = b.parameter("adoption.q", interval(0.30, 0.60, .lognormal), domain: .positive)
    b.add { b in Instrument(
        id: "organisations", label: "Soutien direct", kind: .directGrant, years: 2026 ... 2030,
        budget: .perYear(b.constant("organisations.budget", 800_000, domain: .positive)),
        effects: [Effect(target: bassQ, kind: .percent,
                         change: b.parameter("organisations.effect.adoption.q", interval(0.05, 0.20, .normal), domain: .signed))]) }
    var pathways: [Pathway] = []
    switch kind {
    case .asWritten:
        pathways = [
            Pathway(name: "reimbursement", share: b.parameter("pathway.reimbursement.share", interval(0.2, 0.4, .logitNormal), domain: .share),
                    delay: b.parameter("pathway.reimbursement.delay", .wholeUniform(min: 1, max: 3), domain: .wholeYears),
                    price: .tariffPerUse(b.parameter("pathway.reimbursement.tariff", interval(2, 10, .lognormal), domain: .positive)),
                    payer: "assurance_maladie"),
            Pathway(name: "hospital_budget", share: b.parameter("pathway.hospital_budget.share", interval(0.3, 0.5, .logitNormal), domain: .share),
                    delay: b.parameter("pathway.hospital_budget.delay", .wholeUniform(min: 0, max: 1), domain: .wholeYears),
                    price: .licencePerSiteYear(b.parameter("pathway.hospital_budget.licence", interval(10_000, 40_000, .lognormal), domain: .positive)),
                    payer: "hospitals"),
            Pathway(name: "none", share: nil),
        ]
    case .onlyNone:
        pathways = [Pathway(name: "none", share: nil)]
    }
    b.sustainability = Sustainability(
        market: market, uses: uses, bassP: bassP, bassQ: bassQ, pathways: pathways,
        opexFixed: b.constant("opex.fixed", 300_000, domain: .positive),
        opexPerSite: b.constant("opex.per_site", 1_000, domain: .positive),
        savings: [Savings(perUse: b.parameter("savings.hospitals", interval(5, 20, .lognormal), domain: .positive), payer: "hospitals")],
        exitAfter: b.constant("exit.after", 2, domain: .wholeYears),
        caps: kind == .asWritten
            ? [Cap(payer: "assurance_maladie", amount: b.constant("cap.assurance_maladie", 30_000_000, domain: .positive), policy: policy)]
            : [])
    b.correlations = [FundingModel.Correlation(first: ParameterRef(1), second: ParameterRef(4), spearman: 0.5)]
    return b.scenario
}

enum AmiPathways { case asWritten, onlyNone }
