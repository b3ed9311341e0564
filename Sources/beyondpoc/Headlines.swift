import Analysis
import Foundation
import FundingModel

/// The short table printed after a run: the outcomes an analyst looks at first.
enum Headlines {
    struct Line {
        var label: String
        var statistic: Statistic
        var unit: MetricUnit
    }

    /// The NPV net cost of each payer other than the State (its spending has a line of its own)
    /// and private parties (the firms): the insurers and hospitals that pay pathways or save.
    static func otherPayersNetCost(_ v: VariantResult) -> [ScalarResult] {
        v.scalars.filter { s in
            s.info.role == .netCost && s.info.payer.map { !["state", "private"].contains($0) } ?? false
        }
    }

    static func lines(_ v: VariantResult, lastYear: Int, yearIndex: Int) -> [Line] {
        var lines: [Line] = []
        func series(_ id: String, _ label: String) {
            if let s = v.series(id) { lines.append(Line(label: label, statistic: s.byYear[yearIndex], unit: s.info.unit)) }
        }
        func scalar(_ id: String, _ label: String) {
            if let s = v.scalar(id) { lines.append(Line(label: label, statistic: s.statistic, unit: s.info.unit)) }
        }
        series("solutions.sustainable", "sustainable solutions in \(lastYear)")
        series("solutions.active", "solutions in use in \(lastYear)")
        series("adoption.sites", "adopting site-solutions in \(lastYear)")
        scalar("npv.spend.state", "State spend (NPV)")
        for s in otherPayersNetCost(v) {
            lines.append(Line(label: "net cost to \(s.info.payer ?? "") (NPV)", statistic: s.statistic, unit: s.info.unit))
        }
        scalar("cost_per_sustainable_solution", "State spend per sustainable solution")
        scalar("breakeven_year", "breakeven year")
        return lines
    }

    static func table(_ result: RunResult, title: String) -> String {
        let lastYear = result.horizon.upperBound
        let yearIndex = result.horizon.count - 1
        let design = result.configuration.sampling == .latinHypercube ? ", Latin hypercube" : ""
        var out = "\(title) — \(result.configuration.trials) trials\(design), seed \(result.configuration.seed)\n"
        for v in result.variants {
            out += "\n[\(v.name)]\n"
            out += pad("", 40) + pad("mean", 12, right: true) + pad("p05", 12, right: true)
                + pad("p50", 12, right: true) + pad("p95", 12, right: true) + pad("trials", 10, right: true) + "\n"
            for line in lines(v, lastYear: lastYear, yearIndex: yearIndex) {
                let s = line.statistic
                out += pad(line.label, 40) + pad(format(s.mean, unit: line.unit.rawValue), 12, right: true)
                    + pad(format(s.quantiles[0], unit: line.unit.rawValue), 12, right: true)
                    + pad(format(s.quantiles[2], unit: line.unit.rawValue), 12, right: true)
                    + pad(format(s.quantiles[4], unit: line.unit.rawValue), 12, right: true)
                    + pad(String(s.definedTrials), 10, right: true) + "\n"
            }
        }
        return out + "\n"
    }

    /// The `compare` table: every variant ranked by sustainable solutions in the last year (then by
    /// State spend), with the paired difference from the baseline and P(mix better) for each outcome.
    static func ranking(_ result: RunResult, title: String) -> String {
        let lastYear = result.horizon.upperBound
        let y = result.horizon.count - 1
        struct Row {
            var name: String
            var sustainable: Double
            var spend: Double
            var netOthers: Double
            var costPerSolution: Double
        }
        let rows: [Row] = result.variants.map { v in
            let others = otherPayersNetCost(v)
            return Row(
                name: v.name,
                sustainable: v.series("solutions.sustainable")?.byYear[y].mean ?? .nan,
                spend: v.scalar("npv.spend.state")?.statistic.mean ?? .nan,
                netOthers: others.reduce(0) { $0 + $1.statistic.mean },
                costPerSolution: v.scalar("cost_per_sustainable_solution")?.statistic.mean ?? .nan)
        }
        let order = rows.indices.sorted {
            rows[$0].sustainable != rows[$1].sustainable ? rows[$0].sustainable > rows[$1].sustainable : rows[$0].spend < rows[$1].spend
        }
        func delta(_ mix: String, _ metric: String, _ year: Int?, unit: String) -> String {
            guard let c = result.comparisons.first(where: { $0.mix == mix }), let d = c.difference(metric, year: year),
                  d.difference.count > 0 else { return "" }
            if d.difference.mean == 0 { return " (±0" + (d.probabilityBetter.map { String(format: ", P %.2f", $0) } ?? "") + ")" }
            let sign = d.difference.mean > 0 ? "+" : "−"
            let p = d.probabilityBetter.map { String(format: ", P %.2f", $0) } ?? ""
            return " (\(sign)\(format(abs(d.difference.mean), unit: unit))\(p))"
        }
        var out = "\(title) — \(result.configuration.trials) trials on common random numbers, seed \(result.configuration.seed)\n"
        out += "ranked by sustainable solutions in \(lastYear); (Δ vs baseline, P = share of trials where the mix is better)\n\n"
        let columns = ["sustainable \(lastYear)", "State spend (NPV)", "net, other payers (NPV)", "State € / sustainable"]
        out += pad("#", 3) + pad("variant", 30) + columns.map { pad($0, 30) }.joined() + "\n"
        for (rank, i) in order.enumerated() {
            let r = rows[i]
            let isBase = i == 0
            let name = r.name.count > 28 ? String(r.name.prefix(27)) + "…" : r.name
            out += pad(String(rank + 1), 3) + pad(name, 30)
            out += pad(format(r.sustainable, unit: "solutions") + (isBase ? "" : delta(r.name, "solutions.sustainable", lastYear, unit: "solutions")), 30)
            out += pad(format(r.spend, unit: "€") + (isBase ? "" : delta(r.name, "npv.spend.state", nil, unit: "€")), 30)
            out += pad(format(r.netOthers, unit: "€"), 30)
            out += pad(format(r.costPerSolution, unit: "€") + (isBase ? "" : delta(r.name, "cost_per_sustainable_solution", nil, unit: "€")), 30)
            out += "\n"
        }
        return out + "\n"
    }

    /// Money in M€ (k€ below one million), years as whole years, other values to 3 significant digits.
    static func format(_ x: Double, unit: String) -> String {
        guard x.isFinite else { return "—" }
        if unit == MetricUnit.euro.rawValue {
            return abs(x) >= 1e6 || x == 0 ? String(format: "%.1f M€", x / 1e6) : String(format: "%.0f k€", x / 1e3)
        }
        if unit == MetricUnit.year.rawValue { return String(format: "%.0f", x) }
        if abs(x) >= 100 || x == x.rounded() { return String(format: "%.0f", x) }
        return String(format: "%.3g", x)
    }

    static func pad(_ s: String, _ width: Int, right: Bool = false) -> String {
        let n = s.count
        guard n < width else { return s + " " }
        let fill = String(repeating: " ", count: width - n)
        return right ? fill + s : s + fill
    }
}
