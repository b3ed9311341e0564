import Foundation
@testable import Report

/// A result folder written by a test: files as text, in either CSV dialect, removed by `remove()`.
struct FixtureFolder {
    let url: URL
    let excelFR: Bool

    init(excelFR: Bool = false) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("beyondpoc-report-\(UUID().uuidString)")
        self.excelFR = excelFR
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(at: url) }

    /// Writes a CSV file from rows of cells (numbers as Doubles, text as Strings), in the folder's dialect.
    func csv(_ name: String, header: [String], rows: [[Any]]) throws {
        let separator = excelFR ? ";" : ","
        func cell(_ value: Any) -> String {
            if let d = value as? Double {
                if d.isNaN { return "" }
                let text = d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : d.description
                return excelFR ? text.replacingOccurrences(of: ".", with: ",") : text
            }
            if let i = value as? Int { return String(i) }
            let s = "\(value)"
            if s.contains(separator) || s.contains("\"") || s.contains("\n") {
                return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            }
            return s
        }
        var text = header.joined(separator: separator) + "\n"
        for row in rows { text += row.map(cell).joined(separator: separator) + "\n" }
        var bytes = Array(text.utf8)
        if excelFR { bytes = [0xEF, 0xBB, 0xBF] + bytes }
        try Data(bytes).write(to: url.appendingPathComponent(name))
    }

    func text(_ name: String, _ content: String) throws {
        try Data(content.utf8).write(to: url.appendingPathComponent(name))
    }

    func read(_ name: String) throws -> String {
        try String(contentsOf: url.appendingPathComponent(name), encoding: .utf8)
    }
}

/// Synthetic result files with the columns the commands write (notebooks-data/README.md, DESIGN §8–§10).
enum Fixtures {
    static let years = Array(2026...2031)
    static let title = "Test \"scénario\", <b>&amp;</b> 2026"
    static let mixA = "Mix A"
    static let mixB = "Mix <B> & \"C\""

    static let seriesMetrics = [
        "solutions.launched", "solutions.active", "solutions.sustainable", "adoption.sites", "adoption.uses",
        "spend.state.total", "spend.private.total", "spend.hospitals.total", "net.state", "net.hospitals",
    ]

    static func isMoney(_ m: String) -> Bool { metricRows.contains { $0.0 == m && $0.2 == "€" } }

    /// The mean of a series: grows with the year, differs by metric and variant; money in euros,
    /// `net.hospitals` negative.
    static func mean(_ metric: String, variant: Int, yearIndex t: Int) -> Double {
        let k = Double(seriesMetrics.firstIndex(of: metric) ?? 0)
        var m = (k + 1) * Double(t + 1) * 1.5 + Double(variant) * 0.25
        if metric == "adoption.uses" { m *= 1_234_567 }
        if isMoney(metric) { m *= 1_234_567.891 }
        if metric == "net.hospitals" { m = -m / 3 }
        return m
    }

    static func spread(_ mean: Double) -> Double { 0.3 * abs(mean) + 0.1 }

    static func summary(into folder: FixtureFolder, variants: [String]) throws {
        var rows: [[Any]] = []
        for (i, v) in variants.enumerated() {
            for metric in seriesMetrics {
                for (t, y) in years.enumerated() {
                    let m = mean(metric, variant: i, yearIndex: t), s = spread(m)
                    rows.append([title, v, metric, y, m, s * 1.7, s / 40, m - 2 * s, m - s, m, m + s, m + 2 * s])
                }
            }
        }
        try folder.csv("summary.csv", header: ["scenario", "mix", "metric", "year", "mean", "sd", "mcse", "p05", "p25", "p50", "p75", "p95"], rows: rows)
        var scalars: [[Any]] = []
        for (i, v) in variants.enumerated() {
            let base = Double(i)
            let entries: [(String, Double, Double)] = [
                ("npv.spend.state", 74_048_547.42 + base * 1e6, 2000), ("npv.net.hospitals", -16_730_900.29 - base * 1e6, 2000),
                ("cost_per_sustainable_solution", 11_086_526.6, 1906), ("breakeven_year", 2034.06, 491),
                ("solutions.sustainable.any", 0.953, 2000),
            ]
            for (id, m, n) in entries {
                let s = spread(m) / 10
                scalars.append([title, v, id, m, s, s / 40, m - 2 * s, m - s, m, m + s, m + 2 * s, n])
            }
        }
        try folder.csv("scalars.csv", header: ["scenario", "mix", "metric", "mean", "sd", "mcse", "p05", "p25", "p50", "p75", "p95", "n"], rows: scalars)
    }

