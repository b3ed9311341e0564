import Foundation
import Testing
import FundingModel
import MonteCarlo
@testable import ScenarioLanguage

/// The Scenario that a file with every clause resolves to (Fixtures/full.scenario).
struct ResolvedScenarioTests {
    let scenario: Scenario

    init() throws {
        let result = compile(try fixture("full.scenario"), "full.scenario")
        #expect(result.diagnostics.isEmpty, "\(result.rendered())")
        scenario = try #require(result.scenario)
    }

    func path(_ r: ParameterRef?) -> String? { r.map { scenario[$0].path } }

    @Test func header() {
        #expect(scenario.title == "Full")
        #expect(scenario.horizon == 2026...2032)
        #expect(scenario.discountRate == 0.03)
    }

    @Test func stages() {
        #expect(scenario.stages.map(\.name) == ["idea", "trial"])
        #expect(path(scenario.stages[1].duration) == "trial.duration")
        #expect(scenario[scenario.stages[1].duration].distribution == .wholeUniform(min: 1, max: 3))
        #expect(scenario[scenario.stages[1].success].distribution == .beta(alpha: 3, beta: 5))
    }

    @Test func instrumentYearsFollowYearsThenBudgetThenHorizon() {
        let years = Dictionary(uniqueKeysWithValues: scenario.instruments.map { ($0.id, $0.years) })
        #expect(years["calls"] == 2026...2028)      // `years`
        #expect(years["platforms"] == 2027...2029)  // `budget … over`
        #expect(years["firms"] == 2026...2032)      // the horizon
        #expect(years["data"] == 2026...2032)
    }

    @Test func feeders() throws {
        let calls = try #require(scenario.instruments.first { $0.id == "calls" })
        #expect(calls.kind == .researchCall)
        #expect(calls.payer == "region")
        #expect(calls.budget == .perYear(scenario.reference(path: "calls.budget")!))
        #expect(calls.feeder?.entryStage == 0)
        #expect(path(calls.feeder?.projects) == "calls.projects")
        #expect(path(calls.feeder?.grant) == "calls.grant")

        let firms = try #require(scenario.instruments.first { $0.id == "firms" })
        #expect(firms.feeder?.entryStage == 1)
        #expect(path(firms.feeder?.cofunding) == "firms.cofunding")
        #expect(path(firms.feeder?.collaborative?.share) == "firms.collaborative")
        #expect(path(firms.feeder?.collaborative?.successShift) == "firms.collaborative.success")
        #expect(path(firms.feeder?.collaborative?.costChange) == "firms.collaborative.cost")
        #expect(scenario.parameter("firms.projects")?.eachYear == true)

        let contests = try #require(scenario.instruments.first { $0.id == "contests" })
        #expect(contests.feeder?.entryStage == 1)
        #expect(path(contests.feeder?.projects) == "contests.winners")
        #expect(path(contests.feeder?.prize) == "contests.prize")
        #expect(path(contests.organisation) == "contests.organisation")
        #expect(path(contests.participants?.count) == "contests.participants")
        #expect(path(contests.participants?.unitCost) == "contests.participants.cost")
    }

    @Test func enablersAndEffects() throws {
        let data = try #require(scenario.instruments.first { $0.id == "data" })
        #expect(data.feeder == nil)
        #expect(path(data.annotations?.count) == "data.annotations")
        #expect(data.effects.map { [path($0.target), path($0.change)] } == [["idea.success", "data.effect.idea.success"]])
        #expect(data.effects.first?.kind == .percentagePoints)

        let platforms = try #require(scenario.instruments.first { $0.id == "platforms" })
        #expect(platforms.budget == .total(scenario.reference(path: "platforms.budget")!, over: 2027...2029))
        #expect(platforms.effects.first?.kind == .percent)

        let tools = try #require(scenario.instruments.first { $0.id == "tools" })
        #expect(tools.effects.first?.kind == .years)
        #expect(path(tools.effects.first?.target) == "idea.duration")

        let unions = try #require(scenario.instruments.first { $0.id == "unions" })
        #expect(path(unions.effects.first?.target) == "adoption.q")
        #expect(scenario.parameter("unions.effect.adoption.q")?.distribution == .constant(0.10))
    }

    @Test func sustainability() throws {
        let s = try #require(scenario.sustainability)
        #expect(path(s.market) == "market")
        #expect(scenario[s.bassP].distribution == Distribution.lognormal(mu: (log(0.01) + log(0.03)) / 2, sigma: (log(0.03) - log(0.01)) / (2 * z95)))
        #expect(s.pathways.map(\.name) == ["refund", "hospitals", "none"])
        #expect(s.pathways[0].price == .tariffPerUse(scenario.reference(path: "pathway.refund.tariff")!))
        #expect(s.pathways[0].payer == "insurer")
        #expect(s.pathways[1].price == .licencePerSiteYear(scenario.reference(path: "pathway.hospitals.licence")!))
        #expect(s.pathways[2].isRest && s.pathways[2].isCliff && s.pathways[2].payer == nil)
        #expect(path(s.opexFixed) == "opex.fixed")
        #expect(path(s.opexPerSite) == "opex.per_site")
        #expect(s.savings.map(\.payer) == ["hospitals", "insurer"])
        #expect(path(s.exitAfter) == "exit.after")
        #expect(s.caps.map(\.payer) == ["insurer", "hospitals"])
        #expect(s.caps.map(\.policy) == [.ration, .flag])
    }

    @Test func payersCorrelationsAndMixes() throws {
        #expect(scenario.payers == ["state", "private", "region", "insurer", "hospitals"])
        #expect(scenario.correlations.map { [path($0.first), path($0.second)] } == [["idea.success", "uses"], ["adoption.p", "adoption.q"]])
        #expect(scenario.correlations.map(\.spearman) == [0.4, -0.2])
        #expect(scenario.mixes.map(\.name) == ["More contests", "No refund"])
        let more = scenario.mixes[0]
        #expect(more.without == ["tools"])
        #expect(more.overrides.map { path($0.parameter) } == ["contests.prize", "contests.winners"])
        #expect(more.overrides.map(\.distribution) == [.constant(1_000_000), .constant(4)])
        #expect(more.overrides.map(\.eachYear) == [false, true])
        let noRefund = scenario.mixes[1]
        #expect(noRefund.overrides.map(\.distribution) == [.constant(0), .constant(6_000_000)])
        #expect(scenario.applying(more).instruments.contains { $0.id == "tools" } == false)
    }
}
