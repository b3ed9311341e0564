import FundingModel
import MonteCarlo

/// Group "model": the cost of `SimulationModel.simulate` on the acceptance example, one core,
/// parameters drawn beforehand (sampling is MonteCarlo's benchmark, not this one), for chunks of
/// 128, 256 and 1024 trials (the engine's default); and the model's random counts in isolation.
func modelBenchmarks() -> [Benchmark] {
    let scenario = AmiScenario.make()
    let model = SimulationModel(scenario: scenario)
    let trials = 16_384
    return countInversionBenchmarks() + [128, 256, 1_024].map { chunk in
        let blocks = AmiScenario.sampledBlocks(model: model, trials: trials, chunk: chunk, seed: 1)
        var workspace = model.makeWorkspace(capacity: chunk)
        var output = model.makeOutput(capacity: chunk)
        return Benchmark(group: "model", name: "simulate ami-2019, chunk \(chunk)", unit: "trials") {
            var first = 0
            for block in blocks {
                model.simulate(firstTrial: first, seed: 1, parameters: block, workspace: &workspace, into: &output)
                first += block.count
            }
            return first
        }
    }
}

/// The model's random counts in isolation: a row of uniforms (one Philox block at a time, then
/// four), and Binomial(n, p) inverted for laws like the model's (cohorts of Poisson(6) projects,
/// success 0.3 to 0.7), one at a time and in blocks of eight.
func countInversionBenchmarks() -> [Benchmark] {
    let laws = 1 << 16
    var state: UInt64 = 1
    func next() -> Double {
        state = StableHash.mix(state)
        return Draws.unitInterval(state)
    }
    var u: [Double] = [], n: [Double] = [], p: [Double] = []
    for _ in 0 ..< laws {
        u.append(next())
        n.append(Double(Poisson.quantile(next(), lambda: 6)))
        p.append(0.3 + 0.4 * next())
    }
    var out = [Double](repeating: 0, count: laws)
    let key = StreamKey(seed: 1, name: "passage:poc:recherche")
    return [
        Benchmark(group: "model", name: "count uniforms, Draws.fillUniforms", unit: "uniforms") {
            out.withUnsafeMutableBufferPointer { Draws.fillUniforms(key: key, year: 2030, draw: 0, firstTrial: 0, into: $0) }
            return laws
        },
        Benchmark(group: "model", name: "count uniforms, CountUniforms.fill", unit: "uniforms") {
            out.withUnsafeMutableBufferPointer { CountUniforms.fill(key: key, year: 2030, firstTrial: 0, into: $0) }
            return laws
        },
        Benchmark(group: "model", name: "binomial quantile, one by one", unit: "laws") {
            for i in 0 ..< laws { out[i] = Double(Binomial.quantile(u[i], n: Int(n[i]), p: p[i])) }
            return laws
        },
        Benchmark(group: "model", name: "binomial fillQuantiles, bulk", unit: "laws") {
            u.withUnsafeBufferPointer { u in
                n.withUnsafeBufferPointer { n in
                    p.withUnsafeBufferPointer { p in
                        out.withUnsafeMutableBufferPointer { Binomial.fillQuantiles(u: u, n: n, p: p, into: $0) }
                    }
                }
            }
            return laws
        },
    ]
}

