import Foundation
import Testing

/// `--per-trial` files: every sampled input, readable back, with the correlations the scenario asks.
@Suite struct PerTrialTests {
    /// Two-year scenario with few outputs and three correlated inputs of different families.
    static let scenario = """
        scenario "Correlations"
        horizon 2026 to 2027
        pipeline
          stage poc duration 1 year success 0.30 to 0.60 cost 100k€ to 300k€ per project-year
        research_call calls "Calls"
          projects 5 per year
          grant 200k€ per project
        sustainability
          market 500 sites
          uses 1_000 to 5_000 per site-year
          adoption bass p 0.01 to 0.04 q 0.3 to 0.6
          pathway none share rest
        correlate poc.success poc.cost -0.6
        correlate poc.success uses 0.4
        correlate adoption.q uses 0.7
        """

    static func ranks(_ x: [Double]) -> [Double] {
        let order = x.indices.sorted { x[$0] < x[$1] }
        var r = [Double](repeating: 0, count: x.count)
        for (rank, i) in order.enumerated() { r[i] = Double(rank) }
        return r
    }

    static func spearman(_ a: [Double], _ b: [Double]) -> Double {
        let ra = ranks(a), rb = ranks(b)
        let n = Double(a.count), mean = (n - 1) / 2
        var sab = 0.0, saa = 0.0, sbb = 0.0
        for i in a.indices {
            sab += (ra[i] - mean) * (rb[i] - mean)
            saa += (ra[i] - mean) * (ra[i] - mean)
            sbb += (rb[i] - mean) * (rb[i] - mean)
        }
        return sab / (saa * sbb).squareRoot()
    }

    /// A CSV file as its header and rows of cells (plain `,` files without quoted cells).
    static func table(_ text: String) -> (header: [String], rows: [[Substring]]) {
        let lines = text.split(separator: "\n")
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let rows = lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        return (header, Array(rows))
    }

