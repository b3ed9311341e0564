import Foundation
import FundingModel
import MonteCarlo
import Testing
@testable import ScenarioLanguage

// The language of model II (DESIGN §7): every clause resolves into the typed scenario, its values
// are parameters with paths (§7.6), `check` lists them, and every bad input is diagnosed.

/// Bad inputs of DESIGN §7 (issue 6 item 7), each with its exact diagnostic.
let modelTwoBadInputs: [BadInput] = [
    BadInput(
        name: "`via assessment` without an `assessment` clause",
        source: base(replacing: "  pathway paid share 50% tariff 5€ per use payer am\n", with: "  pathway paid share 50% via assessment success 40% tariff 5€ per use payer am\n"), line: 16, column: 26,
        rendered: """
        t.scenario:16:26: error: `via assessment` needs an `assessment` clause
          pathway paid share 50% via assessment success 40% tariff 5€ per use payer am
                                 ^~~~~~~~~~~~~~
        hint: add `assessment capacity 10 to 30 per year duration 1 year` to `sustainability`

        """),
    BadInput(
        name: "`else` naming an unknown pathway",
        source: base(replacing: "  pathway paid share 50% tariff 5€ per use payer am\n", with: "  assessment capacity 10 per year duration 1 year\n  pathway paid share 50% via assessment success 40% else hospitl tariff 5€ per use payer am\n  pathway hospital share 10% licence 1k€ per site-year payer hospitals\n"), line: 17, column: 58,
        rendered: """
        t.scenario:17:58: error: unknown pathway `hospitl` after `else`
          pathway paid share 50% via assessment success 40% else hospitl tariff 5€ per use payer am
                                                                 ^~~~~~~
        hint: did you mean `hospital`?

        """),
    BadInput(
        name: "`else` naming a pathway that is itself `via assessment`",
        source: base(replacing: "  pathway paid share 50% tariff 5€ per use payer am\n", with: "  assessment capacity 10 per year duration 1 year\n  pathway paid share 50% via assessment success 40% else other tariff 5€ per use payer am\n  pathway other share 10% via assessment success 50% licence 1k€ per site-year payer hospitals\n"), line: 17, column: 58,
        rendered: """
        t.scenario:17:58: error: `else` names `other`, which is itself reached `via assessment`
          pathway paid share 50% via assessment success 40% else other tariff 5€ per use payer am
                                                                 ^~~~~
        hint: a refused solution goes onto a pathway without assessment, or leaves (no `else`)

        """),
    BadInput(
        name: "`none` with `via assessment`",
        source: base(replacing: "  pathway none share rest\n", with: "  assessment capacity 10 per year duration 1 year\n  pathway none share rest via assessment success 40%\n"), line: 18, column: 27,
        rendered: """
        t.scenario:18:27: error: the `none` pathway takes no `via assessment`: it is the proof-of-concept cliff
          pathway none share rest via assessment success 40%
                                  ^~~~~~~~~~~~~~
        hint: `pathway none share S` means no economic model; name the pathway otherwise if someone pays

        """),
    BadInput(
        name: "`via assessment` without `success`",
        source: base(replacing: "  pathway paid share 50% tariff 5€ per use payer am\n", with: "  assessment capacity 10 per year duration 1 year\n  pathway paid share 50% via assessment tariff 5€ per use payer am\n"), line: 17, column: 26,
        rendered: """
        t.scenario:17:26: error: `via assessment` needs `success P`
          pathway paid share 50% via assessment tariff 5€ per use payer am
                                 ^~~~~~~~~~~~~~
        hint: add `success 30% to 60%`: the probability that the assessment grants access

        """),
    BadInput(
        name: "`success` without `via assessment`",
        source: base(replacing: "  pathway paid share 50% tariff 5€ per use payer am\n", with: "  pathway paid share 50% tariff 5€ per use payer am success 40%\n"), line: 16, column: 61,
        rendered: """
        t.scenario:16:61: error: `success` needs `via assessment`
          pathway paid share 50% tariff 5€ per use payer am success 40%
                                                                    ^~~
        hint: write `via assessment success 30% to 60%`: `success` belongs to an assessment

        """),
    BadInput(
        name: "`else` without `via assessment`",
        source: base(replacing: "  pathway paid share 50% tariff 5€ per use payer am\n", with: "  pathway paid share 50% tariff 5€ per use payer am else none\n"), line: 16, column: 58,
        rendered: """
        t.scenario:16:58: error: `else` needs `via assessment`
          pathway paid share 50% tariff 5€ per use payer am else none
                                                                 ^~~~
        hint: write `via assessment success 30% to 60%`: `else` belongs to an assessment

        """),
    BadInput(
        name: "`early` without `via assessment`",
        source: base(replacing: "  pathway paid share 50% tariff 5€ per use payer am\n", with: "  pathway paid share 50% tariff 5€ per use payer am early tariff 1€ per use for 1 year\n"), line: 16, column: 59,
        rendered: """
        t.scenario:16:59: error: `early` needs `via assessment`
          pathway paid share 50% tariff 5€ per use payer am early tariff 1€ per use for 1 year
                                                                  ^~~~~~
        hint: write `via assessment success 30% to 60%`: `early` belongs to an assessment

        """),
    BadInput(
        name: "`early` together with `delay`",
        source: base(replacing: "  pathway paid share 50% tariff 5€ per use payer am\n", with: "  assessment capacity 10 per year duration 1 year\n  pathway paid share 50% via assessment success 40% delay 1 year tariff 5€ per use payer am early tariff 1€ per use for 1 year\n"), line: 17, column: 59,
        rendered: """
        t.scenario:17:59: error: a pathway with `early` takes no `delay`
          pathway paid share 50% via assessment success 40% delay 1 year tariff 5€ per use payer am early tariff 1€ per use for 1 year
                                                                  ^~~~~~
        hint: early access starts at launch; the full price starts with the assessment's decision

        """),
    BadInput(
        name: "`early` without `tariff` or `licence`",
        source: base(replacing: "  pathway paid share 50% tariff 5€ per use payer am\n", with: "  assessment capacity 10 per year duration 1 year\n  pathway paid share 50% via assessment success 40% tariff 5€ per use payer am early 1€ per use for 1 year\n"), line: 17, column: 86,
        rendered: """
        t.scenario:17:86: error: expected `tariff` or `licence` after `early`, found `1`
          pathway paid share 50% via assessment success 40% tariff 5€ per use payer am early 1€ per use for 1 year
                                                                                             ^
        hint: write `early tariff 3€ per use for 1 year` or `early licence 10k€ per site-year for 2 years`

        """),
    BadInput(
        name: "two `assessment` clauses",
        source: base(replacing: "  pathway paid share 50% tariff 5€ per use payer am\n", with: "  assessment capacity 10 per year duration 1 year\n  assessment capacity 10 per year duration 1 year\n  pathway paid share 50% tariff 5€ per use payer am\n"), line: 17, column: 3,
        rendered: """
        t.scenario:17:3: error: `assessment` is given twice in this block (first on line 16)
          assessment capacity 10 per year duration 1 year
          ^~~~~~~~~~
        hint: keep one `assessment` line

        """),
    BadInput(
        name: "an erosion of 100%",
        source: base(replacing: "  pathway paid share 50% tariff 5€ per use payer am\n", with: "  pathway paid share 50% tariff 5€ per use payer am erosion 100% per year\n"), line: 16, column: 61,
        rendered: """
        t.scenario:16:61: error: erosion out of range: `100%`
          pathway paid share 50% tariff 5€ per use payer am erosion 100% per year
                                                                    ^~~~
        hint: erosion is the share of the price lost each year, in [0, 100%): 100% would leave no price

        """),
    BadInput(
        name: "a negative erosion",
        source: base(replacing: "  pathway paid share 50% tariff 5€ per use payer am\n", with: "  pathway paid share 50% tariff 5€ per use payer am erosion -5% per year\n"), line: 16, column: 61,
        rendered: """
        t.scenario:16:61: error: erosion out of range: `-5%`
          pathway paid share 50% tariff 5€ per use payer am erosion -5% per year
                                                                    ^~~
        hint: erosion is the share of the price lost each year, in [0, 100%): 100% would leave no price

        """),
    BadInput(
        name: "a revision of -100%",
        source: base(replacing: "  pathway paid share 50% tariff 5€ per use payer am\n", with: "  pathway paid share 50% tariff 5€ per use payer am revised -100% after 2 years\n"), line: 16, column: 61,
        rendered: """
        t.scenario:16:61: error: a revision of `-100%` leaves no price
          pathway paid share 50% tariff 5€ per use payer am revised -100% after 2 years
                                                                    ^~~~~
        hint: a revision is a change in percent above -100%

        """),
    BadInput(
        name: "a revision below -100%",
        source: base(replacing: "  pathway paid share 50% tariff 5€ per use payer am\n", with: "  pathway paid share 50% tariff 5€ per use payer am revised -120% after 2 years\n"), line: 16, column: 61,
        rendered: """
        t.scenario:16:61: error: a revision of `-120%` leaves no price
          pathway paid share 50% tariff 5€ per use payer am revised -120% after 2 years
                                                                    ^~~~~
        hint: a revision is a change in percent above -100%

        """),
    BadInput(
        name: "a revision after 0 years",
        source: base(replacing: "  pathway paid share 50% tariff 5€ per use payer am\n", with: "  pathway paid share 50% tariff 5€ per use payer am revised -10% after 0 years\n"), line: 16, column: 72,
        rendered: """
        t.scenario:16:72: error: `after` is at least 1 year, found `0`
          pathway paid share 50% tariff 5€ per use payer am revised -10% after 0 years
                                                                               ^

        """),
    BadInput(
        name: "`erosion` on `none`",
        source: base(replacing: "  pathway none share rest\n", with: "  pathway none share rest erosion 5% per year\n"), line: 17, column: 35,
        rendered: """
        t.scenario:17:35: error: the `none` pathway takes no erosion: it is the proof-of-concept cliff
          pathway none share rest erosion 5% per year
                                          ^~~~~~~~~~~
        hint: `pathway none share S` means no economic model; name the pathway otherwise if someone pays

        """),
    BadInput(
        name: "`revised` on an unpriced pathway",
        source: base(replacing: "  pathway none share rest\n", with: "  pathway free share rest revised -10% after 2 years\n"), line: 17, column: 35,
        rendered: """
        t.scenario:17:35: error: `revised` moves a price, but pathway `free` has no tariff or licence
          pathway free share rest revised -10% after 2 years
                                          ^~~~
        hint: add `tariff T per use` or `licence L per site-year`, or drop `revised`

        """),
    BadInput(
        name: "`erosion` on an unpriced pathway",
        source: base(replacing: "  pathway none share rest\n", with: "  pathway free share rest erosion 5% per year\n"), line: 17, column: 35,
        rendered: """
        t.scenario:17:35: error: `erosion` moves a price, but pathway `free` has no tariff or licence
          pathway free share rest erosion 5% per year
                                          ^~~~~~~~~~~
        hint: add `tariff T per use` or `licence L per site-year`, or drop `erosion`

        """),
    BadInput(
        name: "a cash share above 100%",
        source: base(replacing: "  pathway none share rest\n", with: "  pathway none share rest\n  savings 5€ per use for am cash 120%\n"), line: 18, column: 34,
        rendered: """
        t.scenario:18:34: error: share out of range: `120%`
          savings 5€ per use for am cash 120%
                                         ^~~~
        hint: a share must lie in [0, 100%]

        """),
    BadInput(
        name: "an assessment success above 1",
        source: base(replacing: "  pathway paid share 50% tariff 5€ per use payer am\n", with: "  assessment capacity 10 per year duration 1 year\n  pathway paid share 50% via assessment success 1.4 tariff 5€ per use payer am\n"), line: 17, column: 49,
        rendered: """
        t.scenario:17:49: error: probability out of range: `1.4`
          pathway paid share 50% via assessment success 1.4 tariff 5€ per use payer am
                                                        ^~~
        hint: a probability must lie in [0, 1]

        """),
    BadInput(
        name: "a negative assessment capacity",
        source: base(replacing: "  pathway paid share 50% tariff 5€ per use payer am\n", with: "  assessment capacity -3 per year duration 1 year\n  pathway paid share 50% tariff 5€ per use payer am\n"), line: 16, column: 23,
        rendered: """
        t.scenario:16:23: error: `capacity` cannot be negative, found `-3`
          assessment capacity -3 per year duration 1 year
                              ^~

        """),
    BadInput(
        name: "an assessment of 0 years",
        source: base(replacing: "  pathway paid share 50% tariff 5€ per use payer am\n", with: "  assessment capacity 10 per year duration 0 years\n  pathway paid share 50% tariff 5€ per use payer am\n"), line: 16, column: 44,
        rendered: """
        t.scenario:16:44: error: `duration` is at least 1 year, found `0`
          assessment capacity 10 per year duration 0 years
                                                   ^

        """),
    BadInput(
        name: "a negative ramp",
        source: base(replacing: "  effect poc.cost -10%\n", with: "  effect poc.cost -10%\n  ramp -1 years\n"), line: 12, column: 8,
        rendered: """
        t.scenario:12:8: error: `ramp` cannot be negative, found `-1`
          ramp -1 years
               ^~

        """),
    BadInput(
        name: "a ramp that is not whole years",
        source: base(replacing: "  effect poc.cost -10%\n", with: "  effect poc.cost -10%\n  ramp 1.5 years\n"), line: 12, column: 8,
        rendered: """
        t.scenario:12:8: error: `1.5` is not a whole number of years
          ramp 1.5 years
               ^~~
        hint: durations and delays are whole years

        """),
    BadInput(
        name: "a negative decay",
        source: base(replacing: "  effect poc.cost -10%\n", with: "  effect poc.cost -10%\n  decay -10% per year\n"), line: 12, column: 9,
        rendered: """
        t.scenario:12:9: error: share out of range: `-10%`
          decay -10% per year
                ^~~~
        hint: a share must lie in [0, 100%]

        """),
    BadInput(
        name: "a second `savings` line for one payer",
        source: base(replacing: "  pathway none share rest\n", with: "  pathway none share rest\n  savings 5€ per use for am\n  savings 2€ per use for am cash 50%\n"), line: 19, column: 26,
        rendered: """
        t.scenario:19:26: error: savings for `am` are given twice (first on line 18)
          savings 2€ per use for am cash 50%
                                 ^~
        hint: one `savings` line per payer: add the amounts up in one line

        """),
    BadInput(
        name: "`elasticity` on a feeder",
        source: base(replacing: "  grant 100k€ per project\n", with: "  grant 100k€ per project\n  elasticity 0.5\n"), line: 9, column: 3,
        rendered: """
        t.scenario:9:3: error: `elasticity` is not a clause of research_call
          elasticity 0.5
          ^~~~~~~~~~
        hint: clauses of research_call: `years`, `projects`, `grant`, `budget`, `enter`, `effect`, `ramp`, `decay`, `payer`

        """),
    BadInput(
        name: "a stage named `assessment`",
        source: base(replacing: "stage pilot", with: "stage assessment"), line: 5, column: 9,
        rendered: """
        t.scenario:5:9: error: `assessment` is reserved for sustainability values
          stage assessment duration 2 years success 0.4 cost 200k€ per project-year
                ^~~~~~~~~~
        hint: choose another name; `assessment.…` paths belong to `sustainability`

        """),
    BadInput(
        name: "a misspelt `up to … solutions per site`",
        source: base(replacing: "  market 100 sites\n", with: "  market 100 sites up to 3 solution per site\n"), line: 13, column: 28,
        rendered: """
        t.scenario:13:28: error: expected `solutions`, found `solution`
          market 100 sites up to 3 solution per site
                                   ^~~~~~~~
        hint: write `market 1_500 sites up to 3 solutions per site`

        """),
    BadInput(
        name: "a negative number of solutions per site",
        source: base(replacing: "  market 100 sites\n", with: "  market 100 sites up to -3 solutions per site\n"), line: 13, column: 26,
        rendered: """
        t.scenario:13:26: error: `up to` cannot be negative, found `-3`
          market 100 sites up to -3 solutions per site
                                 ^~

        """),
    BadInput(
        name: "a mix setting a cash share above 100%",
        source: base(replacing: "  pathway none share rest\n", with: "  pathway none share rest\n  savings 5€ per use for am\n") + "mix \"m\"\n  savings.am.cash 2\n", line: 20, column: 19,
        rendered: """
        t.scenario:20:19: error: share out of range: `2`
          savings.am.cash 2
                          ^
        hint: a share must lie in [0, 100%]

        """),
    BadInput(
        name: "a mix setting an erosion of 100%",
        source: base(replacing: "  pathway paid share 50% tariff 5€ per use payer am\n", with: "  pathway paid share 50% tariff 5€ per use payer am erosion 5% per year\n") + "mix \"m\"\n  pathway.paid.erosion 100% per year\n", line: 19, column: 24,
        rendered: """
        t.scenario:19:24: error: erosion out of range: `100%`
          pathway.paid.erosion 100% per year
                               ^~~~
        hint: erosion is the share of the price lost each year, in [0, 100%): 100% would leave no price

        """),
    BadInput(
        name: "a mix setting a negative default decay",
        source: base(replacing: "  pathway none share rest\n", with: "  pathway none share rest\n") + "mix \"m\"\n  tools.decay -5% per year\n", line: 19, column: 15,
        rendered: """
        t.scenario:19:15: error: share out of range: `-5%`
          tools.decay -5% per year
                      ^~~
        hint: a share must lie in [0, 100%]

        """),
]

