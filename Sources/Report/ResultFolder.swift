import Foundation

/// Quantiles and moments of one metric (a yearly series point or a scalar) for one variant.
struct Distribution: Sendable {
    var mean, sd, mcse, p05, p25, p50, p75, p95: Double
    /// Trials where a scalar is defined (scalars.csv `n`); nil for series.
    var n: Double?
}

struct SeriesPoint: Sendable {
    var year: Int
    var stats: Distribution
}

struct PairedDifference: Sendable {
    var metric: String
    var year: Int?
    var mix: String
    var baselineMean, mixMean, diffMean, low95, high95: Double
    /// Monte Carlo standard error of `diffMean` (compare.csv's `diff_mcse`, when the file has it).
    var diffMCSE: Double?
    var pBetter: Double?
}

struct FrontierPoint: Sendable {
    var split: Int
    /// The fraction of the budget per varied instrument, in the file's column order.
    var shares: [Double]
    var publicSpend, sustainable, sustainableMCSE, pAnySustainable: Double
    var pareto: Bool
}

struct SensitivityRow: Sendable {
    var method, metric: String
    var year: Int?
    var parameter: String
    var low, high, value, ciLow, ciHigh, pValue: Double
}

struct DecisionRow: Sendable {
    var variant: String
    var nbMean, nbSD, nbMCSE, pBest, expectedLoss: Double
}

struct VOIRow: Sendable {
    var scope, name, parameters: String
    var evppi, evppiSE, shareOfEVPI: Double
}

struct AcceptabilityRow: Sendable {
    var worth: Double
    var variant: String
    var pBest, nbMean: Double
}

struct CalibrationRow: Sendable {
    var metric: String
    var year: Int?
    var low, high, modelMean, modelP05, modelP50, modelP95, shareInside: Double
}

/// run.json as far as the report needs it; every field optional, unknown fields ignored.
struct Provenance: Decodable, Sendable {
    struct Scenario: Decodable, Sendable {
        var file: String?
        var title: String?
        var sha256: String?
    }
    var tool: String?
    var version: String?
    var command: String?
    var scenario: Scenario?
    var seed: UInt64?
    var trials: Int?
    var sampling: String?
    var mixes: [String]?
    var csvDialect: String?
    var files: [String]?
    var warnings: [String]?
    var arguments: [String]?

    enum CodingKeys: String, CodingKey {
        case tool, version, command, scenario, seed, trials, sampling, mixes, files, warnings, arguments
        case csvDialect = "csv_dialect"
    }
}

/// Every result file a folder holds, read and typed. A file the folder lacks is empty here.
struct ResultFolder: Sendable {
    let url: URL
    var provenance: Provenance?
    var metrics = MetricCatalog()
    /// Variants in file order, and per variant the series (in file order) with their points by year.
    var variants: [String] = []
    var seriesOrder: [String] = []
    var series: [String: [String: [SeriesPoint]]] = [:]
    var scalars: [String: [String: Distribution]] = [:]
    var scalarOrder: [String] = []
    var scenarioTitleInCSV: String?
    var comparisons: [PairedDifference] = []
    var hasDiffMCSE = false
    var frontierInstruments: [String] = []
    var frontier: [FrontierPoint] = []
    var sensitivity: [SensitivityRow] = []
    var decision: [DecisionRow] = []
    var voi: [VOIRow] = []
    var acceptability: [AcceptabilityRow] = []
    var calibration: [CalibrationRow] = []

    /// The result files the report reads; a folder must hold at least one of them.
    static let dataFiles = ["summary.csv", "scalars.csv", "compare.csv", "frontier.csv", "sensitivity.csv",
                            "decision.csv", "voi.csv", "acceptability.csv", "calibration.csv"]

