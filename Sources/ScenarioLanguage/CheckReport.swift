import FundingModel
import MonteCarlo

/// What `beyondpoc check` prints: every parameter (path, law and how its family was chosen,
/// unit, 5/50/95% quantiles, whether it is drawn each year), then the stages, instruments,
/// pathways, payers, correlations and mixes.
public enum CheckReport {
    /// Quantiles listed for every parameter.
    public static let probabilities: [Double] = [0.05, 0.5, 0.95]

    /// The human-readable report.
    public static func text(_ scenario: Scenario, fileName: String) -> String {
        text(scenario, fileName: fileName, tables: .standard)
    }

    /// The report of a scenario compiled with `tables`.
    static func text(_ scenario: Scenario, fileName: String, tables: ClauseTables) -> String {
        var out = "scenario \"\(scenario.title)\" (\(fileName))\n"
        let h = scenario.horizon
        out += "horizon \(h.lowerBound) to \(h.upperBound) (\(h.count) years), discount \(NumberText.percent(scenario.discountRate)) a year\n"
        out += "\n" + parameterTable(scenario)
        out += defaultsText(scenario)
        out += "\n" + stagesText(scenario)
        out += "\n" + instrumentsText(scenario, tables.instrument)
        out += "\n" + sustainabilityText(scenario, tables.sustainability)
        if let d = scenario.decision { out += "\n" + decisionText(scenario, d, tables.decision) }
        out += "\npayers (\(scenario.payers.count)): \(scenario.payers.joined(separator: ", "))\n"
        out += "\n" + correlationsText(scenario)
        out += "\n" + mixesText(scenario)
        return out
    }

    // MARK: Parameters

    /// `law` of a parameter as shown: the fitted law, ", drawn each year", then the family note.
    static func lawText(_ p: Parameter) -> String {
        var text = LawDescription.text(p.distribution)
        if p.eachYear { text += ", drawn each year" }
        if let note = p.familyNote { text += " " + note }
        return text
    }

    static func quantileTexts(_ d: Distribution) -> [String] {
        probabilities.map { LawDescription.quantile(d, $0).map { NumberText.significant($0) } ?? "—" }
    }

    private static func pad(_ s: String, _ width: Int) -> String {
        s + String(repeating: " ", count: max(0, width - s.count))
    }

