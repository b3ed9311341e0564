import Foundation
import FundingModel
import MonteCarlo
import Testing
@testable import Analysis

/// `net_benefit` (DESIGN §8.1) and what `decide` collects of every trial (§8.2).
@Suite struct DecisionTests {
    static let decision = Decision(perSustainableSolution: 4_000_000, perUse: 0.3, costPayers: ["state", "assurance_maladie"])

    /// The small scenario with a decision block; its mix draws the research grant from a normal
    /// law around the baseline's constant 300 k€, and changes nothing else.
    static func scenario() -> Scenario {
        var s = smallScenario()
        let grant = s.reference(path: "recherche.grant")!
        s.mixes = [Mix(name: "Uncertain grant", overrides: [
            .init(parameter: grant, distribution: .normal(mean: 300_000, sd: 60_000), eachYear: false),
        ])]
        s.decision = decision
        return s
    }

    static func configuration(threads: Int, chunk: Int, trials: Int = 3_000) -> RunConfiguration {
        RunConfiguration(trials: trials, seed: 5, threads: threads, sampling: .monteCarlo, chunkSize: chunk)
    }

    @Test func netBenefitIsItsClosedFormInEveryTrial() throws {
        let scenario = Self.scenario()
        let sink = CollectingSink()
        let variants = Variant.of(scenario)
        _ = try Engine.run(variants, configuration: Self.configuration(threads: 1, chunk: 512, trials: 1_000), perTrial: sink)
        var factors: [Double] = []
        var f = 1.0
        for _ in scenario.horizon {
            factors.append(f)
            f /= 1 + scenario.discountRate
        }
        var checked = 0, nonZeroUses = 0
        for (v, variant) in variants.enumerated() {
            let model = variant.model
            let nb = try #require(model.scalars.firstIndex { $0.id == "net_benefit" })
            #expect(model.scalars[nb].unit == .euro && model.scalars[nb].direction == .higher)
            let sustainable = try #require(model.series.firstIndex { $0.id == "solutions.sustainable" })
            let uses = try #require(model.series.firstIndex { $0.id == "adoption.uses" })
            let netState = try #require(model.scalars.firstIndex { $0.id == "npv.net.state" })
            let netAM = try #require(model.scalars.firstIndex { $0.id == "npv.net.assurance_maladie" })
            for chunk in sink.chunks {
                let out = chunk.outputs[v]
                for i in 0..<chunk.count {
                    var discountedUses = out.seriesValue(uses, year: 0, trial: i) * factors[0]
                    for y in 1..<out.years { discountedUses += out.seriesValue(uses, year: y, trial: i) * factors[y] }
                    if discountedUses > 0 { nonZeroUses += 1 }
                    var expected = 4_000_000 * out.seriesValue(sustainable, year: out.years - 1, trial: i) + 0.3 * discountedUses
                    expected -= out.scalarValue(netState, trial: i)
                    expected -= out.scalarValue(netAM, trial: i)
                    #expect(out.scalarValue(nb, trial: i).bitPattern == expected.bitPattern)
                    checked += 1
                }
            }
        }
        #expect(checked == 2_000)
        #expect(nonZeroUses > 100)
    }

    @Test func aScenarioWithoutDecisionHasNoNetBenefit() {
        #expect(!SimulationModel(scenario: smallScenario()).scalars.contains { $0.id == "net_benefit" })
    }

    @Test func samplesAreTheSameBitsOnOneAndTwoThreads() throws {
        let variants = Variant.of(Self.scenario())
        let one = DecisionSamples(variants: variants, trials: 3_000)
        let two = DecisionSamples(variants: variants, trials: 3_000)
        _ = try Engine.run(variants, configuration: Self.configuration(threads: 1, chunk: 256), perTrial: one)
        _ = try Engine.run(variants, configuration: Self.configuration(threads: 2, chunk: 1024), perTrial: two)
        #expect(one.netBenefit.flatMap { $0.map(\.bitPattern) } == two.netBenefit.flatMap { $0.map(\.bitPattern) })
        #expect(one.values.flatMap { $0.map(\.bitPattern) } == two.values.flatMap { $0.map(\.bitPattern) })
        #expect(one.sustainable == two.sustainable)
    }

