import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import Report

/// A written report, parsed as XML (the report is XHTML-compatible on purpose).
struct ParsedReport {
    let text: String
    let document: XMLDocument

    init(_ folder: FixtureFolder, language: ReportLanguage = .en) throws {
        text = try ReportWriter.html(directory: folder.url, language: language)
        document = try XMLDocument(xmlString: text, options: [])
    }

    var svgs: [XMLElement] { (try? document.nodes(forXPath: "//svg")) as? [XMLElement] ?? [] }

    func chart(_ kind: String) -> XMLElement? {
        svgs.first { $0.attribute(forName: "data-chart")?.stringValue == kind }
    }

    var kinds: [String] { svgs.compactMap { $0.attribute(forName: "data-chart")?.stringValue } }
}

func elements(_ e: XMLElement, class cls: String) -> [XMLElement] {
    ((try? e.nodes(forXPath: ".//*[contains(concat(' ', @class, ' '), ' \(cls) ')]")) as? [XMLElement]) ?? []
}

func attribute(_ e: XMLElement, _ name: String) -> String { e.attribute(forName: name)?.stringValue ?? "" }

func numbers(_ text: String) -> [Double] {
    text.split(whereSeparator: { $0 == " " || $0 == "," }).compactMap { Double($0) }
}

/// The plot frame of a chart, to turn drawn pixels back into values.
struct PlotFrame {
    var left, top, right, bottom: Double
    var x0, x1: Double
    var y0 = 0.0, y1 = 0.0

    init(_ chart: XMLElement) throws {
        let plot = try #require(elements(chart, class: "plot").first)
        let f = numbers(attribute(plot, "data-frame"))
        let x = numbers(attribute(plot, "data-x-domain"))
        try #require(f.count == 4 && x.count == 2)
        (left, top, right, bottom) = (f[0], f[1], f[2], f[3])
        (x0, x1) = (x[0], x[1])
        let y = numbers(attribute(plot, "data-y-domain"))
        if y.count == 2 { (y0, y1) = (y[0], y[1]) }
    }

    func x(_ pixel: Double) -> Double { x0 + (pixel - left) / (right - left) * (x1 - x0) }
    func y(_ pixel: Double) -> Double { y0 + (bottom - pixel) / (bottom - top) * (y1 - y0) }
    /// What a 0.05 px rounding of a coordinate is worth in values.
    var xTolerance: Double { 0.051 * abs(x1 - x0) / (right - left) }
    var yTolerance: Double { 0.051 * abs(y1 - y0) / (bottom - top) }
}

/// Reads a tick label back as a number in the report's language and the axis' scale.
func tickValue(_ label: String, _ language: ReportLanguage, scale: Double) -> Double? {
    var t = label.replacingOccurrences(of: "−", with: "-")
    if language == .en { t = t.replacingOccurrences(of: ",", with: "") } else {
        t = t.replacingOccurrences(of: "\u{202F}", with: "").replacingOccurrences(of: ",", with: ".")
    }
    return Double(t).map { $0 * scale }
}

/// The unit words an axis title may carry (DESIGN §10: every axis labelled with its unit).
let unitMarkers = ["M€", "k€", "€", "solutions", "sites", "uses", "utilisations", "projects", "projets", "participants",
                   "year", "année", "probability", "probabilité", "0–1", "−1 … 1"]