    init(url: URL) throws(ReportError) {
        self.url = url
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .notAResultFolder(path: url.path, reason: "no such folder")
        }
        let present = ResultFolder.dataFiles.filter { fm.fileExists(atPath: url.appendingPathComponent($0).path) }
        guard !present.isEmpty else {
            throw .notAResultFolder(path: url.path, reason: "holds no result file (expected one of \(ResultFolder.dataFiles.joined(separator: ", ")))")
        }
        let runJSON = url.appendingPathComponent("run.json")
        if let data = fm.contents(atPath: runJSON.path) {
            do {
                provenance = try JSONDecoder().decode(Provenance.self, from: data)
            } catch {
                throw .badFile(path: runJSON.path, line: 0, reason: "is not the JSON a run writes (\(error))")
            }
        }
        let semicolon = provenance?.csvDialect.map { $0 == "excel-fr" }
        func table(_ name: String) throws(ReportError) -> CSVTable? {
            guard present.contains(name) else { return nil }
            return try CSVTable(url: url.appendingPathComponent(name), semicolon: semicolon)
        }
        // metrics.csv is the only source of a metric's unit, kind and direction: without it the
        // report would have to guess them from ids.
        let metricsURL = url.appendingPathComponent(ResultFolder.metricsFile)
        guard fm.fileExists(atPath: metricsURL.path) else {
            throw .badFile(path: metricsURL.path, line: 0, reason: ResultFolder.missingMetricsReason(command: provenance?.command))
        }
        try readMetrics(try CSVTable(url: metricsURL, semicolon: semicolon))
        if let t = try table("summary.csv") { try readSummary(t) }
        if let t = try table("scalars.csv") { try readScalars(t) }
        if let t = try table("compare.csv") { try readCompare(t) }
        if let t = try table("frontier.csv") { try readFrontier(t) }
        if let t = try table("sensitivity.csv") { try readSensitivity(t) }
        if let t = try table("decision.csv") { try readDecision(t) }
        if let t = try table("voi.csv") { try readVOI(t) }
        if let t = try table("acceptability.csv") { try readAcceptability(t) }
        if let t = try table("calibration.csv") { try readCalibration(t) }
        try checkEveryMetricIsDescribed(metricsPath: metricsURL.path)
    }

    /// The file that says what every metric is (DESIGN §10).
    static let metricsFile = "metrics.csv"

    /// Why a folder without metrics.csv cannot be drawn, and what to do about it.
    static func missingMetricsReason(command: String?) -> String {
        let rerun = command.map { "rerun the command that wrote it (beyondpoc \($0) …)" } ?? "rerun the command that wrote it"
        return "missing: this folder was written by an older version of beyondpoc; \(rerun) with this version, "
            + "which writes metrics.csv (the label, unit, kind and direction of every metric)"
    }

    /// Fails naming the first metric that a result file names and metrics.csv does not describe.
    private func checkEveryMetricIsDescribed(metricsPath: String) throws(ReportError) {
        let named: [(file: String, ids: [String])] = [
            ("summary.csv", seriesOrder), ("scalars.csv", scalarOrder), ("compare.csv", comparisons.map(\.metric)),
            ("sensitivity.csv", sensitivity.map(\.metric)), ("calibration.csv", calibration.map(\.metric)),
        ]
        for (file, ids) in named {
            if let unknown = ids.first(where: { !metrics.contains($0) }) {
                throw .badFile(path: metricsPath, line: 0, reason: "has no line for the metric \"\(unknown)\" that \(file) names")
            }
        }
    }

    private static func year(_ t: CSVTable, _ row: [String], line: Int) throws(ReportError) -> Int? {
        let cell = t.text(row, "year").trimmingCharacters(in: .whitespaces)
        if cell.isEmpty { return nil }
        guard let y = Int(cell) else { throw .badFile(path: t.path, line: line, reason: "column year: \"\(cell)\" is not a year") }
        return y
    }

    private static func distribution(_ t: CSVTable, _ row: [String], line: Int) throws(ReportError) -> Distribution {
        Distribution(mean: try t.number(row, "mean", line: line), sd: try t.number(row, "sd", line: line),
                     mcse: try t.number(row, "mcse", line: line), p05: try t.number(row, "p05", line: line),
                     p25: try t.number(row, "p25", line: line), p50: try t.number(row, "p50", line: line),
                     p75: try t.number(row, "p75", line: line), p95: try t.number(row, "p95", line: line),
                     n: try t.optionalNumber(row, "n", line: line))
    }

    private mutating func readMetrics(_ t: CSVTable) throws(ReportError) {
        try t.require(["metric", "label", "unit", "kind", "direction"])
        var rows: [MetricInfo] = []
        for (line, row) in t.numberedRows {
            let info = MetricInfo(id: t.text(row, "metric"), label: t.text(row, "label"), unit: t.text(row, "unit"),
                                  kind: t.text(row, "kind"), direction: t.text(row, "direction"))
            guard ["flow", "stock", "scalar"].contains(info.kind) else {
                throw .badFile(path: t.path, line: line, reason: "column kind: \"\(info.kind)\" is not flow, stock or scalar")
            }
            guard ["higher", "lower", "none"].contains(info.direction) else {
                throw .badFile(path: t.path, line: line, reason: "column direction: \"\(info.direction)\" is not higher, lower or none")
            }
            rows.append(info)
        }
        metrics = MetricCatalog(rows: rows)
    }

    private mutating func noteVariant(_ name: String) {
        if !variants.contains(name) { variants.append(name) }
    }

    private mutating func readSummary(_ t: CSVTable) throws(ReportError) {
        try t.require(["mix", "metric", "year", "mean", "p05", "p25", "p50", "p75", "p95"])
        var seen = Set<String>()
        for (line, row) in t.numberedRows {
            let mix = t.text(row, "mix"), metric = t.text(row, "metric")
            guard let year = try ResultFolder.year(t, row, line: line) else {
                throw .badFile(path: t.path, line: line, reason: "column year is empty")
            }
            if scenarioTitleInCSV == nil, t.has("scenario") { scenarioTitleInCSV = t.text(row, "scenario") }
            noteVariant(mix)
            if seen.insert(metric).inserted { seriesOrder.append(metric) }
            series[mix, default: [:]][metric, default: []].append(
                SeriesPoint(year: year, stats: try ResultFolder.distribution(t, row, line: line)))
        }
    }

    private mutating func readScalars(_ t: CSVTable) throws(ReportError) {
        try t.require(["mix", "metric", "mean", "p05", "p25", "p50", "p75", "p95"])
        var seen = Set<String>()
        for (line, row) in t.numberedRows {
            let mix = t.text(row, "mix"), metric = t.text(row, "metric")
            if scenarioTitleInCSV == nil, t.has("scenario") { scenarioTitleInCSV = t.text(row, "scenario") }
            noteVariant(mix)
            if seen.insert(metric).inserted { scalarOrder.append(metric) }
            scalars[mix, default: [:]][metric] = try ResultFolder.distribution(t, row, line: line)
        }
    }

    private mutating func readCompare(_ t: CSVTable) throws(ReportError) {
        try t.require(["metric", "year", "mix", "baseline_mean", "mix_mean", "diff_mean", "diff_lo95", "diff_hi95", "p_better"])
        hasDiffMCSE = t.has("diff_mcse")
        for (line, row) in t.numberedRows {
            comparisons.append(PairedDifference(
                metric: t.text(row, "metric"), year: try ResultFolder.year(t, row, line: line), mix: t.text(row, "mix"),
                baselineMean: try t.number(row, "baseline_mean", line: line), mixMean: try t.number(row, "mix_mean", line: line),
                diffMean: try t.number(row, "diff_mean", line: line), low95: try t.number(row, "diff_lo95", line: line),
                high95: try t.number(row, "diff_hi95", line: line),
                diffMCSE: try t.optionalNumber(row, "diff_mcse", line: line),
                pBetter: try t.optionalNumber(row, "p_better", line: line)))
        }
    }

    private mutating func readFrontier(_ t: CSVTable) throws(ReportError) {
        try t.require(["split", "public_spend", "sustainable", "pareto_efficient"])
        frontierInstruments = t.header.filter { $0.hasPrefix("share.") }.map { String($0.dropFirst("share.".count)) }
        for (line, row) in t.numberedRows {
            var shares: [Double] = []
            for id in frontierInstruments { shares.append(try t.number(row, "share." + id, line: line)) }
            frontier.append(FrontierPoint(
                split: Int(try t.number(row, "split", line: line)), shares: shares,
                publicSpend: try t.number(row, "public_spend", line: line), sustainable: try t.number(row, "sustainable", line: line),
                sustainableMCSE: try t.number(row, "sustainable_mcse", line: line),
                pAnySustainable: try t.number(row, "p_any_sustainable", line: line),
                pareto: try t.number(row, "pareto_efficient", line: line) == 1))
        }
    }

    private mutating func readSensitivity(_ t: CSVTable) throws(ReportError) {
        try t.require(["method", "metric", "year", "parameter", "value"])
        for (line, row) in t.numberedRows {
            sensitivity.append(SensitivityRow(
                method: t.text(row, "method"), metric: t.text(row, "metric"), year: try ResultFolder.year(t, row, line: line),
                parameter: t.text(row, "parameter"), low: try t.number(row, "low", line: line),
                high: try t.number(row, "high", line: line), value: try t.number(row, "value", line: line),
                ciLow: try t.number(row, "ci_lo", line: line), ciHigh: try t.number(row, "ci_hi", line: line),
                pValue: try t.number(row, "p_value", line: line)))
        }
    }

    private mutating func readDecision(_ t: CSVTable) throws(ReportError) {
        try t.require(["variant", "nb_mean", "p_best"])
        for (line, row) in t.numberedRows {
            decision.append(DecisionRow(
                variant: t.text(row, "variant"), nbMean: try t.number(row, "nb_mean", line: line),
                nbSD: try t.number(row, "nb_sd", line: line), nbMCSE: try t.number(row, "nb_mcse", line: line),
                pBest: try t.number(row, "p_best", line: line), expectedLoss: try t.number(row, "expected_loss", line: line)))
        }
    }

    private mutating func readVOI(_ t: CSVTable) throws(ReportError) {
        try t.require(["scope", "name", "evppi"])
        for (line, row) in t.numberedRows {
            voi.append(VOIRow(
                scope: t.text(row, "scope"), name: t.text(row, "name"), parameters: t.text(row, "parameters"),
                evppi: try t.number(row, "evppi", line: line), evppiSE: try t.number(row, "evppi_se", line: line),
                shareOfEVPI: try t.number(row, "share_of_evpi", line: line)))
        }
    }

    private mutating func readAcceptability(_ t: CSVTable) throws(ReportError) {
        try t.require(["worth", "variant", "p_best"])
        for (line, row) in t.numberedRows {
            acceptability.append(AcceptabilityRow(
                worth: try t.number(row, "worth", line: line), variant: t.text(row, "variant"),
                pBest: try t.number(row, "p_best", line: line), nbMean: try t.number(row, "nb_mean", line: line)))
        }
    }

    private mutating func readCalibration(_ t: CSVTable) throws(ReportError) {
        try t.require(["metric", "year", "low", "high", "model_p05", "model_p95"])
        for (line, row) in t.numberedRows {
            calibration.append(CalibrationRow(
                metric: t.text(row, "metric"), year: try ResultFolder.year(t, row, line: line),
                low: try t.number(row, "low", line: line), high: try t.number(row, "high", line: line),
                modelMean: try t.number(row, "model_mean", line: line), modelP05: try t.number(row, "model_p05", line: line),
                modelP50: try t.number(row, "model_p50", line: line), modelP95: try t.number(row, "model_p95", line: line),
                shareInside: try t.number(row, "share_inside", line: line)))
        }
    }

    /// The variant whose trajectories a run's fan charts show: the baseline when present.
    var mainVariant: String? { variants.contains("baseline") ? "baseline" : variants.first }

    func points(_ metric: String, variant: String) -> [SeriesPoint]? { series[variant]?[metric] }

    var scenarioTitle: String? { provenance?.scenario?.title ?? scenarioTitleInCSV }
}
