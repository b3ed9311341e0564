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
        var out = "scenario \"\(scenario.title)\" (\(fileName))\n"
        let h = scenario.horizon
        out += "horizon \(h.lowerBound) to \(h.upperBound) (\(h.count) years), discount \(NumberText.percent(scenario.discountRate)) a year\n"
        out += "\n" + parameterTable(scenario)
        out += "\n" + stagesText(scenario)
        out += "\n" + instrumentsText(scenario)
        out += "\n" + sustainabilityText(scenario)
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

    static func parameterTable(_ scenario: Scenario) -> String {
        let pathWidth = max(4, scenario.parameters.map(\.path.count).max() ?? 0)
        let unitWidth = max(4, scenario.parameters.map(\.unit.count).max() ?? 0)
        var out = "parameters (\(scenario.parameters.count))\n"
        out += "  " + pad("path", pathWidth) + "  " + pad("unit", unitWidth)
        out += "  " + ["p05", "p50", "p95"].map { padLeft($0, 10) }.joined(separator: " ") + "  law\n"
        for p in scenario.parameters {
            out += "  " + pad(p.path, pathWidth) + "  " + pad(p.unit, unitWidth) + "  "
            out += quantileTexts(p.distribution).map { padLeft($0, 10) }.joined(separator: " ")
            out += "  " + lawText(p) + "\n"
        }
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

    static func instrumentsText(_ s: Scenario) -> String {
        var out = "instruments (\(s.instruments.count))\n"
        for i in s.instruments {
            out += "  \(i.id): \(i.kind.rawValue) \"\(i.label)\", years \(i.years.lowerBound) to \(i.years.upperBound), payer \(i.payer)\n"
            switch i.budget {
            case .perYear(let r)?: out += "    budget \(path(s, r)) per year\n"
            case .total(let r, let over)?: out += "    budget \(path(s, r)) over \(over.lowerBound) to \(over.upperBound)\n"
            case nil: break
            }
            if let f = i.feeder {
                var parts: [String] = []
                if let p = f.projects {
                    parts.append("\(i.kind == .challenge ? "winners" : "projects") \(path(s, p))")
                }
                if let g = f.grant { parts.append("grant \(path(s, g))") }
                if let c = f.cofunding { parts.append("cofunding \(path(s, c))") }
                if let c = f.collaborative {
                    var t = "collaborative \(path(s, c.share))"
                    let mods = [c.successShift.map { "success \(path(s, $0))" }, c.costChange.map { "cost \(path(s, $0))" }]
                        .compactMap { $0 }
                    if !mods.isEmpty { t += " (\(mods.joined(separator: ", ")))" }
                    parts.append(t)
                }
                if let p = f.prize { parts.append("prize \(path(s, p))") }
                let stage = s.stages.indices.contains(f.entryStage) ? s.stages[f.entryStage].name : "?"
                out += "    feeds \(stage)" + (parts.isEmpty ? "\n" : ": " + parts.joined(separator: ", ") + "\n")
            }
            if let o = i.organisation { out += "    organisation \(path(s, o))\n" }
            if let p = i.participants {
                out += "    participants \(path(s, p.count))" + (p.unitCost.map { " at \(path(s, $0))" } ?? "") + "\n"
            }
            if let a = i.annotations { out += "    annotations \(path(s, a.count)) at \(path(s, a.unitCost))\n" }
            for e in i.effects {
                let when = i.kind.effectsOutliveFunding
                    ? "from \(i.years.lowerBound) to the horizon" : "while funded (\(i.years.lowerBound) to \(i.years.upperBound))"
                out += "    effect on \(path(s, e.target)): \(path(s, e.change)) (\(e.kind.rawValue)), \(when)\n"
            }
            if let money = i.referenceMoneyPerYear, !i.effects.isEmpty {
                let e = i.elasticity.map { path(s, $0) } ?? "0.5 (default)"
                out += "    effects scale as (money per year / \(NumberText.significant(money)) €)^elasticity, elasticity \(e)\n"
            }
        }
        return out
    }

    static func sustainabilityText(_ s: Scenario) -> String {
        guard let u = s.sustainability else { return "sustainability: none\n" }
        var out = "sustainability\n"
        out += "  market \(path(s, u.market)), uses \(path(s, u.uses)), adoption bass p \(path(s, u.bassP)), q \(path(s, u.bassQ))\n"
        out += "  pathways (\(u.pathways.count))\n"
        for p in u.pathways {
            var parts = ["share " + (p.share.map { path(s, $0) } ?? "rest")]
            if let d = p.delay { parts.append("delay \(path(s, d))") }
            switch p.price {
            case .tariffPerUse(let r): parts.append("tariff \(path(s, r)) per use")
            case .licencePerSiteYear(let r): parts.append("licence \(path(s, r)) per site-year")
            case .none: parts.append(p.isCliff ? "proof-of-concept cliff" : "no price")
            }
            if let payer = p.payer { parts.append("payer \(payer)") }
            out += "    \(p.name): \(parts.joined(separator: ", "))\n"
        }
        if u.opexFixed != nil || u.opexPerSite != nil {
            let parts = [u.opexFixed.map { "\(path(s, $0)) per year" }, u.opexPerSite.map { "\(path(s, $0)) per site-year" }]
            out += "  opex \(parts.compactMap { $0 }.joined(separator: " + "))\n"
        }
        for sv in u.savings { out += "  savings \(path(s, sv.perUse)) per use for \(sv.payer)\n" }
        if let e = u.exitAfter { out += "  exit after \(path(s, e)) years below breakeven\n" }
        for c in u.caps { out += "  cap \(c.payer): \(path(s, c.amount)) per year, policy \(c.policy.rawValue)\n" }
        return out
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