@Suite struct ReportDocumentTests {
    /// Structure every report must have: well-formed, self-contained, every chart titled, every axis
    /// with a unit, every SVG valid XML on its own.
    func checkStructure(_ report: ParsedReport, expectedCharts: [String]) throws {
        let text = report.text
        for forbidden in ["http:", "https:", "src=", "href=", "@import", "<script", "xlink:"] {
            #expect(!text.contains(forbidden), "report holds \(forbidden)")
        }
        let urls = text.components(separatedBy: "url(").dropFirst()
        #expect(urls.allSatisfy { $0.hasPrefix("#") }, "every url() points inside the document")
        #expect(report.kinds == expectedCharts)
        for svg in report.svgs {
            let kind = attribute(svg, "data-chart")
            let title = try #require((try svg.nodes(forXPath: "title")).first?.stringValue)
            #expect(!title.isEmpty, "\(kind) has a title")
            let xLabels = elements(svg, class: "axis-label").filter { attribute($0, "class").hasSuffix(" x") }
            let yLabels = elements(svg, class: "axis-label").filter { attribute($0, "class").hasSuffix(" y") }
            let rowLabels = elements(svg, class: "axis-label").filter { attribute($0, "class").hasSuffix(" rows") }
            #expect(xLabels.count == 1, "\(kind) has an x-axis title")
            #expect(yLabels.count + rowLabels.count == 1, "\(kind) has a y-axis title")
            for label in xLabels + yLabels {
                let t = label.stringValue ?? ""
                #expect(unitMarkers.contains { t.contains($0) }, "\(kind): axis title \"\(t)\" names a unit")
            }
            for label in rowLabels { #expect(!(label.stringValue ?? "").isEmpty) }
            // Each SVG stands alone as XML.
            let alone = try XMLDocument(xmlString: svg.xmlString, options: [])
            #expect(alone.rootElement()?.name == "svg")
        }
    }

    @Test func runReportHasItsChartsAndProvenance() throws {
        let folder = try Fixtures.run()
        defer { folder.remove() }
        let report = try ParsedReport(folder)
        try checkStructure(report, expectedCharts: [
            "fan:solutions.launched", "fan:solutions.active", "fan:solutions.sustainable", "fan:adoption.sites", "fan:adoption.uses",
            "stacked:spend", "fan:net.state", "fan:net.hospitals",
        ])
        let footer = try #require(try report.document.nodes(forXPath: "//footer").first?.stringValue)
        for fact in ["0123456789abcdef", "2000", "7", "beyondpoc 0.1.0", Fixtures.title] {
            #expect(footer.contains(fact), "footer shows \(fact)")
        }
        // User text comes back as text, never as markup.
        #expect(try report.document.nodes(forXPath: "//h1").first?.stringValue == Fixtures.title)
        #expect(try report.document.nodes(forXPath: "//b").isEmpty)
        #expect(try report.document.nodes(forXPath: "//li").first?.stringValue == "a <warning> & more")
        // The headline table: State spend NPV as M€ with one decimal.
        let rows = try report.document.nodes(forXPath: "//table[@class='headlines']//tr").compactMap { $0.stringValue }
        #expect(rows.contains { $0.hasPrefix("State spending (NPV)74.069.674.078.5M€") })
        // Labels and units come from metrics.csv: a 0/1 scalar is a probability, a year bare.
        #expect(rows.contains { $0 == "at least one sustainable solution0.95probability" })
        #expect(rows.contains { $0 == "breakeven year2034191220342156" })
    }

    /// The mean line of a fan chart, read back through the chart's scale, gives summary.csv's means.
    @Test(arguments: [false, true]) func fanChartMeanLineMapsBackToSummaryMeans(excelFR: Bool) throws {
        let folder = try Fixtures.run(excelFR: excelFR)
        defer { folder.remove() }
        let report = try ParsedReport(folder, language: excelFR ? .fr : .en)
        for metric in ["solutions.sustainable", "adoption.uses", "net.hospitals"] {
            let chart = try #require(report.chart("fan:\(metric)"))
            let frame = try PlotFrame(chart)
            let line = try #require(elements(chart, class: "mean").first)
            let points = numbers(attribute(line, "points"))
            try #require(points.count == 2 * Fixtures.years.count)
            for (t, year) in Fixtures.years.enumerated() {
                #expect(abs(frame.x(points[2 * t]) - Double(year)) <= frame.xTolerance)
                let expected = Fixtures.mean(metric, variant: 0, yearIndex: t)
                #expect(abs(frame.y(points[2 * t + 1]) - expected) <= frame.yTolerance, "\(metric) \(year)")
            }
        }
    }

    /// Tick labels say the truth: read in the report's language and scale, each equals the value at
    /// its position.
    @Test(arguments: [ReportLanguage.en, .fr]) func tickLabelsMatchTheirPositions(language: ReportLanguage) throws {
        let folder = try Fixtures.run()
        defer { folder.remove() }
        let report = try ParsedReport(folder, language: language)
        for (kind, scale) in [("fan:spend.state.total", 1e6), ("stacked:spend", 1e6), ("fan:adoption.uses", 1e6), ("fan:adoption.sites", 1.0)] {
            guard let chart = report.chart(kind) else { continue }
            let frame = try PlotFrame(chart)
            let ticks = elements(chart, class: "tick-label").filter { attribute($0, "class").hasSuffix(" y") }
            #expect(ticks.count >= 3)
            for tick in ticks {
                let value = try #require(tickValue(tick.stringValue ?? "", language, scale: scale), "\(kind): \(tick.stringValue ?? "")")
                let pixel = try #require(Double(attribute(tick, "y"))) - 4
                #expect(abs(frame.y(pixel) - value) <= frame.yTolerance + abs(value) * 1e-9, "\(kind): tick \(value)")
            }
        }
        let yLabels = elements(try #require(report.chart("stacked:spend")), class: "axis-label")
        #expect(yLabels.map { $0.stringValue ?? "" }.contains(language == .en ? "M€ per year" : "M€ par an"))
        let uses = elements(try #require(report.chart("fan:adoption.uses")), class: "axis-label").map { $0.stringValue ?? "" }
        #expect(uses.contains(language == .en ? "million uses per year" : "millions d’utilisations par an"))
    }

    @Test func compareReportDrawsAForestPlotPerHeadline() throws {
        for withMCSE in [false, true] {
            let folder = try Fixtures.compare(diffMCSE: withMCSE)
            defer { folder.remove() }
            let report = try ParsedReport(folder)
            try checkStructure(report, expectedCharts: [
                "forest:solutions.sustainable", "forest:npv.spend.state", "forest:npv.net.hospitals", "lines:solutions.sustainable",
                "fan:solutions.launched", "fan:solutions.active", "fan:solutions.sustainable", "fan:adoption.sites", "fan:adoption.uses",
                "stacked:spend", "fan:net.state", "fan:net.hospitals",
            ])
            for metric in ["solutions.sustainable", "npv.spend.state", "npv.net.hospitals"] {
                let chart = try #require(report.chart("forest:\(metric)"))
                let frame = try PlotFrame(chart)
                let rows = Fixtures.compareRows.filter { $0.metric == metric }
                let means = elements(chart, class: "diff-mean")
                try #require(means.count == rows.count)
                for (square, row) in zip(means, rows) {
                    let centre = try #require(Double(attribute(square, "x"))) + 4.5
                    #expect(abs(frame.x(centre) - row.diff) <= frame.xTolerance * 2)
                }
                let labels = elements(chart, class: "row-label").map { $0.stringValue ?? "" }
                #expect(labels == rows.map(\.mix))
                let notes = elements(chart, class: "note").map { $0.stringValue ?? "" }
                #expect(notes.count == rows.count)
                #expect(elements(chart, class: "mcse").count == (withMCSE ? rows.count : 0))
                if metric == "npv.spend.state" {
                    #expect(notes == (withMCSE ? ["0.65 · ±0.05", "identical · ±0.00"] : ["0.65", "identical"]))
                }
            }
        }
    }

    @Test func sweepReportDrawsTheFrontier() throws {
        let folder = try Fixtures.sweep()
        defer { folder.remove() }
        let report = try ParsedReport(folder)
        try checkStructure(report, expectedCharts: ["frontier"])
        let chart = try #require(report.chart("frontier"))
        let frame = try PlotFrame(chart)
        let efficient = Fixtures.frontierRows.filter(\.pareto).sorted { $0.spend < $1.spend }
        let dots = elements(chart, class: "pareto-point")
        try #require(dots.count == efficient.count)
        for (dot, row) in zip(dots, efficient) {
            #expect(abs(frame.x(try #require(Double(attribute(dot, "cx")))) - row.spend) <= frame.xTolerance)
            #expect(abs(frame.y(try #require(Double(attribute(dot, "cy")))) - row.sustainable) <= frame.yTolerance)
        }
        let line = numbers(attribute(try #require(elements(chart, class: "pareto").first), "points"))
        #expect(line.count == 2 * efficient.count)
        let table = try report.document.nodes(forXPath: "//table[@class='frontier']/tbody/tr").map { $0.stringValue ?? "" }
        #expect(table == ["440%60%77.009.50 ± 0.550.950", "280%20%77.9711.23 ± 0.610.950", "1100%0%78.7912.34 ± 0.650.950"])
    }

    @Test func sensitivityAndDecideReports() throws {
        let sensitivity = try Fixtures.sensitivity()
        defer { sensitivity.remove() }
        let s = try ParsedReport(sensitivity)
        try checkStructure(s, expectedCharts: ["tornado:solutions.sustainable", "prcc:solutions.sustainable", "sobol:npv.spend.state"])
        let tornado = try #require(s.chart("tornado:solutions.sustainable"))
        #expect(elements(tornado, class: "row-label").map { $0.stringValue ?? "" } == Fixtures.parameters)
        #expect(elements(tornado, class: "note").map { $0.stringValue ?? "" } == ["4", "2", "1.33", "1", "0.80"])
        let sobol = try #require(s.chart("sobol:npv.spend.state"))
        #expect(elements(sobol, class: "first").count == 5 && elements(sobol, class: "total").count == 5)

        let decide = try Fixtures.decide()
        defer { decide.remove() }
        let d = try ParsedReport(decide, language: .fr)
        try checkStructure(d, expectedCharts: ["acceptability", "evppi"])
        let evppi = try #require(d.chart("evppi"))
        #expect(elements(evppi, class: "row-label").first?.stringValue == "groupe pipeline")
        #expect(elements(evppi, class: "reference-label").first?.stringValue == "EVPI 3,5\u{00A0}M€")
        let decision = try d.document.nodes(forXPath: "//table[@class='decision']/tbody/tr").map { $0.stringValue ?? "" }
        #expect(decision.first == "référence12,530,00,3045,0\u{00A0}%4,1")
        let curves = try #require(d.chart("acceptability"))
        #expect(elements(curves, class: "series").count == 2)
    }

    @Test func calibrationTargetsAreDrawnOverTheModel() throws {
        let folder = try Fixtures.calibrated()
        defer { folder.remove() }
        let report = try ParsedReport(folder)
        try checkStructure(report, expectedCharts: [
            "fan:solutions.launched", "fan:solutions.active", "fan:solutions.sustainable", "fan:adoption.sites", "fan:adoption.uses",
            "stacked:spend", "fan:net.state", "fan:net.hospitals", "calibration:solutions.active", "calibration:npv.spend.state",
        ])
        // Over the fan: the observed range 2…6 in 2029.
        let fan = try #require(report.chart("fan:solutions.active"))
        let frame = try PlotFrame(fan)
        let box = try #require(elements(fan, class: "observed").first)
        let top = try #require(Double(attribute(box, "y"))), height = try #require(Double(attribute(box, "height")))
        #expect(abs(frame.y(top) - 6) <= frame.yTolerance && abs(frame.y(top + height) - 2) <= 2 * frame.yTolerance)
        let scalar = try #require(report.chart("calibration:npv.spend.state"))
        #expect(elements(scalar, class: "note").first?.stringValue == "82%")
    }

    /// Many variants over a long horizon stay far below the 2 MB the design allows: the report draws
    /// headline metrics, not every line of the files.
    @Test func manyVariantsKeepTheReportSmall() throws {
        let folder = try FixtureFolder()
        defer { folder.remove() }
        let variants = ["baseline"] + (1...15).map { "mix \($0)" }
        try Fixtures.summary(into: folder, variants: variants)
        try Fixtures.metrics(into: folder)
        let report = try ParsedReport(folder)
        #expect(report.text.utf8.count < 2_000_000)
        #expect(try report.document.nodes(forXPath: "//table[@class='headlines']").count == 4)
        #expect(try report.document.nodes(forXPath: "//table[@class='headlines']/thead/tr/th").count == 16 + 4)
    }

    /// The unit, kind and label of a chart are metrics.csv's, whatever the id: a file that says
    /// `solutions.sustainable` is a flow of projects gets "projects per year".
    @Test func unitsKindsAndLabelsComeFromMetricsCSV() throws {
        let folder = try Fixtures.run()
        defer { folder.remove() }
        let rows = Fixtures.metricRows.map { row in
            row.0 == "solutions.sustainable" ? (row.0, "Pipeline entries", "projects", "flow", "none") : row
        }
        try Fixtures.metrics(into: folder, rows: rows)
        for (language, axis, title) in [(ReportLanguage.en, "projects per year", "Pipeline entries in each year"),
                                        (.fr, "projets par an", "Solutions pérennes chaque année")] {
            let report = try ParsedReport(folder, language: language)
            let chart = try #require(report.chart("fan:solutions.sustainable"))
            let labels = elements(chart, class: "axis-label").map { $0.stringValue ?? "" }
            #expect(labels.contains(axis))
            #expect(try #require(try chart.nodes(forXPath: "title").first?.stringValue).hasPrefix(title))
        }
    }

    @Test func aFolderWithoutMetricsCSVIsRefused() throws {
        let folder = try Fixtures.run(withMetrics: false)
        defer { folder.remove() }
        #expect(throws: ReportError.badFile(
            path: folder.url.appendingPathComponent("metrics.csv").path, line: 0,
            reason: "missing: this folder was written by an older version of beyondpoc; rerun the command that wrote it (beyondpoc run …) with this version, which writes metrics.csv (the label, unit, kind and direction of every metric)")) {
            _ = try ReportWriter.html(directory: folder.url)
        }
    }

    @Test func aMetricThatMetricsCSVDoesNotDescribeIsNamed() throws {
        let folder = try Fixtures.run()
        defer { folder.remove() }
        try Fixtures.metrics(into: folder, rows: Fixtures.metricRows.filter { $0.0 != "adoption.uses" })
        let path = folder.url.appendingPathComponent("metrics.csv").path
        #expect(throws: ReportError.badFile(path: path, line: 0, reason: "has no line for the metric \"adoption.uses\" that summary.csv names")) {
            _ = try ReportWriter.html(directory: folder.url)
        }
        try Fixtures.metrics(into: folder, rows: Fixtures.metricRows.map { $0.0 == "adoption.uses" ? ($0.0, $0.1, $0.2, "yearly", $0.4) : $0 })
        #expect(throws: ReportError.badFile(path: path, line: 6, reason: "column kind: \"yearly\" is not flow, stock or scalar")) {
            _ = try ReportWriter.html(directory: folder.url)
        }
    }
}

@Suite struct NumberFormatTests {
    @Test func englishAndFrenchNumbers() {
        #expect(ReportLanguage.en.number(1234.5, decimals: 1) == "1,234.5")
        #expect(ReportLanguage.fr.number(1234.5, decimals: 1) == "1\u{202F}234,5")
        #expect(ReportLanguage.fr.number(-1_234_567, decimals: 0) == "−1\u{202F}234\u{202F}567")
        #expect(ReportLanguage.en.number(-0.004, decimals: 2) == "0.00")
        #expect(ReportLanguage.en.number(2035, decimals: 0, grouped: false) == "2035")
        #expect(ReportLanguage.fr.percent(0.25) == "25\u{00A0}%")
    }

