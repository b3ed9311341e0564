import FundingModel
import MonteCarlo

/// A small scenario built in Swift: one research call feeding a two-stage pipeline, one priced
/// pathway and the cliff, uncertain values of several families.
func smallScenario(mixes: [Mix] = []) -> Scenario {
    var parameters: [Parameter] = []
    func add(_ path: String, _ d: Distribution, _ domain: ParameterDomain, _ unit: String, eachYear: Bool = false) -> ParameterRef {
        parameters.append(Parameter(path: path, distribution: d, eachYear: eachYear, unit: unit, domain: domain))
        return ParameterRef(parameters.count - 1)
    }
    let pocDuration = add("poc.duration", .constant(1), .wholeYears, "years")
    let pocSuccess = add("poc.success", .logitNormal(mu: 0.2, sigma: 0.3), .probability, "probability")
    let pocCost = add("poc.cost", .lognormal(mu: 11.9, sigma: 0.2), .positive, "€/project-year")
    let pilotDuration = add("pilot.duration", .wholeUniform(min: 1, max: 2), .wholeYears, "years")
    let pilotSuccess = add("pilot.success", .logitNormal(mu: -0.4, sigma: 0.3), .probability, "probability")
    let pilotCost = add("pilot.cost", .lognormal(mu: 12.9, sigma: 0.2), .positive, "€/project-year")
    let projects = add("recherche.projects", .rounded(.lognormal(mu: 2.3, sigma: 0.3), min: 0, max: .infinity), .count, "projects/year", eachYear: true)
    let grant = add("recherche.grant", .constant(300_000), .positive, "€/project")
    let market = add("market", .constant(1_500), .positive, "sites")
    let uses = add("uses", .lognormal(mu: 8.3, sigma: 0.4), .positive, "uses/site-year")
    let p = add("adoption.p", .lognormal(mu: -3.7, sigma: 0.4), .positive, "1/year")
    let q = add("adoption.q", .lognormal(mu: -0.8, sigma: 0.2), .positive, "1/year")
    let share = add("pathway.reimbursement.share", .logitNormal(mu: -1, sigma: 0.3), .share, "share")
    let delay = add("pathway.reimbursement.delay", .wholeUniform(min: 1, max: 3), .wholeYears, "years")
    let tariff = add("pathway.reimbursement.tariff", .lognormal(mu: 1.5, sigma: 0.4), .positive, "€/use")
    let opexFixed = add("opex.fixed", .constant(300_000), .positive, "€/year")
    let opexSite = add("opex.per_site", .constant(1_000), .positive, "€/site-year")
    let savings = add("savings.hospitals", .lognormal(mu: 2.3, sigma: 0.3), .positive, "€/use")
    let exitAfter = add("exit.after", .constant(2), .wholeYears, "years")
    let cap = add("cap.assurance_maladie", .constant(30_000_000), .positive, "€/year")
    return Scenario(
        title: "Small test scenario", horizon: 2026...2033, discountRate: 0.025, parameters: parameters,
        stages: [
            Stage(name: "poc", duration: pocDuration, success: pocSuccess, cost: pocCost),
            Stage(name: "pilot", duration: pilotDuration, success: pilotSuccess, cost: pilotCost),
        ],
        instruments: [
            Instrument(id: "recherche", label: "Research", kind: .researchCall, years: 2026...2029,
                       feeder: Feeder(entryStage: 0, projects: projects, grant: grant)),
        ],
        sustainability: Sustainability(
            market: market, uses: uses, bassP: p, bassQ: q,
            pathways: [
                Pathway(name: "reimbursement", share: share, delay: delay, price: .tariffPerUse(tariff), payer: "assurance_maladie"),
                Pathway(name: "none", share: nil),
            ],
            opexFixed: opexFixed, opexPerSite: opexSite, savings: [Savings(perUse: savings, payer: "hospitals")],
            exitAfter: exitAfter, caps: [Cap(payer: "assurance_maladie", amount: cap, policy: .priceVolume)]),
        correlations: [Correlation(first: pocSuccess, second: pilotSuccess, spearman: 0.5)],
        mixes: mixes)
}