    /// metrics.csv of the fixtures, as the catalog words it: (metric, label, unit, kind, direction).
    static let metricRows: [(String, String, String, String, String)] = [
        ("solutions.launched", "Solutions launched", "solutions", "flow", "higher"),
        ("solutions.active", "Solutions in use", "solutions", "stock", "higher"),
        ("solutions.sustainable", "Sustainable solutions", "solutions", "stock", "higher"),
        ("adoption.sites", "Adopting sites", "sites", "stock", "higher"),
        ("adoption.uses", "Uses", "uses", "flow", "higher"),
        ("spend.state.total", "State spending", "€", "flow", "lower"),
        ("spend.private.total", "Private spending", "€", "flow", "lower"),
        ("spend.hospitals.total", "Hospitals spending", "€", "flow", "lower"),
        ("net.state", "State net cost", "€", "flow", "lower"),
        ("net.hospitals", "Hospitals net cost", "€", "flow", "lower"),
        ("npv.spend.state", "State spending (NPV)", "€", "scalar", "lower"),
        ("npv.net.hospitals", "Hospitals net cost (NPV)", "€", "scalar", "lower"),
        ("cost_per_sustainable_solution", "State spending per sustainable solution", "€", "scalar", "lower"),
        ("breakeven_year", "Breakeven year", "year", "scalar", "lower"),
        ("solutions.sustainable.any", "At least one sustainable solution", "0/1", "scalar", "higher"),
    ]

    static let metricsHeader = ["metric", "label", "unit", "kind", "direction"]

    static func metrics(into folder: FixtureFolder, rows: [(String, String, String, String, String)] = metricRows) throws {
        try folder.csv("metrics.csv", header: metricsHeader, rows: rows.map { [$0.0, $0.1, $0.2, $0.3, $0.4] })
    }