/// ../shared/examples/ami-2019.scenario, built in Swift as the resolver would build it.
enum AmiScenario {
    static func make() -> Scenario {
        var parameters: [Parameter] = []
        func p(_ path: String, _ d: Distribution, _ domain: ParameterDomain, _ unit: String, eachYear: Bool = false) -> ParameterRef {
            parameters.append(Parameter(path: path, distribution: d, eachYear: eachYear, unit: unit, domain: domain))
            return ParameterRef(parameters.count - 1)
        }
        func interval(_ a: Double, _ b: Double, _ family: IntervalFamily) -> Distribution {
            try! Distribution.interval90(a, b, family: family)
        }
        func stage(_ name: String, _ d: Double, _ a: Double, _ b: Double, _ cost: Double) -> Stage {
            Stage(name: name, duration: p("\(name).duration", .constant(d), .wholeYears, "years"),
                  success: p("\(name).success", interval(a, b, .logitNormal), .probability, "probability"),
                  cost: p("\(name).cost", .constant(cost), .positive, "€/project-year"))
        }
        let stages = [stage("poc", 1, 0.45, 0.65, 150_000), stage("pilot", 2, 0.30, 0.50, 400_000),
                      stage("evaluation", 1, 0.50, 0.80, 250_000)]
        var instruments: [Instrument] = []
        instruments.append(Instrument(
            id: "recherche", label: "Appels à projets de recherche", kind: .researchCall, years: 2026 ... 2029,
            feeder: Feeder(entryStage: 0, projects: p("recherche.projects", .constant(10), .count, "projects/year"),
                           grant: p("recherche.grant", .constant(300_000), .positive, "€/project"))))
        let collaborative = Collaborative(
            share: p("experimentations.collaborative", .constant(0.30), .share, "share"),
            successShift: p("experimentations.collaborative.success", .constant(0.10), .signed, "pp"),
            costChange: p("experimentations.collaborative.cost", .constant(0.20), .signed, "%"))
        instruments.append(Instrument(
            id: "experimentations", label: "Expérimentations en entreprise", kind: .experimentationCall, years: 2027 ... 2031,
            feeder: Feeder(entryStage: 1,
                           projects: p("experimentations.projects", .poisson(lambda: 6), .count, "projects/year", eachYear: true),
                           cofunding: p("experimentations.cofunding", .constant(0.45), .share, "share"),
                           collaborative: collaborative)))
        let winners = p("defis.winners", .constant(3), .count, "winners/year")
        let prize = p("defis.prize", .constant(300_000), .positive, "€/year")
        instruments.append(Instrument(
            id: "defis", label: "Challenges de données", kind: .challenge, years: 2026 ... 2028,
            feeder: Feeder(entryStage: 1, projects: winners, prize: prize),
            participants: Participants(count: p("defis.participants", interval(40, 400, .roundedLognormal), .count, "participants/year"))))
        let annotations = Annotations(count: p("bases.annotations", .constant(150_000), .count, "annotations/year"),
                                      unitCost: p("bases.annotations.cost", interval(2, 8, .lognormal), .positive, "€/annotation"))
        instruments.append(Instrument(
            id: "bases", label: "Bases de données ouvertes annotées", kind: .openDatabase, years: 2026 ... 2027,
            annotations: annotations,
            effects: [Effect(target: stages[0].success, kind: .percentagePoints,
                             change: p("bases.effect.poc.success", interval(0.03, 0.08, .normal), .signed, "pp"))]))
        instruments.append(Instrument(
            id: "plateformes", label: "Structures numériques pour l'usage des données", kind: .stateInvestment, years: 2026 ... 2028,
            budget: .total(p("plateformes.budget", .constant(20_000_000), .positive, "€"), over: 2026 ... 2028),
            effects: [Effect(target: stages[1].cost, kind: .percent,
                             change: p("plateformes.effect.pilot.cost", interval(-0.15, -0.05, .normal), .signed, "%"))]))
        instruments.append(Instrument(
            id: "outils", label: "Outils logiciels ouverts", kind: .openTools, years: 2026 ... 2030,
            budget: .perYear(p("outils.budget", .constant(1_500_000), .positive, "€/year")),
            effects: [Effect(target: stages[0].cost, kind: .percent,
                             change: p("outils.effect.poc.cost", interval(-0.10, -0.02, .normal), .signed, "%"))]))
        let market = p("market", .constant(1_500), .positive, "sites")
        let uses = p("uses", interval(2_000, 10_000, .lognormal), .positive, "uses/site-year")
        let bassP = p("adoption.p", interval(0.01, 0.04, .lognormal), .positive, "1/year")
        let bassQ = p("adoption.q", interval(0.30, 0.60, .lognormal), .positive, "1/year")
        instruments.append(Instrument(
            id: "organisations", label: "Soutien direct aux organisations professionnelles", kind: .directGrant, years: 2026 ... 2030,
            budget: .perYear(p("organisations.budget", .constant(800_000), .positive, "€/year")),
            effects: [Effect(target: bassQ, kind: .percent,
                             change: p("organisations.effect.adoption.q", interval(0.05, 0.20, .normal), .signed, "%"))]))
        let pathways = [
            Pathway(name: "reimbursement", share: p("pathway.reimbursement.share", interval(0.2, 0.4, .logitNormal), .share, "share"),
                    delay: p("pathway.reimbursement.delay", .wholeUniform(min: 1, max: 3), .wholeYears, "years"),
                    price: .tariffPerUse(p("pathway.reimbursement.tariff", interval(2, 10, .lognormal), .positive, "€/use")),
                    payer: "assurance_maladie"),
            Pathway(name: "hospital_budget", share: p("pathway.hospital_budget.share", interval(0.3, 0.5, .logitNormal), .share, "share"),
                    delay: p("pathway.hospital_budget.delay", .wholeUniform(min: 0, max: 1), .wholeYears, "years"),
                    price: .licencePerSiteYear(p("pathway.hospital_budget.licence", interval(10_000, 40_000, .lognormal), .positive, "€/site-year")),
                    payer: "hospitals"),
            Pathway(name: "none", share: nil),
        ]
        let sustainability = Sustainability(
            market: market, uses: uses, bassP: bassP, bassQ: bassQ, pathways: pathways,
            opexFixed: p("opex.fixed", .constant(300_000), .positive, "€/year"),
            opexPerSite: p("opex.per_site", .constant(1_000), .positive, "€/site-year"),
            savings: [Savings(perUse: p("savings.hospitals", interval(5, 20, .lognormal), .positive, "€/use"), payer: "hospitals")],
            exitAfter: p("exit.after", .constant(2), .wholeYears, "years"),
            caps: [Cap(payer: "assurance_maladie", amount: p("cap.assurance_maladie", .constant(30_000_000), .positive, "€/year"),
                       policy: .priceVolume)])
        let correlations = [
            Correlation(first: stages[0].success, second: stages[1].success, spearman: 0.5),
            Correlation(first: bassQ, second: uses, spearman: 0.3),
        ]
        return Scenario(
            title: "AMI 2019 — mix de référence", horizon: 2026 ... 2035, discountRate: 0.025, parameters: parameters,
            stages: stages, instruments: instruments, sustainability: sustainability, correlations: correlations, mixes: [])
    }

