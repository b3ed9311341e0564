import Foundation
import FundingModel
import ScenarioLanguage
import Testing
@testable import Analysis

/// Pairing a mix with the baseline on common random numbers removes the parameter uncertainty
/// both share: the sd of the paired difference is far below the sd of an unpaired one,
/// √(sd_baseline² + sd_mix²).
@Suite struct CommonRandomNumberTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func scenario(_ path: String) throws -> Scenario {
        let url = URL(fileURLWithPath: path, relativeTo: repository)
        let bytes = try [UInt8](Data(contentsOf: url))
        return try #require(ScenarioCompiler.compile(bytes: bytes, fileName: url.lastPathComponent).scenario)
    }

    /// Paired and unpaired sd of `metric` (in the last year for series) for every mix.
    static func ratios(_ scenario: Scenario, metric: String, trials: Int = 20_000) throws -> [(mix: String, ratio: Double)] {
        let result = try Engine.run(Variant.of(scenario), configuration: RunConfiguration(trials: trials, seed: 11, threads: 2),
                                    compare: true, selection: OutputSelection(series: [metric], scalars: [metric]))
        let last = scenario.yearCount - 1
        func sd(_ v: VariantResult) -> Double {
            v.series(metric)?.byYear[last].standardDeviation ?? v.scalar(metric)?.statistic.standardDeviation ?? 0
        }
        return result.comparisons.map { c in
            let mix = result.variants.first { $0.name == c.mix }!
            let unpaired = (pow(sd(result.variants[0]), 2) + pow(sd(mix), 2)).squareRoot()
            let year: Int? = result.variants[0].series(metric) != nil ? scenario.horizon.upperBound : nil
            let paired = c.difference(metric, year: year)!.difference.standardDeviation
            return (c.mix, unpaired / paired)
        }
    }

    /// The shared acceptance example, beside the repository (relative to its root).
    static let shared = "../shared/examples/ami-2019.scenario"
    static var sharedExampleIsPresent: Bool {
        FileManager.default.fileExists(atPath: URL(fileURLWithPath: shared, relativeTo: repository).path)
    }
    /// CI sets `CI=true`: there the example must be present, and its absence fails the test.
    static var onCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// A scenario of our own shaped like the acceptance example: a mix moves money from research
    /// projects to challenge winners. State spend differs only by what the mix changes (ratio ≥ 5);
    /// sustainable solutions keep the variation of the mix's own effect across trials: its gain
    /// and its loss scale with the uncertain success rates and pathway shares (measured 2.7×; ≥ 2).
    static let shifted = """
        horizon 2026 to 2035
        discount 2.5%
        pipeline
          stage poc        duration 1 year    success 0.40 to 0.70   cost 150k€ per project-year
          stage pilot      duration 2 years   success 0.30 to 0.50   cost 400k€ per project-year
          stage evaluation duration 1 year    success 0.50 to 0.80   cost 250k€ per project-year
        research_call calls "Calls"
          years 2026 to 2029
          projects 12 per year enter poc
          grant 250k€ per project
        challenge contests "Contests"
          years 2026 to 2028
          prize 400k€ per year
          winners 2 per year enter pilot
        open_database data "Data"
          years 2026 to 2027
          annotations 100_000 per year at 2€ to 6€ per annotation
          effect poc.success +2pp to +6pp
        sustainability
          market 1_200 sites
          uses 1_000 to 8_000 per site-year
          adoption bass p 0.01 to 0.04 q 0.30 to 0.60
          pathway paid share 25% to 45% delay 1 to 2 years tariff 3€ to 9€ per use payer insurer
          pathway licensed share 30% to 45% licence 10k€ to 30k€ per site-year payer hospitals
          pathway none share rest
          opex 250k€ per year + 1k€ per site-year
          savings 4€ to 15€ per use for hospitals
          exit after 2 years below breakeven
        correlate poc.success pilot.success 0.4
        mix "Contests first"
          contests.prize 900k€ per year
          contests.winners 6 per year
          calls.projects 7 per year
        """

    @Test func movingProjectsBetweenFeedersIsPairedTightly() throws {
        let s = try #require(ScenarioCompiler.compile(text: Self.shifted, fileName: "shifted.scenario").scenario)
        let spend = try Self.ratios(s, metric: "npv.spend.state", trials: 5_000)
        #expect(spend.count == 1 && spend[0].ratio >= 5, "\(spend)")
        let sustainable = try Self.ratios(s, metric: "solutions.sustainable")
        #expect(sustainable.count == 1)
        #expect(sustainable[0].ratio >= 2, "ratio \(sustainable[0].ratio)")
    }

    /// The shared acceptance example, when it sits beside the repository: State spend ≥ 5×;
    /// sustainable solutions ≥ 2× (measured 4.0× and 2.1×: what remains is how the effect of the
    /// mix itself varies with the uncertain success rates, tariffs and adoption, not noise).
    @Test(.enabled(if: sharedExampleIsPresent || onCI, "needs ../shared/examples beside the repository (required when CI=true)"))
    func sharedExamplePairsItsMixes() throws {
        try #require(Self.sharedExampleIsPresent,
                     "CI=true but \(Self.shared) is missing: check out the shared examples beside the repository")
        let s = try Self.scenario(Self.shared)
        for (mix, ratio) in try Self.ratios(s, metric: "npv.spend.state", trials: 5_000) where ratio.isFinite {
            #expect(ratio >= 5, "\(mix): \(ratio)")
        }
        let sustainable = try Self.ratios(s, metric: "solutions.sustainable")
        #expect(sustainable.count == 2)
        for (mix, ratio) in sustainable {
            #expect(ratio >= 2, "\(mix): \(ratio)")
        }
    }
}