    static func runJSON(into folder: FixtureFolder, command: String, files: [String], mixes: [String], seed: String = "7") throws {
        let list = (files + ["run.json"]).map { "    \"\($0)\"" }.joined(separator: ",\n")
        let mixList = mixes.map { "    \"\($0.replacingOccurrences(of: "\"", with: "\\\""))\"" }.joined(separator: ",\n")
        try folder.text("run.json", """
            {
              "arguments" : [
                "beyondpoc",
                "\(command)"
              ],
              "command" : "\(command)",
              "csv_dialect" : "\(folder.excelFR ? "excel-fr" : "standard")",
              "files" : [
            \(list)
              ],
              "mixes" : [
            \(mixList)
              ],
              "sampling" : "mc",
              "scenario" : {
                "file" : "scenarios/test.scenario",
                "sha256" : "0123456789abcdef",
                "title" : "\(title.replacingOccurrences(of: "\"", with: "\\\""))"
              },
              "seed" : \(seed),
              "timings" : {
                "simulation_seconds" : 5.2356570510000005,
                "total_seconds" : 5.278790134
              },
              "tool" : "beyondpoc",
              "trials" : 2000,
              "version" : "0.1.0",
              "warnings" : [
                "a <warning> & more"
              ]
            }

            """)
    }

    /// A `run` folder: summary, scalars, metrics, run.json.
    static func run(excelFR: Bool = false, withMetrics: Bool = true) throws -> FixtureFolder {
        let f = try FixtureFolder(excelFR: excelFR)
        try summary(into: f, variants: ["baseline"])
        if withMetrics { try metrics(into: f) }
        try runJSON(into: f, command: "run", files: ["summary.csv", "scalars.csv"] + (withMetrics ? ["metrics.csv"] : []), mixes: ["baseline"])
        return f
    }

    /// The paired differences of two mixes; `diff_mcse` only when asked.
    static let compareRows: [(metric: String, year: Int?, mix: String, diff: Double, lo: Double, hi: Double, p: Double?, mcse: Double)] = [
        ("solutions.sustainable", 2031, mixA, 1.25, -3.5, 6.0, 0.62, 0.05),
        ("solutions.sustainable", 2031, mixB, -2.5, -8.25, 1.5, 0.09, 0.07),
        ("npv.spend.state", nil, mixA, -1_500_000, -6_000_000, 3_250_000, 0.65, 52_000),
        ("npv.spend.state", nil, mixB, 0, 0, 0, 0, 0),
        ("npv.net.hospitals", nil, mixA, 4_000_000, -20_000_000, 30_000_000, 0.4, 900_000),
        ("npv.net.hospitals", nil, mixB, -2_000_000, -25_000_000, 15_000_000, 0.55, 800_000),
    ]

    static func compare(diffMCSE: Bool) throws -> FixtureFolder {
        let f = try FixtureFolder()
        let variants = ["baseline", mixA, mixB]
        try summary(into: f, variants: variants)
        try metrics(into: f)
        var header = ["metric", "year", "mix", "baseline_mean", "mix_mean", "diff_mean"]
        if diffMCSE { header.append("diff_mcse") }
        header += ["diff_lo95", "diff_hi95", "p_better"]
        let rows: [[Any]] = compareRows.map { r in
            var cells: [Any] = [r.metric, r.year.map(String.init) ?? "", r.mix, 10.0, 10.0 + r.diff, r.diff]
            if diffMCSE { cells.append(r.mcse) }
            return cells + [r.lo, r.hi, r.p ?? Double.nan]
        }
        try f.csv("compare.csv", header: header, rows: rows)
        try runJSON(into: f, command: "compare", files: ["summary.csv", "scalars.csv", "compare.csv", "metrics.csv"], mixes: variants)
        return f
    }

    /// A `sweep` folder: 6 splits of two instruments, three of them Pareto-efficient.
    static let frontierRows: [(shareA: Double, spend: Double, sustainable: Double, mcse: Double, pareto: Bool)] = [
        (1, 78_794_711.88, 12.338, 0.33, true), (0.8, 77_974_230.6, 11.23, 0.31, true), (0.6, 78_500_000, 10.41, 0.29, false),
        (0.4, 77_000_000.5, 9.5, 0.28, true), (0.2, 78_000_000, 9.0, 0.3, false), (0, 79_000_000, 8.25, 0.27, false),
    ]

    static func sweep() throws -> FixtureFolder {
        let f = try FixtureFolder()
        let header = ["split", "share.recherche", "budget.recherche", "share.defis", "budget.defis", "public_spend", "sustainable",
                      "sustainable_mcse", "p_any_sustainable", "p_cap_breached.assurance_maladie", "pareto_efficient"]
        let rows: [[Any]] = frontierRows.enumerated().map { i, r in
            [i + 1, r.shareA, r.shareA * 20e6, 1 - r.shareA, (1 - r.shareA) * 20e6, r.spend, r.sustainable, r.mcse, 0.95, 0.15, r.pareto ? 1 : 0]
        }
        try f.csv("frontier.csv", header: header, rows: rows)
        try metrics(into: f, rows: metricRows.filter { ["solutions.sustainable", "spend.state.total"].contains($0.0) })
        try runJSON(into: f, command: "sweep", files: ["frontier.csv", "metrics.csv"], mixes: ["2/0", "1/1", "0/2"])
        return f
    }

    static let parameters = ["pipeline.poc.success", "reimbursement.share", "tariff", "licence", "adoption.q"]

    static func sensitivity() throws -> FixtureFolder {
        let f = try FixtureFolder()
        var rows: [[Any]] = []
        for (i, p) in parameters.enumerated() {
            let swing = 4.0 / Double(i + 1)
            rows.append(["tornado", "solutions.sustainable", 2035, p, 10 - swing / 2, 10 + swing / 2, swing, Double.nan, Double.nan, Double.nan])
        }
        for (i, p) in parameters.enumerated() {
            let r = 0.8 / Double(i + 1) * (i % 2 == 0 ? 1 : -1)
            rows.append(["prcc", "solutions.sustainable", 2035, p, Double.nan, Double.nan, r, r - 0.05, r + 0.05, 0.001 * Double(i)])
            let s1 = 0.5 / Double(i + 1)
            rows.append(["sobol.first", "npv.spend.state", "", p, Double.nan, Double.nan, s1, s1 - 0.03, s1 + 0.03, Double.nan])
            rows.append(["sobol.total", "npv.spend.state", "", p, Double.nan, Double.nan, s1 + 0.1, s1 + 0.05, s1 + 0.15, Double.nan])
        }
        try f.csv("sensitivity.csv", header: ["method", "metric", "year", "parameter", "low", "high", "value", "ci_lo", "ci_hi", "p_value"], rows: rows)
        try metrics(into: f, rows: metricRows.filter { ["solutions.sustainable", "npv.spend.state"].contains($0.0) })
        try runJSON(into: f, command: "sensitivity", files: ["sensitivity.csv", "metrics.csv"], mixes: ["baseline"])
        return f
    }

    static func decide() throws -> FixtureFolder {
        let f = try FixtureFolder()
        let variants = ["baseline", mixA]
        try f.csv("decision.csv", header: ["variant", "nb_mean", "nb_sd", "nb_mcse", "p_best", "expected_loss"], rows: [
            ["baseline", 12_500_000.0, 30_000_000.0, 300_000.0, 0.45, 4_100_000.0],
            [mixA, 13_100_000.0, 31_000_000.0, 310_000.0, 0.55, 3_500_000.0],
        ])
        var acceptability: [[Any]] = []
        for k in 0...10 {
            let w = Double(k) * 800_000
            let p = 0.3 + 0.04 * Double(k)
            acceptability.append([w, "baseline", p, w * 10])
            acceptability.append([w, mixA, 1 - p, w * 11])
        }
        try f.csv("acceptability.csv", header: ["worth", "variant", "p_best", "nb_mean"], rows: acceptability)
        var voi: [[Any]] = [["all", "EVPI", "", 3_500_000.0, 100_000.0, 1.0]]
        for (i, p) in parameters.enumerated() {
            let e = 2_800_000.0 / Double(i + 1)
            voi.append(["parameter", p, p, e, e * 0.08, e / 3_500_000])
        }
        voi.append(["group", "pipeline", "pipeline.poc.success+tariff", 3_000_000.0, 150_000.0, 3.0 / 3.5])
        try f.csv("voi.csv", header: ["scope", "name", "parameters", "evppi", "evppi_se", "share_of_evpi"], rows: voi)
        try metrics(into: f, rows: [])
        try runJSON(into: f, command: "decide", files: ["decision.csv", "voi.csv", "acceptability.csv", "metrics.csv"], mixes: variants)
        return f
    }

    /// A run folder with calibration targets: two on series (drawn over their fans) and one scalar.
    static func calibrated() throws -> FixtureFolder {
        let f = try run()
        try f.csv("calibration.csv", header: ["metric", "year", "low", "high", "model_mean", "model_p05", "model_p50", "model_p95", "share_inside"], rows: [
            ["solutions.active", 2029, 2.0, 6.0, 1.5, 0.0, 1.0, 5.0, 0.31],
            ["npv.spend.state", "", 60_000_000.0, 80_000_000.0, 74_048_547.4, 67_369_987.9, 73_661_531.1, 82_574_527.8, 0.82],
        ])
        return f
    }
}
