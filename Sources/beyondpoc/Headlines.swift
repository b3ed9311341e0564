import Analysis
import Foundation
import FundingModel

/// The short table printed after a run: the outcomes an analyst looks at first.
enum Headlines {
    struct Line {
        var label: String
        var statistic: Statistic
        var unit: String
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
        for s in v.scalars where s.info.id.hasPrefix("npv.net.") && s.info.id != "npv.net.state" && s.info.id != "npv.net.private" {
            lines.append(Line(label: "net cost to \(s.info.id.dropFirst("npv.net.".count)) (NPV)", statistic: s.statistic, unit: s.info.unit))
        }
        scalar("cost_per_sustainable_solution", "State spend per sustainable solution")
        scalar("breakeven_year", "breakeven year")
        return lines
    }

    static func table(_ result: RunResult, title: String) -> String {
        let lastYear = result.horizon.upperBound
        let yearIndex = result.horizon.count - 1
        var out = "\(title) — \(result.configuration.trials) trials, seed \(result.configuration.seed)\n"
        for v in result.variants {
            out += "\n[\(v.name)]\n"
            out += pad("", 40) + pad("mean", 12, right: true) + pad("p05", 12, right: true)
                + pad("p50", 12, right: true) + pad("p95", 12, right: true) + pad("trials", 10, right: true) + "\n"
            for line in lines(v, lastYear: lastYear, yearIndex: yearIndex) {
                let s = line.statistic
                out += pad(line.label, 40) + pad(format(s.mean, unit: line.unit), 12, right: true)
                    + pad(format(s.quantiles[0], unit: line.unit), 12, right: true)
                    + pad(format(s.quantiles[2], unit: line.unit), 12, right: true)
                    + pad(format(s.quantiles[4], unit: line.unit), 12, right: true)
                    + pad(String(s.definedTrials), 10, right: true) + "\n"
            }
        }
        return out + "\n"
    }

    /// Money in M€ (k€ below one million), years as whole years, other values to 3 significant digits.
    static func format(_ x: Double, unit: String) -> String {
        guard x.isFinite else { return "—" }
        if unit == "€" {
            return abs(x) >= 1e6 || x == 0 ? String(format: "%.1f M€", x / 1e6) : String(format: "%.0f k€", x / 1e3)
        }
        if unit == "year" { return String(format: "%.0f", x) }
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
