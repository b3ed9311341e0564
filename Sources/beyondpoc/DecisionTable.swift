import Analysis
import Foundation

/// The terminal table that `decide` and `voi` share: per option E[NB] with its Monte Carlo error,
/// P(best) and the expected loss; the EVPI; the largest EVPPIs (voi.csv holds them all).
enum DecisionTable {
    /// - Parameters:
    ///   - optionHeading: the first column's heading (`mix` for decide, `option` for voi).
    ///   - unit: the net benefit's unit (`€` for decide; empty for voi, whose samples may be in any unit).
    ///   - shownEVPPIs: how many EVPPI rows to print, largest first.
    static func text(_ report: ValueOfInformationReport, optionHeading: String, unit: String, shownEVPPIs: Int) -> String {
        let suffix = unit.isEmpty ? "" : " " + unit
        let width = max(12, report.variants.map(\.count).max()! + 2)
        var out = Headlines.pad(optionHeading, width) + Headlines.pad("E[NB]" + suffix, 16, right: true)
            + Headlines.pad("± mcse", 14, right: true) + Headlines.pad("P(best)", 10, right: true)
            + Headlines.pad("expected loss" + suffix, 18, right: true) + "\n"
        let best = report.decisions.indices.max { report.decisions[$0].mean < report.decisions[$1].mean }
        for (v, (name, d)) in zip(report.variants, report.decisions).enumerated() {
            out += Headlines.pad(name, width) + Headlines.pad(number(d.mean), 16, right: true)
                + Headlines.pad(number(d.meanStandardError), 14, right: true)
                + Headlines.pad(String(format: "%.1f%%", 100 * d.probabilityBest), 10, right: true)
                + Headlines.pad(number(d.expectedLoss), 18, right: true) + (v == best ? "  ← highest E[NB]" : "") + "\n"
        }
        let evpi = report.evpi
        out += "\nEVPI (expected value of perfect information): \(number(evpi.value))\(suffix) ± \(number(evpi.standardError)) (standard error)\n"
        let ranked = report.rows.dropFirst().sorted { $0.value > $1.value }
        guard !ranked.isEmpty else { return out + "\n" }
        let shown = ranked.prefix(shownEVPPIs)
        out += "Largest EVPPIs\(ranked.count > shown.count ? " (\(shown.count) of \(ranked.count))" : ""), all in voi.csv:\n"
        // A long group name is cut in the table (voi.csv keeps it whole).
        func label(_ name: String) -> String { name.count <= 40 ? name : String(name.prefix(39)) + "…" }
        let nameWidth = max(12, shown.map { label($0.name).count }.max()! + 2)
        for row in shown {
            let share = row.share(ofEVPI: evpi.value)
            out += "  " + Headlines.pad(label(row.name), nameWidth) + Headlines.pad(number(row.value), 14, right: true)
                + Headlines.pad("± " + number(row.standardError), 14, right: true)
                + Headlines.pad(share.isNaN ? "" : String(format: "%.1f%% of EVPI", 100 * share), 16, right: true) + "\n"
        }
        return out + "\n"
    }

    /// Four significant digits (trailing zeros kept), thousands grouped with thin spaces above 10,000.
    static func number(_ x: Double) -> String {
        guard x.isFinite else { return x.isNaN ? "—" : (x > 0 ? "inf" : "-inf") }
        if abs(x) < 10_000 { return String(format: "%#.4g", x) }
        let digits = String(Int64(abs(x).rounded()))
        var grouped = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { grouped += "\u{202F}" }
            grouped.append(ch)
        }
        return (x < 0 ? "-" : "") + grouped
    }
}