@Test(arguments: modelTwoBadInputs)
func modelTwoBadInputIsReportedExactly(_ input: BadInput) {
    let result = compile(input.source)
    #expect(result.scenario == nil)
    #expect(result.hasErrors)
    #expect(result.diagnostics.first?.line == input.line)
    #expect(result.diagnostics.first?.column == input.column)
    #expect(result.rendered() == input.rendered)
}

@Suite struct ModelTwoLanguageTests {
    let scenario: Scenario

    init() throws {
        let result = compile(try fixture("model-two.scenario"), "model-two.scenario")
        #expect(result.diagnostics.isEmpty, "\(result.rendered())")
        scenario = try #require(result.scenario)
    }

    func path(_ ref: ParameterRef?) -> String? { ref.map { scenario[$0].path } }
    func law(_ path: String) -> Distribution? { scenario.parameter(path)?.distribution }

    @Test func assessmentAndSharedSitesResolve() throws {
        let s = try #require(scenario.sustainability)
        let assessment = try #require(s.assessment)
        #expect(path(assessment.capacity) == "assessment.capacity")
        #expect(path(assessment.duration) == "assessment.duration")
        #expect(scenario[assessment.duration].distribution == .constant(1))
        #expect(scenario[assessment.capacity].unit == "dossiers/year")
        // `10 to 30` on a positive quantity: the lognormal with those 5th and 95th percentiles.
        #expect(abs(scenario[assessment.capacity].distribution.quantile(0.05) - 10) < 1e-9)
        #expect(abs(scenario[assessment.capacity].distribution.quantile(0.95) - 30) < 1e-9)
        #expect(path(s.solutionsPerSite) == "market.solutions_per_site")
        #expect(abs(try #require(law("market.solutions_per_site")).quantile(0.5) - (2.0 * 4).squareRoot()) < 1e-12)
    }

