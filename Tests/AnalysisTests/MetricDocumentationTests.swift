import Foundation
import FundingModel
import ScenarioLanguage
import Testing
import Analysis

/// The metric catalog: every metric of every variant of the shipped scenarios has one entry with a
/// DESIGN §10 unit, kind and direction, and notebooks-data/README.md documents it with the same
/// label, unit, kind, direction and missing value.
@Suite struct MetricDocumentationTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let shipped = ["reference", "ami-2019-mix", "france-2030", "sustainability-2025"]

    /// DESIGN §10, spelled as metrics.csv writes them.
    static let units: Set = ["€", "solutions", "projects", "participants", "sites", "uses", "year", "years", "0/1"]
    static let kinds: Set = ["flow", "stock", "scalar"]
    static let directions: Set = ["higher", "lower", "none"]

    struct DocumentedRow {
        var pattern: String, label: String, unit: String, kind: String, direction: String, missing: String
    }

    /// Rows "| `pattern` | label | unit | kind | direction | missing | meaning |" of the metric tables.
    static func documented() throws -> [DocumentedRow] {
        let text = try String(contentsOf: repository.appendingPathComponent("notebooks-data/README.md"), encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count == 9, cells[1].hasPrefix("`"), cells[1].hasSuffix("`"), cells[1].count > 2 else { return nil }
            return DocumentedRow(pattern: String(cells[1].dropFirst().dropLast()), label: cells[2], unit: cells[3],
                                 kind: cells[4], direction: cells[5], missing: cells[6])
        }
    }

    /// The ids and labels `pattern` and `label` stand for, placeholders replaced by the scenario's names.
    static func instances(_ row: DocumentedRow, _ s: Scenario) -> [(id: String, label: String)] {
        let names: [String: [String]] = [
            "<stage>": s.stages.map(\.name), "<id>": s.instruments.map(\.id), "<payer>": s.payers,
            "<pathway>": s.sustainability?.pathways.map(\.name) ?? [],
        ]
        var candidates = [(id: row.pattern, label: row.label)]
        for (placeholder, values) in names {
            candidates = candidates.flatMap { c in
                c.id.contains(placeholder)
                    ? values.map { (c.id.replacingOccurrences(of: placeholder, with: $0), c.label.replacingOccurrences(of: placeholder, with: $0)) }
                    : [c]
            }
        }
        return candidates
    }

    static func scenario(_ name: String) throws -> Scenario {
        let data = try Data(contentsOf: repository.appendingPathComponent("scenarios/\(name).scenario"))
        return try #require(ScenarioCompiler.compile(bytes: [UInt8](data), fileName: name).scenario)
    }

    @Test(arguments: shipped)
    func everyMetricHasADesignUnitKindAndDirection(name: String) throws {
        let scenario = try Self.scenario(name)
        for variant in Variant.of(scenario) {
            let model = variant.model
            #expect(!model.series.isEmpty && !model.scalars.isEmpty)
            for m in model.series + model.scalars {
                #expect(Self.units.contains(m.unit.rawValue), "\(m.id): unit \(m.unit.rawValue)")
                #expect(Self.kinds.contains(m.kind.rawValue), "\(m.id): kind \(m.kind.rawValue)")
                #expect(Self.directions.contains(m.direction.rawValue), "\(m.id): direction \(m.direction.rawValue)")
                #expect(!m.label.isEmpty && m.label.first!.isUppercase, "\(m.id): label \(m.label)")
                if let payer = m.payer { #expect(scenario.payers.contains(payer) || m.role == .revenue, "\(m.id): payer \(payer)") }
                #expect((m.payer == nil) == (m.role == nil) || m.role == .revenue, "\(m.id)")
            }
            // Series are yearly flows or stocks, missing = 0 (the pairing of series assumes it); scalars are scalars.
            #expect(model.series.allSatisfy { $0.kind != .scalar && $0.missing == .zero })
            #expect(model.scalars.allSatisfy { $0.kind == .scalar })
            let all = model.series + model.scalars
            #expect(Set(all.map(\.id)).count == all.count, "ids are unique")
            #expect(Set(all.map(\.label)).count == all.count, "labels are unique: \(all.map(\.label))")
        }
    }

    @Test(arguments: shipped)
    func everyMetricIsDocumentedAsTheCatalogSaysIt(name: String) throws {
        let scenario = try Self.scenario(name)
        let documented = try Self.documented()
        #expect(documented.count == 29)
        for variant in Variant.of(scenario) {
            for m in variant.model.series + variant.model.scalars {
                // The most specific row: `spend.private.<id>` rather than `spend.<payer>.<id>`.
                let matching = documented.filter { row in Self.instances(row, scenario).contains { $0.id == m.id } }
                let fewest = matching.map { $0.pattern.filter { $0 == "<" }.count }.min()
                let rows = matching.filter { $0.pattern.filter { $0 == "<" }.count == fewest }
                #expect(rows.count == 1, "\(m.id) is documented \(rows.count) times in notebooks-data/README.md")
                guard let row = rows.first else { continue }
                let label = Self.instances(row, scenario).first { $0.id == m.id }!.label
                // Labels name `state` and `private` as State and Private and start with a capital.
                #expect(label.lowercased() == m.label.lowercased(), "\(m.id): label \(m.label), documented \(label)")
                #expect(row.unit == m.unit.rawValue, "\(m.id): unit \(m.unit.rawValue), documented \(row.unit)")
                #expect(row.kind == m.kind.rawValue, "\(m.id): kind \(m.kind.rawValue), documented \(row.kind)")
                #expect(row.direction == m.direction.rawValue, "\(m.id): direction \(m.direction.rawValue), documented \(row.direction)")
                #expect(row.missing == (m.missing == .zero ? "0" : "undefined"), "\(m.id): missing \(m.missing), documented \(row.missing)")
            }
        }
    }

    /// Directions and missing values that comparisons rely on, read from the catalog.
    @Test func catalogEntriesOfTheReferenceScenario() throws {
        let model = SimulationModel(scenario: try Self.scenario("reference"))
        func metric(_ id: String) throws -> Metric { try #require((model.series + model.scalars).first { $0.id == id }, "\(id)") }
        #expect(try metric("solutions.sustainable") == Metric(
            id: "solutions.sustainable", label: "Sustainable solutions", unit: .solutions, kind: .stock, direction: .higher,
            missing: .zero, summary: "Solutions past their delay, on a paying pathway, with revenue at least opex after caps."))
        let spend = try metric("spend.state.total")
        #expect([spend.label, spend.unit.rawValue, spend.kind.rawValue, spend.direction.rawValue] == ["State spending", "€", "flow", "lower"])
        #expect(spend.payer == "state" && spend.role == .spending)
        let cost = try metric("cost_per_sustainable_solution")
        #expect(cost.unit == .euro && cost.kind == .scalar && cost.direction == .lower && cost.missing == .undefined)
        #expect(try metric("breakeven_year").missing == .undefined)
        #expect(try metric("npv.net.state").missing == .zero)
        #expect(try metric("opex.total").direction == .neither)
        #expect(Better.neither.rawValue == "none")
    }

    /// `net_benefit` exists only with a `decision` block, last of the scalars, as documented.
    @Test func netBenefitIsDocumentedAsTheCatalogSaysIt() throws {
        var scenario = try Self.scenario("reference")
        #expect(!SimulationModel(scenario: scenario).scalars.contains { $0.id == "net_benefit" })
        scenario.decision = Decision(perSustainableSolution: 1_000_000, costPayers: ["state"])
        let metric = try #require(SimulationModel(scenario: scenario).scalars.last)
        let row = try #require(try Self.documented().first { $0.pattern == "net_benefit" })
        #expect(metric.id == "net_benefit" && metric.label == row.label)
        #expect([metric.unit.rawValue, metric.kind.rawValue, metric.direction.rawValue] == [row.unit, row.kind, row.direction])
        #expect(row.missing == "0" && metric.missing == .zero && metric.payer == nil)
    }
}

/// metrics.csv lists the union of the variants' metrics: series then scalars, the first variant's
/// order first, then what only later variants have.
@Suite struct MetricUnionTests {
    @Test func unionKeepsTheFirstVariantsOrderThenAddsTheOthers() throws {
        let scenario = try MetricDocumentationTests.scenario("reference")
        let variants = Variant.of(scenario)
        let instrument = try #require(scenario.instruments.last?.id)
        var without = scenario
        without.instruments.removeAll { $0.id == instrument }
        let lacking = Variant(name: "without", model: SimulationModel(scenario: without))
        let result = try Engine.run([lacking, variants[0]], configuration: RunConfiguration(trials: 16, seed: 1, threads: 1))
        let union = VariantResult.metrics(of: result.variants)
        let first = result.variants[0], second = result.variants[1]
        let added = second.series.map(\.info).filter { s in !first.series.contains { $0.info.id == s.id } }
        #expect(!added.isEmpty)
        #expect(union.map(\.id) == first.series.map(\.info.id) + added.map(\.id) + first.scalars.map(\.info.id)
                + second.scalars.map(\.info.id).filter { id in !first.scalars.contains { $0.info.id == id } })
        #expect(Set(union.map(\.id)).count == union.count)
    }
}
