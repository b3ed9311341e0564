import Foundation
import Testing

/// The tables printed after `run` and `compare` show the numbers of the files written beside them,
/// and metrics.csv describes every metric of those files (DESIGN §10).
@Suite struct HeadlineTests {
    /// Cells of a CSV file in the standard dialect (quoted cells may hold commas and quotes).
    static func rows(_ text: String) -> [[String]] {
        text.split(separator: "\n").map { line in
            var cells: [String] = [], cell = "", quoted = false
            var characters = Array(line)[...]
            while let c = characters.popFirst() {
                if quoted {
                    if c == "\"" {
                        if characters.first == "\"" { cell.append("\""); characters.removeFirst() } else { quoted = false }
                    } else {
                        cell.append(c)
                    }
                } else if c == "\"" {
                    quoted = true
                } else if c == "," {
                    cells.append(cell)
                    cell = ""
                } else {
                    cell.append(c)
                }
            }
            return cells + [cell]
        }
    }

    /// Rows of a result file as dictionaries keyed by its header.
    static func records(_ text: String) -> [[String: String]] {
        let all = rows(text)
        return all.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(all[0], $0)) }
    }

    /// A printed number and how far it may be from the value it shows (M€ to 0.1, k€ to 1, whole
    /// numbers to 1, others to 3 significant digits); NaN for "—".
    static func printed(_ text: String) -> (value: Double, tolerance: Double) {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t == "—" { return (.nan, 0) }
        if t.hasSuffix(" M€") { return (Double(t.dropLast(3))! * 1e6, 0.05e6 + 1) }
        if t.hasSuffix(" k€") { return (Double(t.dropLast(3))! * 1e3, 500 + 1e-6) }
        let v = Double(t)!
        return (v, t.contains(".") ? 0.005 * abs(v) + 1e-12 : 0.5 + 1e-9)
    }

    static func near(_ text: String, _ value: Double) -> Bool {
        let (shown, tolerance) = printed(text)
        return shown.isNaN ? value.isNaN : abs(shown - value) <= tolerance
    }

    /// Fixed-width fields of a table line: `widths` characters each, trimmed.
    static func fields(_ line: Substring, widths: [Int]) -> [String] {
        var rest = Array(line)[...]
        return widths.map { w in
            let field = rest.prefix(w)
            rest = rest.dropFirst(w)
            return String(field).trimmingCharacters(in: .whitespaces)
        }
    }

    @Test func runTableShowsTheFilesNumbers() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let file = try scratch.write("s.scenario", cliScenario)
        let outcome = try CLI.run(["run", file, "--trials", "2000", "--seed", "7", "--out", scratch.path("out"), "--no-progress"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let summary = Self.records(try scratch.read("out/summary.csv"))
        let scalars = Self.records(try scratch.read("out/scalars.csv"))

        let lines = outcome.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == "CLI test — 2000 trials, seed 7")
        #expect(lines[2] == "[baseline]")
        #expect(lines[3] == String(repeating: " ", count: 40) + "        mean         p05         p50         p95    trials")
        // Label, then the metric (and year) it shows: the net cost of each payer other than the
        // State and private parties comes from the catalog's roles, in payer order.
        let expected: [(String, String, String?)] = [
            ("sustainable solutions in 2035", "solutions.sustainable", "2035"),
            ("solutions in use in 2035", "solutions.active", "2035"),
            ("adopting site-solutions in 2035", "adoption.sites", "2035"),
            ("State spend (NPV)", "npv.spend.state", nil),
            ("net cost to assurance_maladie (NPV)", "npv.net.assurance_maladie", nil),
            ("net cost to hospitals (NPV)", "npv.net.hospitals", nil),
            ("State spend per sustainable solution", "cost_per_sustainable_solution", nil),
            ("breakeven year", "breakeven_year", nil),
        ]
        let table = lines[4 ..< 4 + expected.count]
        #expect(lines[4 + expected.count] == "")
        for (line, (label, metric, year)) in zip(table, expected) {
            let cells = Self.fields(line, widths: [40, 12, 12, 12, 12, 10])
            #expect(cells[0] == label)
            let record = try #require(year.map { y in summary.first { $0["metric"] == metric && $0["year"] == y } }
                                      ?? scalars.first { $0["metric"] == metric }, "\(metric)")
            for (cell, column) in zip(cells[1...4], ["mean", "p05", "p50", "p95"]) {
                let value = record[column].flatMap { Double($0) } ?? .nan
                #expect(Self.near(cell, value), "\(label) \(column): printed \(cell), file \(value)")
            }
            #expect(cells[5] == (record["n"] ?? "2000"), "\(label): trials")
        }
    }

    @Test func compareRankingShowsTheFilesNumbers() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let file = try scratch.write("s.scenario", cliScenario)
        let outcome = try CLI.run(["compare", file, "--trials", "2000", "--seed", "7", "--out", scratch.path("out"), "--no-progress"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let summary = Self.records(try scratch.read("out/summary.csv"))
        let scalars = Self.records(try scratch.read("out/scalars.csv"))
        let compare = Self.records(try scratch.read("out/compare.csv"))
        func mean(_ mix: String, _ metric: String, year: String? = nil) -> Double {
            let rows = year == nil ? scalars : summary
            return rows.first { $0["mix"] == mix && $0["metric"] == metric && $0["year"] == year }.flatMap { $0["mean"].flatMap(Double.init) } ?? .nan
        }

        let lines = outcome.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == "CLI test — 2000 trials on common random numbers, seed 7")
        #expect(lines[1] == "ranked by sustainable solutions in 2035; (Δ vs baseline, P = share of trials where the mix is better)")
        #expect(Self.fields(lines[3], widths: [3, 30, 30, 30, 30, 30])
                == ["#", "variant", "sustainable 2035", "State spend (NPV)", "net, other payers (NPV)", "State € / sustainable"])
        let variants = ["baseline", "More research"]
        let order = variants.sorted {
            let a = mean($0, "solutions.sustainable", year: "2035"), b = mean($1, "solutions.sustainable", year: "2035")
            return a != b ? a > b : mean($0, "npv.spend.state") < mean($1, "npv.spend.state")
        }
        for (rank, variant) in order.enumerated() {
            let cells = Self.fields(lines[4 + rank], widths: [3, 30, 30, 30, 30, 30])
            #expect(cells[0] == String(rank + 1))
            #expect(cells[1] == variant)
            let columns: [(metric: String, year: String?)] = [
                ("solutions.sustainable", "2035"), ("npv.spend.state", nil), ("", nil), ("cost_per_sustainable_solution", nil),
            ]
            for (cell, column) in zip(cells[2...], columns) {
                // "value" or "value (+Δ, P p)" / "value (−Δ, P p)" / "value (±0, P p)".
                let parts = cell.split(separator: " (", maxSplits: 1).map(String.init)
                if column.metric.isEmpty {  // Σ npv.net of the payers other than state and private
                    let others = mean(variant, "npv.net.assurance_maladie") + mean(variant, "npv.net.hospitals")
                    #expect(parts.count == 1 && Self.near(parts[0], others), "\(variant): net, other payers \(cell) vs \(others)")
                    continue
                }
                #expect(Self.near(parts[0], mean(variant, column.metric, year: column.year)), "\(variant) \(column.metric): \(cell)")
                guard variant != "baseline" else {
                    #expect(parts.count == 1, "the baseline has no difference: \(cell)")
                    continue
                }
                let d = try #require(compare.first { $0["mix"] == variant && $0["metric"] == column.metric && $0["year"] == (column.year ?? "") })
                let difference = Double(d["diff_mean"]!)!
                let inner = try #require(parts.last?.dropLast().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
                #expect(parts.count == 2 && inner.count == 2, "\(cell)")
                if difference == 0 {
                    #expect(inner[0] == "±0")
                } else {
                    #expect(inner[0].hasPrefix(difference > 0 ? "+" : "−"), "\(cell) vs \(difference)")
                    #expect(Self.near(String(inner[0].dropFirst()), abs(difference)), "\(cell) vs \(difference)")
                }
                let p = try #require(Double(d["p_better"]!))
                #expect(inner[1] == String(format: "P %.2f", p), "\(cell) vs p_better \(p)")
            }
        }
    }

    /// metrics.csv of `run`: the exact header, then one row per metric of summary.csv and
    /// scalars.csv, in their order, with the catalog's label, unit, kind and direction.
    @Test func runWritesOneMetricsRowPerMetric() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let file = try scratch.write("s.scenario", cliScenario)
        let outcome = try CLI.run(["run", file, "--trials", "256", "--out", scratch.path("out"), "--no-progress"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let text = try scratch.read("out/metrics.csv")
        let rows = Self.rows(text)
        #expect(text.hasPrefix("metric,label,unit,kind,direction\n"))
        var inFiles: [String] = []
        for record in Self.records(try scratch.read("out/summary.csv")) + Self.records(try scratch.read("out/scalars.csv"))
        where !inFiles.contains(record["metric"]!) {
            inFiles.append(record["metric"]!)
        }
        #expect(rows.dropFirst().map { $0[0] } == inFiles)
        #expect(rows.allSatisfy { $0.count == 5 })
        let lines = Set(text.split(separator: "\n").map(String.init))
        for line in [
            "solutions.sustainable,Sustainable solutions,solutions,stock,higher",
            "projects.entered.poc,Projects entering poc,projects,flow,none",
            "spend.state.total,State spending,€,flow,lower",
            "spend.private.recherche,Private spending drawn by recherche,€,flow,lower",
            "opex.total,Operating cost,€,flow,none",
            "cap.breached.assurance_maladie,Assurance_maladie cap breached,0/1,flow,lower",
            "npv.net.hospitals,Hospitals net cost (NPV),€,scalar,lower",
            "cost_per_sustainable_solution,State spending per sustainable solution,€,scalar,lower",
            "breakeven_year,Breakeven year,year,scalar,lower",
            "solutions.sustainable.any,At least one sustainable solution,0/1,scalar,higher",
        ] {
            #expect(lines.contains(line), "\(line)")
        }
    }

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Every shipped scenario: `compare` writes metrics.csv with the exact header and one row per
    /// metric of summary.csv and scalars.csv (series then scalars, in order of first appearance),
    /// each with a DESIGN §10 unit, kind and direction.
    @Test(arguments: ["reference", "ami-2019-mix", "france-2030", "sustainability-2025"])
    func shippedScenariosDescribeEveryMetric(name: String) throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let file = Self.repository.appendingPathComponent("scenarios/\(name).scenario").path
        let outcome = try CLI.run(["compare", file, "--trials", "64", "--out", scratch.path("out"), "--no-progress"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let text = try scratch.read("out/metrics.csv")
        #expect(text.hasPrefix("metric,label,unit,kind,direction\n"))
        let rows = Self.rows(text).dropFirst()
        var expected: [String] = []
        for record in Self.records(try scratch.read("out/summary.csv")) + Self.records(try scratch.read("out/scalars.csv"))
        where !expected.contains(record["metric"]!) {
            expected.append(record["metric"]!)
        }
        #expect(rows.map { $0[0] } == expected)
        let units: Set = ["€", "solutions", "projects", "participants", "sites", "uses", "year", "years", "0/1"]
        for row in rows {
            #expect(row.count == 5 && !row[1].isEmpty, "\(row)")
            #expect(units.contains(row[2]) && ["flow", "stock", "scalar"].contains(row[3])
                    && ["higher", "lower", "none"].contains(row[4]), "\(row)")
        }
    }

    /// A mix that drops an instrument lacks its metrics; `compare` lists every metric once, the
    /// baseline's series then its scalars.
    @Test func compareListsTheMetricsOfEveryVariant() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let file = try scratch.write("s.scenario", cliScenario + """

            mix "No tools"
              without outils
            """)
        let outcome = try CLI.run(["compare", file, "--trials", "256", "--out", scratch.path("out"), "--no-progress"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let metrics = Self.rows(try scratch.read("out/metrics.csv")).dropFirst().map { $0[0] }
        var baseline: [String] = []
        for record in Self.records(try scratch.read("out/summary.csv")) + Self.records(try scratch.read("out/scalars.csv"))
        where record["mix"] == "baseline" && !baseline.contains(record["metric"]!) {
            baseline.append(record["metric"]!)
        }
        #expect(metrics == baseline)
        let noTools = Set(Self.records(try scratch.read("out/summary.csv")).filter { $0["mix"] == "No tools" }.map { $0["metric"]! })
        #expect(metrics.contains("spend.state.outils") && !noTools.contains("spend.state.outils"))
    }

    /// `sweep` lists the metrics frontier.csv is computed from; the French Excel dialect applies.
    @Test func sweepWritesTheMetricsOfItsFrontier() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let file = try scratch.write("s.scenario", cliScenario)
        let outcome = try CLI.run(["sweep", file, "--budget", "20M€", "--vary", "recherche,outils", "--steps", "2",
                                   "--trials", "256", "--csv-dialect", "excel-fr", "--out", scratch.path("out"), "--no-progress"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: scratch.path("out/metrics.csv")))
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(String(decoding: bytes.dropFirst(3), as: UTF8.self) == """
            metric;label;unit;kind;direction
            solutions.sustainable;Sustainable solutions;solutions;stock;higher
            spend.state.total;State spending;€;flow;lower
            solutions.sustainable.any;At least one sustainable solution;0/1;scalar;higher
            cap.breached.any.assurance_maladie;Assurance_maladie cap breached in any year;0/1;scalar;lower

            """)
    }
}