    @Test func pathwayOptionsResolve() throws {
        let pathways = try #require(scenario.sustainability?.pathways)
        #expect(pathways.map(\.name) == ["reimbursement", "hospital", "pilot_fund", "none"])
        let reimbursement = pathways[0], hospital = pathways[1], pilot = pathways[2], none = pathways[3]

        let route = try #require(reimbursement.assessment)
        #expect(path(route.success) == "pathway.reimbursement.success")
        #expect(route.orElse == "hospital")
        let early = try #require(reimbursement.early)
        guard case .tariffPerUse(let price) = early.price else { Issue.record("expected an early tariff"); return }
        #expect(path(price) == "pathway.reimbursement.early_price")
        #expect(scenario[price].distribution == .constant(3))
        #expect(scenario[early.years].distribution == .constant(1))
        #expect(path(reimbursement.erosion) == "pathway.reimbursement.erosion")
        #expect(scenario[try #require(reimbursement.erosion)].unit == "share/year")
        #expect(reimbursement.revision == nil && reimbursement.delay == nil)

        let revision = try #require(hospital.revision)
        #expect(path(revision.change) == "pathway.hospital.revised")
        // `-30% to -10%` on a signed change: normal, mean -20%, 5th percentile -30%.
        #expect(abs(scenario[revision.change].distribution.quantile(0.5) + 0.2) < 1e-12)
        #expect(abs(scenario[revision.change].distribution.quantile(0.05) + 0.3) < 1e-9)
        #expect(scenario[revision.after].distribution == .constant(2))
        #expect(hospital.assessment == nil && hospital.early == nil && hospital.erosion == nil)

        // `else none` is the same as no `else`.
        #expect(pilot.assessment?.orElse == nil)
        #expect(scenario[try #require(pilot.assessment).success].distribution == .constant(0.5))
        guard case .licencePerSiteYear(let licence)? = pilot.early?.price else { Issue.record("expected an early licence"); return }
        #expect(scenario[licence].distribution == .constant(2000))
        #expect(scenario[try #require(pilot.early).years].distribution == .constant(2))
        #expect(pilot.payer == "regions")

        #expect(none.assessment == nil && none.early == nil && none.erosion == nil && none.revision == nil)
    }

