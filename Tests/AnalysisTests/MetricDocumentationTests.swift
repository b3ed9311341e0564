import Foundation
import FundingModel
import ScenarioLanguage
import Testing

/// Every metric the model writes for the shipped scenarios is documented in notebooks-data/README.md,
/// with the unit the model gives it.
@Suite struct MetricDocumentationTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// (pattern, unit) from the metric tables: rows "| `pattern` | unit | …".
    static func documented() throws -> [(pattern: String, unit: String)] {
        let text = try String(contentsOf: repository.appendingPathComponent("notebooks-data/README.md"), encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 4, cells[1].hasPrefix("`"), cells[1].hasSuffix("`"), cells[1].count > 2 else { return nil }
            return (String(cells[1].dropFirst().dropLast()), cells[2])
        }
    }

    /// Whether `id` is an instance of `pattern`, placeholders standing for the scenario's names.
    static func matches(_ id: String, _ pattern: String, _ s: Scenario) -> Bool {
        let names: [String: [String]] = [
            "<stage>": s.stages.map(\.name), "<id>": s.instruments.map(\.id), "<payer>": s.payers,
            "<pathway>": s.sustainability?.pathways.map(\.name) ?? [],
        ]
        var candidates = [pattern]
        for (placeholder, values) in names {
            candidates = candidates.flatMap { c in
                c.contains(placeholder) ? values.map { c.replacingOccurrences(of: placeholder, with: $0) } : [c]
            }
        }
        return candidates.contains(id)
    }

    @Test(arguments: ["reference", "ami-2019-mix", "france-2030", "sustainability-2025"])
    func everyMetricIsDocumentedWithItsUnit(name: String) throws {
        let data = try Data(contentsOf: Self.repository.appendingPathComponent("scenarios/\(name).scenario"))
        let scenario = try #require(ScenarioCompiler.compile(bytes: [UInt8](data), fileName: name).scenario)
        let model = SimulationModel(scenario: scenario)
        let documented = try Self.documented()
        #expect(documented.count >= 28)
        let outputs = model.series.map { ($0.id, $0.unit) } + model.scalars.map { ($0.id, $0.unit) }
        for (id, unit) in outputs {
            let rows = documented.filter { Self.matches(id, $0.pattern, scenario) }
            #expect(!rows.isEmpty, "\(id) is not in notebooks-data/README.md")
            #expect(rows.contains { $0.unit == unit }, "\(id): unit \(unit) documented as \(rows.map(\.unit))")
        }
    }
}
