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

    @Test func achievedSpearmanCorrelationsMatchTheTargets() throws {
        let scratch = try Scratch()
        defer { scratch.cleanup() }
        let file = try scratch.write("c.scenario", Self.scenario)
        let outcome = try CLI.run(["run", file, "--trials", "20000", "--per-trial", "--out", scratch.path("out"), "--no-progress"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(scratch.listing("out") == ["inputs.csv", "metrics.csv", "run.json", "scalars.csv", "summary.csv", "trials.csv"])
        let lines = try scratch.read("out/inputs.csv").split(separator: "\n")
        #expect(lines[0] == "trial,mix,parameter,value")
        var columns: [String: [Double]] = [:]
        var trials = Set<Substring>()
        for line in lines.dropFirst() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            #expect(cells.count == 4 && cells[1] == "baseline")
            trials.insert(cells[0])
            columns[String(cells[2]), default: []].append(Double(cells[3])!)
        }
        #expect(trials.count == 20_000)
        for (a, b, target) in [("poc.success", "poc.cost", -0.6), ("poc.success", "uses", 0.4), ("adoption.q", "uses", 0.7)] {
            let rho = Self.spearman(columns[a]!, columns[b]!)
            #expect(abs(rho - target) <= 0.03, "\(a) ~ \(b): \(rho) vs \(target)")
        }
        // Uncorrelated pairs stay near zero.
        #expect(abs(Self.spearman(columns["poc.cost"]!, columns["adoption.p"]!)) <= 0.03)
        // trials.csv: one line per trial, metric and year (scalars without a year).
        let trialLines = try scratch.read("out/trials.csv").split(separator: "\n")
        #expect(trialLines[0] == "trial,mix,metric,year,value")
        #expect(trialLines[1].hasPrefix("1,baseline,"))
        #expect(trialLines.last!.hasPrefix("20000,baseline,"))
    }
}