    @Test func savingsCashAndDefaults() throws {
        let savings = try #require(scenario.sustainability?.savings)
        #expect(savings.map(\.payer) == ["hospitals", "assurance_maladie"])
        let written = scenario[try #require(savings[0].cash)]
        #expect(written.path == "savings.hospitals.cash" && !written.isDefault)
        #expect(abs(written.distribution.quantile(0.05) - 0.2) < 1e-9)
        let unwritten = scenario[try #require(savings[1].cash)]
        #expect(unwritten.path == "savings.assurance_maladie.cash" && unwritten.isDefault)
        #expect(unwritten.distribution == .constant(1))
    }

    @Test func rampAndDecayResolve() throws {
        let calls = try #require(scenario.instruments.first { $0.id == "calls" })
        let training = try #require(scenario.instruments.first { $0.id == "training" })
        #expect(path(calls.ramp) == "calls.ramp" && law("calls.ramp") == .constant(2))
        #expect(path(calls.decay) == "calls.decay" && law("calls.decay") == .constant(0.15))
        // `1 to 3 years`: whole years 1, 2 or 3.
        #expect(law("training.ramp") == .wholeUniform(min: 1, max: 3))
        #expect(scenario.parameter("training.decay")?.unit == "share/year")
        #expect(scenario[try #require(training.elasticity)].isDefault)
        #expect(law("training.elasticity") == .constant(0.5))
        #expect(calls.elasticity == nil)
    }

    @Test func mixesAndCorrelationsReachTheNewPaths() throws {
        let mix = try #require(scenario.mixes.first)
        #expect(mix.overrides.map { scenario[$0.parameter].path } == [
            "assessment.capacity", "training.ramp", "calls.decay", "savings.assurance_maladie.cash", "market.solutions_per_site",
        ])
        #expect(mix.overrides.map(\.distribution) == [.constant(5), .constant(3), .constant(1), .constant(0.5), .constant(1)])
        let c = try #require(scenario.correlations.first)
        #expect([path(c.first), path(c.second)] == ["pathway.reimbursement.success", "assessment.capacity"])
        #expect(c.spearman == -0.3)
    }