    @Test func achievedSpearmanCorrelationsMatchTheTargets() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let file = try scratch.write("c.scenario", Self.scenario)
        let outcome = try CLI.run(["run", file, "--trials", "20000", "--per-trial", "--out", scratch.path("out"), "--no-progress"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(scratch.listing("out") == ["inputs.csv", "metrics.csv", "run.json", "scalars.csv", "summary.csv", "trials-scalars.csv", "trials.csv"])
        let inputs = Self.table(try scratch.read("out/inputs.csv"))
        // Every value drawn at random, once per trial; the constants (stage duration, projects, grant, market) are left out.
        #expect(inputs.header == ["trial", "mix", "poc.success", "poc.cost", "uses", "adoption.p", "adoption.q"])
        #expect(inputs.rows.count == 20_000)
        #expect(inputs.rows.first?.first == "1" && inputs.rows.last?.first == "20000")
        #expect(inputs.rows.allSatisfy { $0.count == 7 && $0[1] == "baseline" })
        var columns: [String: [Double]] = [:]
        for (c, name) in inputs.header.enumerated().dropFirst(2) {
            columns[name] = inputs.rows.map { Double($0[c])! }
        }
        for (a, b, target) in [("poc.success", "poc.cost", -0.6), ("poc.success", "uses", 0.4), ("adoption.q", "uses", 0.7)] {
            let rho = Self.spearman(columns[a]!, columns[b]!)
            #expect(abs(rho - target) <= 0.03, "\(a) ~ \(b): \(rho) vs \(target)")
        }
        // Uncorrelated pairs stay near zero.
        #expect(abs(Self.spearman(columns["poc.cost"]!, columns["adoption.p"]!)) <= 0.03)
    }

    /// The CLI scenario plus a mix that drops an instrument, so one variant lacks a metric.
    static let droppingScenario = cliScenario + """

        mix "No tools"
          without outils
        """

    /// `compare --per-trial`: one row per trial, variant and year; the union of the variants'
    /// columns; an empty cell where a variant lacks a metric; and column means that reproduce
    /// summary.csv and scalars.csv.
    @Test func wideFilesReproduceTheSummaries() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let file = try scratch.write("d.scenario", Self.droppingScenario)
        let trials = 1_000, variants = ["baseline", "More research", "No tools"], years = 10
        let outcome = try CLI.run(["compare", file, "--trials", "\(trials)", "--seed", "3", "--per-trial", "--out", scratch.path("out"), "--no-progress"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(try scratch.manifestFiles("out") == ["compare.csv", "inputs.csv", "metrics.csv", "run.json", "scalars.csv", "summary.csv", "trials-scalars.csv", "trials.csv"])

        let series = Self.table(try scratch.read("out/trials.csv"))
        #expect(series.header.joined(separator: ",") == "trial,mix,year,projects.entered.poc,projects.entered.pilot,projects.active.poc,projects.active.pilot,projects.failed.poc,projects.failed.pilot,solutions.launched,solutions.active,solutions.sustainable,solutions.withdrawn,solutions.cliff,adoption.sites,adoption.uses,opex.total,spend.state.recherche,spend.state.outils,spend.state.total,spend.private.recherche,spend.private.total,spend.assurance_maladie.reimbursement,spend.assurance_maladie.total,spend.hospitals.total,revenue.reimbursement,savings.state,savings.private,savings.assurance_maladie,savings.hospitals,net.state,net.private,net.assurance_maladie,net.hospitals,cap.breached.assurance_maladie")
        #expect(series.rows.count == trials * variants.count * years)
        let scalars = Self.table(try scratch.read("out/trials-scalars.csv"))
        #expect(scalars.header.joined(separator: ",") == "trial,mix,npv.spend.state,npv.spend.private,npv.spend.assurance_maladie,npv.spend.hospitals,npv.savings.state,npv.savings.private,npv.savings.assurance_maladie,npv.savings.hospitals,npv.net.state,npv.net.private,npv.net.assurance_maladie,npv.net.hospitals,npv.revenue.reimbursement,cost_per_sustainable_solution,breakeven_year,solutions.sustainable.any,cap.breached.any.assurance_maladie")
        #expect(scalars.rows.count == trials * variants.count)
        let inputs = Self.table(try scratch.read("out/inputs.csv"))
        #expect(inputs.header.joined(separator: ",") == "trial,mix,poc.success,pilot.success,outils.effect.poc.cost,uses,adoption.p,adoption.q,pathway.reimbursement.share,pathway.reimbursement.delay,pathway.reimbursement.tariff,savings.hospitals")
        #expect(inputs.rows.count == trials * variants.count)

        // Order: trial by trial, then variant, then year.
        #expect(series.rows.prefix(11).map { "\($0[0]),\($0[1]),\($0[2])" }
                == (2026...2035).map { "1,baseline,\($0)" } + ["1,More research,2026"])
        #expect(scalars.rows.prefix(4).map { "\($0[0]),\($0[1])" } == ["1,baseline", "1,More research", "1,No tools", "2,baseline"])
        #expect(series.rows.allSatisfy { $0.count == series.header.count })
        #expect(scalars.rows.allSatisfy { $0.count == scalars.header.count })
        #expect(inputs.rows.allSatisfy { $0.count == inputs.header.count && $0.allSatisfy { !$0.isEmpty } })

        // The mix without `outils` has an empty spend.state.outils cell in every row; the others never do.
        let outils = series.header.firstIndex(of: "spend.state.outils")!
        for row in series.rows {
            #expect(row[outils].isEmpty == (row[1] == "No tools"))
        }

        // Column means (over defined cells) equal the summaries' means.
        func check(_ table: (header: [String], rows: [[Substring]]), firstMetric: Int, summary: String, key: ([Substring]) -> String) throws {
            var sums: [String: (total: Double, absolute: Double, count: Int)] = [:]
            for row in table.rows {
                for c in firstMetric ..< row.count where !row[c].isEmpty {
                    let x = Double(row[c])!
                    let k = key(row) + "|" + table.header[c]
                    let s = sums[k] ?? (0, 0, 0)
                    sums[k] = (s.total + x, s.absolute + abs(x), s.count + 1)
                }
            }
            let reference = Self.table(try scratch.read("out/" + summary))
            let metric = reference.header.firstIndex(of: "metric")!, mean = reference.header.firstIndex(of: "mean")!
            let year = reference.header.firstIndex(of: "year")
            var matched = 0
            for row in reference.rows where !row[mean].isEmpty {
                let k = "\(row[1])" + (year.map { "|\(row[$0])" } ?? "") + "|\(row[metric])"
                guard let s = sums[k] else {
                    Issue.record("\(summary): no per-trial cells for \(k)")
                    continue
                }
                let expected = Double(row[mean])!, actual = s.total / Double(s.count)
                #expect(abs(actual - expected) <= 1e-12 * max(abs(expected), s.absolute / Double(s.count)), "\(k): \(actual) vs \(expected)")
                matched += 1
            }
            #expect(matched == sums.count, "\(summary): \(matched) rows for \(sums.count) per-trial columns")
        }
        try check(series, firstMetric: 3, summary: "summary.csv") { "\($0[1])|\($0[2])" }
        try check(scalars, firstMetric: 2, summary: "scalars.csv") { "\($0[1])" }
    }

    /// `--gzip` writes the same bytes, compressed, under `.csv.gz` names.
    @Test func gzipFilesHoldTheSameBytes() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let file = try scratch.write("d.scenario", Self.droppingScenario)
        for (folder, extra) in [("plain", [String]()), ("gz", ["--gzip"])] {
            let outcome = try CLI.run(["compare", file, "--trials", "300", "--per-trial", "--out", scratch.path(folder), "--no-progress"] + extra)
            #expect(outcome.status == 0, "\(outcome.stderr)")
        }
        #expect(scratch.listing("gz") == ["compare.csv", "inputs.csv.gz", "metrics.csv", "run.json", "scalars.csv", "summary.csv", "trials-scalars.csv.gz", "trials.csv.gz"])
        #expect(try scratch.manifestFiles("gz") == scratch.listing("gz"))
        for name in ["trials", "trials-scalars", "inputs"] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["gzip", "-dc", scratch.path("gz/\(name).csv.gz")]
            let out = Pipe()
            process.standardOutput = out
            try process.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            #expect(data == FileManager.default.contents(atPath: scratch.path("plain/\(name).csv")), "\(name)")
        }
    }

    @Test func gzipWithoutPerTrialIsAUsageError() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let file = try scratch.write("d.scenario", Self.droppingScenario)
        let outcome = try CLI.run(["run", file, "--gzip", "--out", scratch.path("out"), "--no-progress"])
        #expect(outcome.status == 64)
        #expect(outcome.stderr.hasPrefix("Error: --gzip compresses the per-trial files: it needs --per-trial.\n"))
        #expect(!scratch.exists("out"))
    }
}
