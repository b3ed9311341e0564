import Foundation
import Testing
import FundingModel
@testable import ScenarioLanguage

struct CheckReportTests {
    @Test func textReportOfASmallFile() throws {
        let result = compile(try fixture("small.scenario"), "small.scenario")
        let scenario = try #require(result.scenario)
        #expect(CheckReport.text(scenario, fileName: "small.scenario") == """
            scenario "Small" (small.scenario)
            horizon 2026 to 2028 (3 years), discount 2% a year

            parameters (16)
              path                   unit                                p05        p50        p95  law
              poc.duration           years                                 1          1          1  constant 1
              poc.success            probability                        0.45     0.5521       0.65  logit-normal(mu=0.2092, sigma=0.2492) from 90% interval 0.45 to 0.65
              poc.cost               €/project-year                   150000     150000     150000  constant 150000
              calls.projects         projects/year                         5         10         20  rounded lognormal(mu=2.303, sigma=0.4214) in [0, ∞) from 90% interval 5 to 20
              calls.grant            €/project                        100000     100000     100000  constant 100000
              tools.budget           € (total over 2026 to 2027)      500000     500000     500000  constant 500000
              tools.effect.poc.cost  %                                  -0.1      -0.06      -0.02  normal(mean=-0.06, sd=0.02432) from 90% interval -0.1 to -0.02
              market                 sites                               100        100        100  constant 100
              uses                   uses/site-year                     1000       1000       1000  constant 1000
              adoption.p             1/year                             0.02       0.02       0.02  constant 0.02
              adoption.q             1/year                              0.4        0.4        0.4  constant 0.4
              pathway.paid.share     share                               0.6        0.6        0.6  constant 0.6
              pathway.paid.delay     years                                 0          1          1  uniform whole years 0 to 1 from 90% interval 0 to 1
              pathway.paid.tariff    €/use                                 5          5          5  constant 5
              savings.insurer        €/use                                 2          2          2  constant 2
              cap.insurer            €/year                          1000000    1000000    1000000  constant 1000000
            defaults (6, not written; a mix may set them)
              constant 0 (years): calls.ramp, tools.ramp
              constant 1 (share/year): calls.decay
              constant 0.5 (elasticity): tools.elasticity
              constant 0 (share/year): tools.decay
              constant 1 (share): savings.insurer.cash

            stages (1)
              1. poc: duration poc.duration, success poc.success, cost poc.cost

            instruments (2)
              calls: research_call "Calls", years 2026 to 2028, payer state
                feeds poc: projects calls.projects, grant calls.grant
              tools: open_tools "Tools", years 2026 to 2027, payer state
                budget tools.budget over 2026 to 2027
                effect on poc.cost: tools.effect.poc.cost (%), from 2026 to the horizon
                effects scale as (money per year / 250000 €)^elasticity, elasticity 0.5 (default)

            sustainability
              market market, uses uses, adoption bass p adoption.p, q adoption.q
              pathways (2)
                paid: share pathway.paid.share, delay pathway.paid.delay, tariff pathway.paid.tariff per use, payer insurer
                none: share rest, proof-of-concept cliff
              savings savings.insurer per use for insurer
              cap insurer: cap.insurer per year, policy price_volume

            payers (3): state, private, insurer

            correlations (1)
              poc.success ~ calls.projects: spearman 0.3; whole or discrete values (calls.projects): the rank correlation achieved can be lower

            mixes (1)
              "Fewer calls"
                calls.projects = constant 5
                without tools

            """)
    }

    @Test func warningsOfTheSmallFile() throws {
        let result = compile(try fixture("small.scenario"), "small.scenario")
        #expect(result.rendered() == """
            small.scenario:20:23: warning: `calls.projects` takes whole or discrete values: the rank correlation achieved can be lower than 0.3
            correlate poc.success calls.projects 0.3
                                  ^~~~~~~~~~~~~~
            hint: correlations act on the latent normals, before rounding

            """)
        #expect(!result.hasErrors)
    }

    @Test func jsonReportIsValidAndComplete() throws {
        let scenario = try #require(compile(try fixture("full.scenario")).scenario)
        let text = CheckReport.json(scenario, fileName: "full \"quoted\".scenario")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["schema"] as? String == "beyondpoc.check/2")
        #expect(object["file"] as? String == "full \"quoted\".scenario")
        let parameters = try #require(object["parameters"] as? [[String: Any]])
        #expect(parameters.count == scenario.parameters.filter { !$0.isDefault }.count)
        // Clause defaults (DESIGN §7.7) are listed apart, with their laws.
        let defaults = try #require(object["defaults"] as? [[String: Any]])
        #expect(defaults.map { $0["path"] as? String } == scenario.parameters.filter(\.isDefault).map(\.path))
        #expect(parameters.count + defaults.count == scenario.parameters.count)
        let success = try #require(parameters.first { $0["path"] as? String == "idea.success" })
        let distribution = try #require(success["distribution"] as? [String: Any])
        #expect(distribution["family"] as? String == "logit-normal")
        #expect(success["family_note"] as? String == "from 90% interval 0.4 to 0.6")
        let quantiles = try #require(success["quantiles"] as? [String: Any])
        #expect(abs((quantiles["p05"] as? Double ?? 0) - 0.4) < 1e-8)
        // A rounded law's unbounded end is null (JSON has no infinity).
        let participants = try #require(parameters.first { $0["path"] as? String == "contests.participants" })
        let rounded = try #require(participants["distribution"] as? [String: Any])
        #expect(rounded["family"] as? String == "rounded")
        #expect(rounded["max"] is NSNull)
        #expect((object["payers"] as? [String]) == scenario.payers)
        #expect((object["mixes"] as? [[String: Any]])?.count == 2)
    }

    @Test func jsonEscapesControlCharactersInStrings() {
        var out = ""
        JSONText.quote("a\"b\\c\nd\u{01}é", into: &out)
        #expect(out == "\"a\\\"b\\\\c\\nd\\u0001é\"")
    }

    @Test func numbersAreShownToFourSignificantDigits() {
        #expect(NumberText.significant(0.20918425) == "0.2092")
        #expect(NumberText.significant(4472.136) == "4472")
        #expect(NumberText.significant(4_472_135.9) == "4472136")  // integer parts are kept whole
        #expect(NumberText.significant(-0.0304) == "-0.0304")
        #expect(NumberText.significant(1.5e-7) == "1.5e-7")
        #expect(NumberText.significant(9.99996) == "10")
        #expect(NumberText.exact(20_000_000) == "20000000")
        #expect(NumberText.exact(0.025) == "0.025")
    }

    /// The repository's root: this file is Tests/ScenarioLanguageTests/CheckReportTests.swift.
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// The acceptance example, shared with the project (next to the repository), not copied into it.
    static let example = repositoryRoot.appendingPathComponent("../shared/examples/ami-2019.scenario").standardizedFileURL
    static var exampleExists: Bool { FileManager.default.fileExists(atPath: example.path) }
    /// Under CI the shared folder must be there: the test fails instead of being skipped.
    static var runsUnderCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// The acceptance example checks clean and states every family; skipped where the shared
    /// folder is absent, except under CI.
    @Test(.enabled(if: exampleExists || runsUnderCI))
    func acceptanceExampleChecksClean() throws {
        guard Self.exampleExists else {
            Issue.record("CI=true but the acceptance example is missing: \(Self.example.path)")
            return
        }
        let bytes = try [UInt8](Data(contentsOf: Self.example))
        let result = ScenarioCompiler.compile(bytes: bytes, fileName: "ami-2019.scenario")
        #expect(result.diagnostics.isEmpty, "\(result.rendered())")
        let scenario = try #require(result.scenario)
        let success = try #require(scenario.parameter("poc.success"))
        #expect(NumberText.significant(success.distribution.quantile(0.05)) == "0.45")
        #expect(NumberText.significant(success.distribution.quantile(0.95)) == "0.65")
        let report = CheckReport.text(scenario, fileName: "ami-2019.scenario")
        #expect(report.contains("poc.success "))
        #expect(report.contains("logit-normal(mu=0.2092, sigma=0.2492) from 90% interval 0.45 to 0.65"))
        // Every `a to b` states its family.
        for p in scenario.parameters where p.familyNote != nil {
            let law = CheckReport.lawText(p)
            #expect(["logit-normal(", "lognormal(", "normal(", "uniform whole years", "rounded lognormal("].contains { law.hasPrefix($0) }, "\(p.path): \(law)")
        }
        #expect(scenario.parameters.filter { $0.familyNote != nil }.count == 19)
    }
}