    @Test func everyNewClauseIsListedAsNotSimulatedYet() {
        #expect(scenario.unsimulatedClauses == [
            "assessment", "via assessment", "early", "erosion", "revised", "up to … solutions per site", "cash", "ramp", "decay",
        ])
    }

    @Test func checkListsTheNewClausesAndTheDefaults() {
        let report = CheckReport.text(scenario, fileName: "model-two.scenario")
        let section = report
        guard let start = section.range(of: "defaults ("), let end = section.range(of: "\npayers (") else {
            Issue.record("no defaults or payers section")
            return
        }
        #expect(String(section[start.lowerBound..<end.lowerBound]) + "\n" == """
        defaults (2, not written; a mix may set them)
          constant 0.5 (elasticity): training.elasticity
          constant 1 (share): savings.assurance_maladie.cash

        stages (1)
          1. poc: duration poc.duration, success poc.success, cost poc.cost

        instruments (2)
          calls: research_call "Calls", years 2026 to 2035, payer state
            feeds poc: projects calls.projects, grant calls.grant
            ramp calls.ramp years
            decay calls.decay per year
          training: direct_grant "Training", years 2026 to 2035, payer state
            budget training.budget per year
            effect on poc.success: training.effect.poc.success (pp), from 2026, fading by training.decay a year after 2035
            effects scale as (money per year / 1000000 €)^elasticity, elasticity 0.5 (default)
            ramp training.ramp years
            decay training.decay per year

        sustainability
          market market up to market.solutions_per_site solutions per site, uses uses, adoption bass p adoption.p, q adoption.q
          assessment capacity assessment.capacity per year, duration assessment.duration years
          pathways (4)
            reimbursement: share pathway.reimbursement.share, tariff pathway.reimbursement.tariff per use, payer assurance_maladie, via assessment success pathway.reimbursement.success else hospital, early tariff pathway.reimbursement.early_price per use for pathway.reimbursement.early_years years, erosion pathway.reimbursement.erosion per year
            hospital: share pathway.hospital.share, licence pathway.hospital.licence per site-year, payer hospitals, revised pathway.hospital.revised after pathway.hospital.revised_after years
            pilot_fund: share pathway.pilot_fund.share, licence pathway.pilot_fund.licence per site-year, payer regions, via assessment success pathway.pilot_fund.success, early licence pathway.pilot_fund.early_price per site-year for pathway.pilot_fund.early_years years
            none: share rest, proof-of-concept cliff
          savings savings.hospitals per use for hospitals, cash savings.hospitals.cash
          savings savings.assurance_maladie per use for assurance_maladie


        """)
        #expect(report.contains("  assessment.capacity                dossiers/year           10      17.32         30  lognormal(mu=2.852, sigma=0.334) from 90% interval 10 to 30\n"))
    }

    @Test func checkJSONNamesTheNewPaths() throws {
        let json = CheckReport.json(scenario, fileName: "model-two.scenario")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let s = try #require(object["sustainability"] as? [String: Any])
        #expect(s["solutions_per_site"] as? String == "market.solutions_per_site")
        #expect(s["assessment"] as? [String: String] == ["capacity": "assessment.capacity", "duration": "assessment.duration"])
        let pathways = try #require(s["pathways"] as? [[String: Any]])
        #expect(pathways[0]["assessment"] as? [String: String] == ["success": "pathway.reimbursement.success", "else": "hospital"])
        let early = try #require(pathways[0]["early"] as? [String: Any])
        #expect(early["years"] as? String == "pathway.reimbursement.early_years")
        #expect(early["price"] as? [String: String] == ["per": "use", "path": "pathway.reimbursement.early_price"])
        #expect(pathways[0]["erosion"] as? String == "pathway.reimbursement.erosion")
        #expect(pathways[1]["revised"] as? [String: String] == ["change": "pathway.hospital.revised", "after": "pathway.hospital.revised_after"])
        let pilot = try #require(pathways[2]["assessment"] as? [String: Any])
        #expect(pilot["else"] is NSNull)
        let savings = try #require(s["savings"] as? [[String: Any]])
        #expect(savings.map { $0["cash"] as? String } == ["savings.hospitals.cash", "savings.assurance_maladie.cash"])
        let instruments = try #require(object["instruments"] as? [[String: Any]])
        #expect(instruments.map { $0["ramp"] as? String } == ["calls.ramp", "training.ramp"])
        #expect(instruments.map { $0["decay"] as? String } == ["calls.decay", "training.decay"])
        let defaults = try #require(object["defaults"] as? [[String: Any]])
        #expect(defaults.map { $0["path"] as? String } == ["training.elasticity", "savings.assurance_maladie.cash"])
        #expect(defaults.map { $0["law"] as? String } == ["constant 0.5", "constant 1"])
    }
}

/// A scenario that uses nothing of §7 keeps its `check` parameter table; its defaults are listed apart.
@Test func unwrittenDefaultsAreParametersListedApart() throws {
    let scenario = try #require(compile(baseScenario).scenario)
    #expect(scenario.unsimulatedClauses.isEmpty)
    #expect(scenario.parameter("rc.decay")?.distribution == .constant(1))
    #expect(scenario.parameter("tools.decay")?.distribution == .constant(0))
    #expect(scenario.parameter("tools.ramp")?.isDefault == true)
    let report = CheckReport.text(scenario, fileName: "t.scenario")
    #expect(report.contains("parameters (16)\n"))
    #expect(report.contains("""
    defaults (5, not written; a mix may set them)
      constant 0 (years): rc.ramp, tools.ramp
      constant 1 (share/year): rc.decay
      constant 0.5 (elasticity): tools.elasticity
      constant 0 (share/year): tools.decay

    stages (2)
    """))
}

/// A mix that sets a default uses its clause.
@Test func aMixSettingADefaultUsesItsClause() throws {
    let scenario = try #require(compile(baseScenario + "mix \"m\"\n  tools.decay 20% per year\n  rc.ramp 2 years\n").scenario)
    #expect(scenario.unsimulatedClauses == ["ramp", "decay"])
}

/// Every error of the new clauses in one pass.
@Test func modelTwoErrorsComeInOnePass() {
    let source = base(replacing: "  pathway paid share 50% tariff 5€ per use payer am\n", with: """
      pathway paid share 50% via assessment success 140% else nowhere tariff 5€ per use payer am erosion 100% per year
      pathway free share 10% success 40% revised -10% after 2 years
      savings 1€ per use for am cash -1%
      savings 1€ per use for am

    """).replacingOccurrences(of: "  effect poc.cost -10%\n", with: "  effect poc.cost -10%\n  ramp -2 years\n")
    let result = compile(source)
    #expect(result.scenario == nil)
    #expect(result.diagnostics.filter { $0.severity == .error }.map { "\($0.line):\($0.column) \($0.message)" } == [
        "12:8 `ramp` cannot be negative, found `-2`",
        "17:26 `via assessment` needs an `assessment` clause",
        "17:49 probability out of range: `140%`",
        "17:59 unknown pathway `nowhere` after `else`",
        "17:102 erosion out of range: `100%`",
        "18:34 `success` needs `via assessment`",
        "18:46 `revised` moves a price, but pathway `free` has no tariff or licence",
        "19:34 share out of range: `-1%`",
        "20:26 savings for `am` are given twice (first on line 19)",
    ])
}

/// An assessment that no pathway goes through is a warning, not an error.
@Test func anAssessmentWithoutRoutesIsAWarning() {
    let result = compile(base(replacing: "  pathway none share rest\n", with: "  pathway none share rest\n  assessment capacity 10 per year duration 2 years\n"))
    #expect(result.scenario != nil)
    #expect(result.rendered() == """
        t.scenario:18:3: warning: no pathway is `via assessment`: this assessment decides nothing
          assessment capacity 10 per year duration 2 years
          ^~~~~~~~~~
        hint: add `via assessment success P` to the pathway it gives access to

        """)
}