    @Test func unitsScaleMoneyAndLargeCounts() {
        let money = DisplayUnit(unit: "€", magnitude: 1_234_500_000, language: .fr)
        #expect(money.withUnit(1_234_500_000) == "1\u{202F}234,5\u{00A0}M€")
        #expect(DisplayUnit(unit: "€", magnitude: 12_345_678, language: .fr).withUnit(12_345_678) == "12,3\u{00A0}M€")
        #expect(DisplayUnit(unit: "€", magnitude: 45_000, language: .en).withUnit(45_000) == "45\u{00A0}k€")
        #expect(DisplayUnit(unit: "year", magnitude: 2034, language: .fr).withUnit(2034.06) == "2034")
        #expect(DisplayUnit(unit: "uses", magnitude: 5e7, language: .en).suffix == "million uses")
        #expect(DisplayUnit(unit: "€", magnitude: 5e7, language: .fr).tick(12_500_000, step: 2_500_000) == "12,5")
    }

    @Test func niceTicks() {
        let t = Ticks(0.3, 47.2)
        #expect(t.values == [0, 10, 20, 30, 40, 50])
        #expect(Ticks(-143, 116).values == [-150, -100, -50, 0, 50, 100, 150])
        #expect(Ticks(2026, 2035, target: 8, integer: true).step == 1)
    }
}

@Suite struct ReportFilesTests {
    @Test func runJSONListsTheReportOnceAndKeepsEverythingElse() throws {
        let folder = try Fixtures.run()
        defer { folder.remove() }
        try Fixtures.runJSON(into: folder, command: "run", files: ["summary.csv", "scalars.csv", "metrics.csv"], mixes: ["baseline"],
                             seed: "18446744073709551615")
        let before = try folder.read("run.json")
        let after = try #require(try ReportWriter.listing("report.html", inManifest: before))
        let expected = before.replacingOccurrences(of: "    \"metrics.csv\",\n    \"run.json\"",
                                                   with: "    \"metrics.csv\",\n    \"report.html\",\n    \"run.json\"")
        #expect(after == expected)
        #expect(after.contains("\"seed\" : 18446744073709551615"))
        #expect(try ReportWriter.listing("report.html", inManifest: after) == nil)
        #expect(try ReportWriter.listing("report.html", inManifest: "{\n  \"seed\" : 1\n}\n") == "{\n  \"files\" : [\n    \"report.html\"\n  ],\n  \"seed\" : 1\n}\n")
        #expect(throws: ReportError.badFile(path: "x/run.json", line: 0, reason: "is not a JSON object")) {
            _ = try ReportWriter.listing("report.html", inManifest: "[1]", path: "x/run.json")
        }
    }