    private static func padLeft(_ s: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - s.count)) + s
    }

    /// The parameters written in the file (clause defaults are listed apart, by ``defaultsText(_:)``).
    static func parameterTable(_ scenario: Scenario) -> String {
        let written = scenario.parameters.filter { !$0.isDefault }
        let pathWidth = max(4, written.map(\.path.count).max() ?? 0)
        let unitWidth = max(4, written.map(\.unit.count).max() ?? 0)
        var out = "parameters (\(written.count))\n"
        out += "  " + pad("path", pathWidth) + "  " + pad("unit", unitWidth)
        out += "  " + ["p05", "p50", "p95"].map { padLeft($0, 10) }.joined(separator: " ") + "  law\n"
        for p in written {
            out += "  " + pad(p.path, pathWidth) + "  " + pad(p.unit, unitWidth) + "  "
            out += quantileTexts(p.distribution).map { padLeft($0, 10) }.joined(separator: " ")
            out += "  " + lawText(p) + "\n"
        }
        return out
    }

    /// The values that exist with their clause's default because the file does not write them
    /// (`<id>.ramp`, `<id>.decay`, `<id>.elasticity`, `savings.<payer>.cash`; DESIGN §7.7), one
    /// line per law and unit, in order of first appearance: a mix may set any of them.
    static func defaultsText(_ scenario: Scenario) -> String {
        let defaults = scenario.parameters.filter(\.isDefault)
        guard !defaults.isEmpty else { return "" }
        var groups: [(key: String, paths: [String])] = []
        for p in defaults {
            let key = "\(lawText(p)) (\(p.unit))"
            if let k = groups.firstIndex(where: { $0.key == key }) {
                groups[k].paths.append(p.path)
            } else {
                groups.append((key, [p.path]))
            }
        }
        var out = "defaults (\(defaults.count), not written; a mix may set them)\n"
        for g in groups { out += "  \(g.key): \(g.paths.joined(separator: ", "))\n" }
        return out
    }

    // MARK: Structure

    private static func path(_ s: Scenario, _ r: ParameterRef) -> String { s[r].path }

    static func stagesText(_ s: Scenario) -> String {
        var out = "stages (\(s.stages.count))\n"
        for (k, st) in s.stages.enumerated() {
            out += "  \(k + 1). \(st.name): duration \(path(s, st.duration)), success \(path(s, st.success)), cost \(path(s, st.cost))\n"
        }
        return out
    }

    /// Each instrument: its header, then its clauses as ``InstrumentClauses`` places them.
    static func instrumentsText(_ s: Scenario, _ rules: [InstrumentClauseRule]) -> String {
        var out = "instruments (\(s.instruments.count))\n"
        for i in s.instruments {
            out += "  \(i.id): \(i.kind.rawValue) \"\(i.label)\", years \(i.years.lowerBound) to \(i.years.upperBound), payer \(i.payer)\n"
            var body = lines(of: rules, .lead, s, i)
            if let f = i.feeder {
                let parts = lines(of: rules, .summary, s, i)
                let stage = s.stages.indices.contains(f.entryStage) ? s.stages[f.entryStage].name : "?"
                body.append("feeds \(stage)" + (parts.isEmpty ? "" : ": " + parts.joined(separator: ", ")))
            }
            body += lines(of: rules, .lines, s, i)
            out += body.map { "    \($0)\n" }.joined()
        }
        return out
    }

    /// The `check` lines of the clauses of `rules` shown at `place`.
    static func lines<Draft, Model>(of rules: [ClauseRule<Draft, Model>], _ place: ReportPlace, _ s: Scenario, _ model: Model) -> [String] {
        rules.filter { $0.place == place }.flatMap { $0.text(s, model) }
    }

    /// The `sustainability` block: a summary line (`market …, uses …, adoption …`), then the
    /// lines of its other clauses, as ``SustainabilityClauses`` places them.
    static func sustainabilityText(_ s: Scenario, _ rules: [SustainabilityClauseRule]) -> String {
        guard let u = s.sustainability else { return "sustainability: none\n" }
        var out = "sustainability\n"
        out += lines(of: rules, .lead, s, u).map { "  \($0)\n" }.joined()
        out += "  " + lines(of: rules, .summary, s, u).joined(separator: ", ") + "\n"
        out += lines(of: rules, .lines, s, u).map { "  \($0)\n" }.joined()
        return out
    }

    /// The `decision` block: one line per clause, as ``DecisionClauses`` shows them.
    static func decisionText(_ s: Scenario, _ d: Decision, _ rules: [DecisionClauseRule]) -> String {
        "decision\n" + lines(of: rules, .lines, s, d).map { "  \($0)\n" }.joined()
    }

    /// The note `check` adds when a correlation's margins are whole or discrete (DESIGN §3.1).
    static func correlationNote(_ s: Scenario, _ c: Correlation) -> String? {
        let rough = [c.first, c.second].filter { Resolver.isRoundedOrDiscrete(s[$0].distribution) }
        guard !rough.isEmpty else { return nil }
        return "whole or discrete values (\(rough.map { s[$0].path }.joined(separator: ", "))): the rank correlation achieved can be lower"
    }

    static func correlationsText(_ s: Scenario) -> String {
        guard !s.correlations.isEmpty else { return "correlations: none\n" }
        var out = "correlations (\(s.correlations.count))\n"
        for c in s.correlations {
            out += "  \(path(s, c.first)) ~ \(path(s, c.second)): spearman \(NumberText.exact(c.spearman))"
            if let note = correlationNote(s, c) { out += "; \(note)" }
            out += "\n"
        }
        return out
    }

    static func mixesText(_ s: Scenario) -> String {
        guard !s.mixes.isEmpty else { return "mixes: none\n" }
        var out = "mixes (\(s.mixes.count))\n"
        for m in s.mixes {
            out += "  \"\(m.name)\"\n"
            for o in m.overrides {
                out += "    \(path(s, o.parameter)) = \(LawDescription.text(o.distribution))\(o.eachYear ? ", drawn each year" : "")\n"
            }
            for w in m.without { out += "    without \(w)\n" }
            for p in m.capPolicies { out += "    cap \(p.payer) policy \(p.policy.rawValue)\n" }
        }
        return out
    }
}