    /// Each uncertain value once (the grant read from the mix that makes it uncertain), a value
    /// drawn each year as its horizon mean, the cost part as λ_s·S − NB, and the §8.2 groups.
    @Test func collectsUncertainValuesAndGroups() throws {
        let scenario = Self.scenario()
        let variants = Variant.of(scenario)
        let samples = DecisionSamples(variants: variants, trials: 600)
        let sink = CollectingSink()
        let both = TwoSinks(samples, sink)
        _ = try Engine.run(variants, configuration: Self.configuration(threads: 1, chunk: 256, trials: 600), perTrial: both)
        let uncertain = scenario.parameters.indices.filter { p in
            variants.contains { !$0.model.scenario.parameters[p].distribution.isConstant }
        }
        #expect(samples.parameters == uncertain.map { scenario.parameters[$0].path })
        #expect(samples.parameters.contains("recherche.grant"))
        let grant = try #require(samples.parameters.firstIndex(of: "recherche.grant"))
        let projects = try #require(samples.parameters.firstIndex(of: "recherche.projects"))
        let grantRef = scenario.reference(path: "recherche.grant")!.index
        let projectsRef = scenario.reference(path: "recherche.projects")!.index
        for chunk in sink.chunks {
            for i in 0..<chunk.count {
                let trial = chunk.firstTrial + i
                #expect(samples.values[grant][trial] == chunk.inputs[1].value(grantRef, year: 0, trial: i))
                var sum = 0.0
                for y in 0..<chunk.inputs[0].years { sum += chunk.inputs[0].value(projectsRef, year: y, trial: i) }
                #expect(samples.values[projects][trial] == sum / Double(chunk.inputs[0].years))
            }
        }
        let cost = samples.cost
        for v in 0..<2 {
            for i in 0..<600 {
                #expect(cost[v][i] == 4_000_000 * samples.sustainable[v][i] - samples.netBenefit[v][i])
            }
        }
        let groups = samples.groups(of: scenario)
        #expect(groups.map(\.name) == ["instrument:recherche", "pipeline", "sustainability", "pathway:reimbursement"])
        #expect(groups[0].members == ["recherche.projects", "recherche.grant"])
        #expect(groups[1].members == ["poc.success", "poc.cost", "pilot.duration", "pilot.success", "pilot.cost"])
        #expect(groups[3].members == ["pathway.reimbursement.share", "pathway.reimbursement.delay", "pathway.reimbursement.tariff"])
    }

    /// The mix differs from the baseline only by the grant: NB_mix − NB_base = −(g − 300 k€)·P with
    /// P the discounted projects, independent of g; knowing g alone settles every trial's choice,
    /// so EVPPI(grant) = EVPI.
    @Test func evppiOfTheOnlyDifferenceIsTheEVPI() throws {
        let variants = Variant.of(Self.scenario())
        let samples = DecisionSamples(variants: variants, trials: 4_000)
        _ = try Engine.run(variants, configuration: Self.configuration(threads: 2, chunk: 1024, trials: 4_000), perTrial: samples)
        let report = ValueOfInformationReport(
            variants: samples.variants, netBenefit: samples.netBenefit, parameters: samples.parameters,
            groups: [], values: samples.valuesByPath)
        let evpi = report.evpi.value
        let grant = try #require(report.rows.first { $0.name == "recherche.grant" })
        #expect(evpi > 0)
        #expect(abs(grant.value - evpi) < 0.05 * evpi, "EVPPI \(grant.value), EVPI \(evpi)")
        // Every other value leaves the choice open: its EVPPI is a small part of the EVPI.
        for row in report.rows.dropFirst() where row.name != "recherche.grant" {
            #expect(row.value < 0.2 * evpi, "\(row.name): \(row.value)")
        }
    }
}

/// Hands each chunk to two sinks.
final class TwoSinks: PerTrialSink, @unchecked Sendable {
    let first: any PerTrialSink, second: any PerTrialSink
    init(_ first: any PerTrialSink, _ second: any PerTrialSink) {
        self.first = first
        self.second = second
    }
    func write(_ chunk: PerTrialChunk, variants: [Variant]) throws {
        try first.write(chunk, variants: variants)
        try second.write(chunk, variants: variants)
    }
}