    @Test func badFoldersAndFilesAreNamed() throws {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("beyondpoc-report-missing-\(UUID().uuidString)")
        #expect(throws: ReportError.notAResultFolder(path: missing.path, reason: "no such folder")) {
            _ = try ReportWriter.html(directory: missing)
        }
        let empty = try FixtureFolder()
        defer { empty.remove() }
        #expect(throws: ReportError.notAResultFolder(path: empty.url.path, reason: "holds no result file (expected one of summary.csv, scalars.csv, compare.csv, frontier.csv, sensitivity.csv, decision.csv, voi.csv, acceptability.csv, calibration.csv)")) {
            _ = try ReportWriter.html(directory: empty.url)
        }
        try Fixtures.metrics(into: empty)
        try empty.text("summary.csv", "scenario,mix,metric,year,mean,sd,mcse,p05,p25,p50,p75,p95\nS,baseline,solutions.active,2026,1,0,0,0,0,1,1,2\nS,baseline,solutions.active,2027,one,0,0,0,0,1,1,2\n")
        #expect(throws: ReportError.badFile(path: empty.url.appendingPathComponent("summary.csv").path, line: 3, reason: "column mean: \"one\" is not a number")) {
            _ = try ReportWriter.html(directory: empty.url)
        }
        try Fixtures.metrics(into: empty)
        try empty.text("summary.csv", "scenario,mix,metric,mean\nS,baseline,solutions.active,1\n")
        #expect(throws: ReportError.badFile(path: empty.url.appendingPathComponent("summary.csv").path, line: 1, reason: "has no column \"year\" (its header: scenario,mix,metric,mean)")) {
            _ = try ReportWriter.html(directory: empty.url)
        }
    }

    @Test func csvCellsReadInBothDialects() throws {
        let rows = try CSVTable.split("a;b\n\"x;\"\"y\"\"\";'=SUM(1)\r\n\n1,5;2\n", separator: ";", path: "t.csv")
        #expect(rows == [["a", "b"], ["x;\"y\"", "=SUM(1)"], ["1,5", "2"]])
    }
}