    /// Parameter blocks for `trials` trials. Poisson values are drawn here by inversion of the
    /// sampler's own uniforms (the sampler's Poisson quantile is not in MonteCarlo yet); every
    /// other value comes from the model's sampler.
    static func sampledBlocks(model: SimulationModel, trials: Int, chunk: Int, seed: UInt64) -> [ParameterBlock] {
        var twin = model.scenario
        var poisson: [(index: Int, lambda: Double)] = []
        for (k, parameter) in twin.parameters.enumerated() {
            if case .poisson(let lambda) = parameter.distribution {
                poisson.append((k, lambda))
                twin.parameters[k].distribution = .constant(0)
            }
        }
        let sampler = try! SimulationModel(scenario: twin).makeSampler(seed: seed, design: .monteCarlo, totalTrials: trials)
        var blocks: [ParameterBlock] = []
        var first = 0
        while first < trials {
            var block = sampler.makeBlock(capacity: chunk)
            block.count = min(chunk, trials - first)
            sampler.fill(&block, firstTrial: first)
            for (k, lambda) in poisson {
                let key = StreamKey(seed: seed, name: twin.parameters[k].path)
                for row in 0 ..< block.rows(k) {
                    let year = block.eachYear[k] ? UInt64(twin.horizon.lowerBound + row) : Draws.perTrial
                    block.withMutableRow(k, year: row) { out in
                        for i in out.indices {
                            let u = Draws.uniform(key: key, trial: first + i, year: year, draw: 0)
                            out[i] = Double(Poisson.quantile(u, lambda: lambda))
                        }
                    }
                }
            }
            blocks.append(block)
            first += block.count
        }
        return blocks
    }
}
