import Foundation
import Testing
import FundingModel
@testable import ScenarioLanguage

/// The clause tables drive the parser, the resolver and both check reports: a clause is one entry.
struct ClauseTableTests {
    /// The clauses each kind takes, in the order of hints and `check` (DESIGN §2).
    @Test func clausesOfEveryKindComeFromTheTable() {
        let tables = ClauseTables.standard
        let expected: [InstrumentKind: [String]] = [
            .researchCall: ["years", "projects", "grant", "budget", "enter", "effect", "ramp", "decay", "payer"],
            .experimentationCall: ["years", "projects", "cofunding", "collaborative", "budget", "enter", "effect", "ramp", "decay", "payer"],
            .challenge: ["years", "prize", "organisation", "participants", "winners", "budget", "enter", "effect", "ramp", "decay", "payer"],
            .openDatabase: ["years", "annotations", "budget", "effect", "elasticity", "ramp", "decay", "payer"],
            .stateInvestment: ["years", "budget", "effect", "elasticity", "ramp", "decay", "payer"],
            .openTools: ["years", "budget", "effect", "elasticity", "ramp", "decay", "payer"],
            .directGrant: ["years", "budget", "effect", "elasticity", "ramp", "decay", "payer"],
        ]
        for kind in InstrumentKind.allCases {
            #expect(tables.instrumentClauses(of: kind).map(\.keyword) == expected[kind], "\(kind)")
        }
        #expect(tables.sustainability.map(\.keyword) == ["market", "uses", "adoption", "assessment", "pathway", "opex", "savings", "exit", "cap"])
        #expect(PathwayOptions.all.map(\.keyword) == [
            "share", "delay", "tariff", "licence", "payer", "via", "success", "else", "early", "erosion", "revised",
        ])
        #expect(tables.instrument.filter(\.repeatable).map(\.keyword) == ["effect"])
        #expect(tables.sustainability.filter(\.repeatable).map(\.keyword) == ["pathway", "savings", "cap"])
    }

    /// The hint of an unknown clause lists the table's clauses of that kind.
    @Test func unknownClauseHintListsTheTable() {
        let result = compile(base(replacing: "  budget 1M€ per year\n", with: "  budget 1M€ per year\n  zzz 3\n"))
        #expect(result.rendered() == """
            t.scenario:11:3: error: unknown clause `zzz`
              zzz 3
              ^~~
            hint: clauses of open_tools: `years`, `budget`, `effect`, `elasticity`, `ramp`, `decay`, `payer`

            """)
    }

    /// The first path segments of `sustainability` values are its clause keywords.
    @Test func sustainabilityKeywordsAreReservedRoots() {
        let result = compile(base(replacing: "stage pilot", with: "stage exit"))
        #expect(result.errors.first?.message == "`exit` is reserved for sustainability values")
    }

    /// A new clause written as one entry (here `upkeep`) is parsed, resolved into a checked
    /// parameter with its path and unit, listed in hints, shown by `check` in text and JSON, and
    /// can be overridden in a mix, with nothing else changed. A real clause would add its own
    /// model value to `Instrument`; this one borrows `organisation`, whose (challenge-only)
    /// clause the test's language leaves out so that the value is shown once.
    @Test func aClauseIsOneEntry() throws {
        var tables = ClauseTables.standard
        tables.instrument.removeAll { $0.keyword == "organisation" }
        tables.instrument.append(InstrumentClauses.value(
            "upkeep", kinds: [.openTools], field: \.organisation, place: .lines,
            spec: ParameterSpec(
                clause: "upkeep", domain: .positive, unitLabel: "€/year", dimension: .money, unit: .per("year"),
                what: "an amount per year"),
            default: 0))
        let text = base(replacing: "  budget 1M€ per year\n", with: "  budget 1M€ per year\n  upkeep 20k€ to 40k€ per year\n")
            + "mix \"More upkeep\"\n  tools.upkeep 50k€ per year\n"
        let compiled = ScenarioCompiler.compile(bytes: Array(text.utf8), fileName: "t.scenario", tables: tables)
        #expect(compiled.diagnostics.isEmpty, "\(compiled.rendered())")
        let scenario = try #require(compiled.scenario)
        let upkeep = try #require(scenario.reference(path: "tools.upkeep"))
        #expect(scenario[upkeep].unit == "€/year")
        #expect(scenario[upkeep].domain == .positive)
        #expect(scenario[upkeep].familyNote == "from 90% interval 20000 to 40000")
        let tools = try #require(scenario.instruments.first { $0.id == "tools" })
        #expect(tools.organisation == upkeep)
        #expect(scenario.mixes.first?.overrides == [Mix.Override(parameter: upkeep, distribution: .constant(50_000), eachYear: false)])

        let report = CheckReport.text(scenario, fileName: "t.scenario", tables: tables)
        #expect(report.contains("""
              tools: open_tools "Tools", years 2026 to 2030, payer state
                budget tools.budget per year
                effect on poc.cost: tools.effect.poc.cost (%), from 2026 to the horizon
                effects scale as (money per year / 1000000 €)^elasticity, elasticity 0.5 (default)
                upkeep tools.upkeep

            """))
        let json = CheckReport.json(scenario, fileName: "t.scenario", tables: tables)
        #expect(json.contains("""
                  "elasticity": "tools.elasticity",
                  "ramp": "tools.ramp",
                  "decay": "tools.decay",
                  "upkeep": "tools.upkeep",
                  "reference_money_per_year": 1000000
            """))

        // Hints list it where the table puts it; a wrong unit is checked by its spec.
        let unknown = ScenarioCompiler.compile(
            bytes: Array(base(replacing: "  budget 1M€ per year\n", with: "  budget 1M€ per year\n  upkep 3\n").utf8),
            fileName: "t.scenario", tables: tables)
        #expect(unknown.errors.first?.hint == "did you mean `upkeep`?")
        let typo = ScenarioCompiler.compile(
            bytes: Array(base(replacing: "  budget 1M€ per year\n", with: "  budget 1M€ per year\n  zzz 3\n").utf8),
            fileName: "t.scenario", tables: tables)
        #expect(typo.errors.first?.hint == "clauses of open_tools: `years`, `budget`, `effect`, `elasticity`, `ramp`, `decay`, `payer`, `upkeep`")
        let wrongUnit = ScenarioCompiler.compile(
            bytes: Array(base(replacing: "  budget 1M€ per year\n", with: "  budget 1M€ per year\n  upkeep 20k€ per use\n").utf8),
            fileName: "t.scenario", tables: tables)
        #expect(wrongUnit.hasErrors)
        #expect(wrongUnit.errors.first?.line == 11)

        // Unwritten, it exists with its default, so that a mix can set it.
        let unwritten = ScenarioCompiler.compile(
            bytes: Array((baseScenario + "mix \"Upkeep\"\n  tools.upkeep 10k€ per year\n").utf8), fileName: "t.scenario", tables: tables)
        let defaulted = try #require(unwritten.scenario)
        let path = try #require(defaulted.reference(path: "tools.upkeep"))
        #expect(defaulted[path].distribution == .constant(0))
        #expect(defaulted.instruments.first { $0.id == "tools" }?.organisation == path)
        #expect(defaulted.mixes.first?.overrides == [Mix.Override(parameter: path, distribution: .constant(10_000), eachYear: false)])

        // The standard language does not know it.
        let standard = compile(base(replacing: "  budget 1M€ per year\n", with: "  budget 1M€ per year\n  upkeep 20k€ per year\n"))
        #expect(standard.errors.map(\.message) == ["unknown clause `upkeep`"])
    }

    /// Every key of the check JSON is snake_case, as in run.json.
    @Test func checkJSONKeysAreSnakeCase() throws {
        let scenario = try #require(compile(try fixture("full.scenario")).scenario)
        let object = try JSONSerialization.jsonObject(with: Data(CheckReport.json(scenario, fileName: "f").utf8))
        var keys: Set<String> = []
        func collect(_ value: Any) {
            if let dictionary = value as? [String: Any] {
                keys.formUnion(dictionary.keys)
                dictionary.values.forEach(collect)
            } else if let array = value as? [Any] {
                array.forEach(collect)
            }
        }
        collect(object)
        let notSnake = keys.filter { key in !key.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "_" } }
        #expect(notSnake.isEmpty, "\(notSnake.sorted())")
        #expect(keys.isSuperset(of: ["discount_rate", "each_year", "family_note", "entry_stage", "until_horizon", "bass_p", "cap_policies"]))
    }
}
