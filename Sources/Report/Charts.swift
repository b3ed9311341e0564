import Foundation

/// Numbers the charts' ids so that every SVG pattern id is unique in the document.
struct ChartIDs {
    private var next = 0
    mutating func make() -> String {
        next += 1
        return "c\(next)"
    }
}

/// An observed range drawn over a model band (a calibration target).
struct ObservedRange {
    var year: Int
    var low: Double
    var high: Double
}

/// The charts of a report, each a complete `<svg>` element.
final class Charts {
    let language: ReportLanguage
    private var ids = ChartIDs()
    /// The id of the chart made last (for the drawing closures of row charts).
    private(set) var lastID = ""

    /// A fresh chart id.
    func newID() -> String {
        lastID = ids.make()
        return lastID
    }

    init(language: ReportLanguage) {
        self.language = language
    }

    private var l: ReportLanguage { language }

    /// Room on the left for the widest tick label and the rotated axis title.
    static func leftMargin(_ tickLabels: [String]) -> Double {
        max(58, (tickLabels.map { textWidth($0, fontSize: 12) }.max() ?? 0) + 40).rounded()
    }

    private func yearTicks(_ years: [Int]) -> ((Double, Double), [Double]) {
        let lo = Double(years.min() ?? 0), hi = Double(years.max() ?? 0)
        let domain = lo == hi ? (lo - 0.5, hi + 0.5) : (lo, hi)
        let ticks = Ticks(lo, hi, target: min(8, max(1, years.count - 1)), integer: true)
        return (domain, ticks.values.filter { $0 >= domain.0 - 1e-9 && $0 <= domain.1 + 1e-9 })
    }

    private func xYearAxis(_ frame: ChartFrame, _ years: [Int]) -> (LinearScale, String) {
        let (domain, values) = yearTicks(years)
        let x = LinearScale(domain: domain, range: (frame.left, frame.right))
        var ticks = Ticks(domain.0, domain.1, integer: true)
        ticks.values = values
        let axis = frame.xAxis(x, ticks, label: l.pick("year", "année"), format: { l.number($0, decimals: 0, grouped: false) })
        return (x, axis)
    }

    /// Mean line with p25–p75 and p05–p95 bands over the years, optionally with observed ranges.
    func fan(
        kind: String, title: String, points: [SeriesPoint], unit: DisplayUnit, yLabel: String,
        width: Double = 880, plotHeight: Double = 240, yDomain: (Double, Double)? = nil, observed: [ObservedRange] = []
    ) -> String {
        // An undefined value (empty cell) is a gap in the file, not a zero: leave the year out.
        let points = points.filter { p in [p.stats.mean, p.stats.p05, p.stats.p25, p.stats.p75, p.stats.p95].allSatisfy(\.isFinite) }
        var frame = ChartFrame(id: newID(), kind: kind, title: title, width: width, plotHeight: plotHeight)
        frame.legend = [
            LegendItem(swatch: .line(Palette.Stroke(colour: Palette.main, dash: nil, marker: .none)), label: l.pick("mean", "moyenne")),
            LegendItem(swatch: .band(Palette.bandInner), label: l.pick("p25–p75 (half of trials)", "p25–p75 (la moitié des tirages)")),
            LegendItem(swatch: .band(Palette.bandOuter), label: l.pick("p05–p95 (90% of trials)", "p05–p95 (90 % des tirages)")),
        ]
        if !observed.isEmpty { frame.legend.append(LegendItem(swatch: .range, label: l.pick("observed range", "plage observée"))) }
        let values = points.flatMap { [$0.stats.p05, $0.stats.p95, $0.stats.mean] } + observed.flatMap { [$0.low, $0.high] }
        let finite = values.filter(\.isFinite)
        let lo = yDomain?.0 ?? min(0, finite.min() ?? 0), hi = yDomain?.1 ?? (finite.max() ?? 1)
        let yTicks = Ticks(lo, hi, integer: unit.unit != "€" && unit.unit != "0/1" && hi - lo >= 4)
        frame.marginLeft = Charts.leftMargin(yTicks.values.map { unit.tick($0, step: yTicks.step) })
        let y = LinearScale(domain: (yTicks.lower, yTicks.upper), range: (frame.bottom, frame.top))
        var out = frame.open()
        out += frame.yAxis(y, yTicks, label: yLabel, format: { unit.tick($0, step: yTicks.step) })
        let (x, xAxis) = xYearAxis(frame, points.map(\.year))
        out += xAxis
        let xs = points.map { x(Double($0.year)) }
        var body = "<path class=\"band p05-p95\" d=\"\(bandPath(xs: xs, lower: points.map { y($0.stats.p05) }, upper: points.map { y($0.stats.p95) }))\" fill=\"\(Palette.bandOuter)\"/>"
        body += "<path class=\"band p25-p75\" d=\"\(bandPath(xs: xs, lower: points.map { y($0.stats.p25) }, upper: points.map { y($0.stats.p75) }))\" fill=\"\(Palette.bandInner)\"/>"
        let mean = zip(xs, points).map { ($0, y($1.stats.mean)) }
        body += "<polyline class=\"mean\" points=\"\(polylinePoints(mean))\" fill=\"none\" stroke=\"\(Palette.main)\" stroke-width=\"2.4\"/>"
        for o in observed {
            let cx = x(Double(o.year))
            let top = y(o.high), bottom = y(o.low)
            body += "<rect class=\"observed\" x=\"\(px(cx - 6))\" y=\"\(px(top))\" width=\"12\" height=\"\(px(max(2, bottom - top)))\" fill=\"url(#\(frame.id)-observed)\" stroke=\"\(Palette.ink)\" stroke-width=\"1.2\"/>"
        }
        out += frame.plot(x: x, y: y, body)
        return out + frame.close()
    }

    /// Means of several series stacked over the years (spending by payer).
    func stacked(kind: String, title: String, years: [Int], layers: [(label: String, means: [Double])], unit: DisplayUnit, yLabel: String) -> String {
        var frame = ChartFrame(id: newID(), kind: kind, title: title)
        frame.patternCount = layers.count
        frame.legend = layers.enumerated().map { LegendItem(swatch: .fill($0.offset), label: $0.element.label) }
        var cumulative = Array(repeating: 0.0, count: years.count)
        var tops: [[Double]] = []
        for layer in layers {
            cumulative = zip(cumulative, layer.means).map { $0 + ($1.isFinite ? max(0, $1) : 0) }
            tops.append(cumulative)
        }
        let yTicks = Ticks(0, cumulative.max() ?? 1)
        frame.marginLeft = Charts.leftMargin(yTicks.values.map { unit.tick($0, step: yTicks.step) })
        let y = LinearScale(domain: (yTicks.lower, yTicks.upper), range: (frame.bottom, frame.top))
        var out = frame.open()
        out += frame.yAxis(y, yTicks, label: yLabel, format: { unit.tick($0, step: yTicks.step) })
        let (x, xAxis) = xYearAxis(frame, years)
        out += xAxis
        let xs = years.map { x(Double($0)) }
        var body = ""
        var below = Array(repeating: 0.0, count: years.count)
        for (i, top) in tops.enumerated() {
            body += "<path class=\"stack\" data-layer=\"\(escaped(layers[i].label))\" d=\"\(bandPath(xs: xs, lower: below.map { y($0) }, upper: top.map { y($0) }))\" fill=\"\(Palette.fillAttribute(i, chart: frame.id))\" stroke=\"#ffffff\" stroke-width=\"0.8\"/>"
            below = top
        }
        out += frame.plot(x: x, y: y, body)
        return out + frame.close()
    }

    /// Lines over a numeric x axis, each with its own colour, dash and marker.
    func lines(
        kind: String, title: String, series: [(label: String, points: [(Double, Double)])],
        xLabel: String, xFormat: @escaping (Double, Double) -> String, xIsYear: Bool = false,
        yLabel: String, yFormat: @escaping (Double, Double) -> String, yDomain: (Double, Double)? = nil
    ) -> String {
        var frame = ChartFrame(id: newID(), kind: kind, title: title)
        frame.legend = series.enumerated().map { LegendItem(swatch: .line(Palette.stroke($0.offset)), label: $0.element.label) }
        let xsAll = series.flatMap { $0.points.map(\.0) }.filter(\.isFinite)
        let ysAll = series.flatMap { $0.points.map(\.1) }.filter(\.isFinite)
        let xDomain = (xsAll.min() ?? 0, xsAll.max() ?? 1)
        let xTicks = Ticks(xDomain.0, xDomain.1, target: 6, integer: xIsYear)
        let x = LinearScale(domain: xIsYear ? xDomain : (xTicks.lower, xTicks.upper), range: (frame.left, frame.right))
        var shownX = xTicks
        if xIsYear { shownX.values = xTicks.values.filter { $0 >= xDomain.0 && $0 <= xDomain.1 } }
        let yTicks = yDomain.map { Ticks($0.0, $0.1) } ?? Ticks(min(0, ysAll.min() ?? 0), ysAll.max() ?? 1)
        frame.marginLeft = Charts.leftMargin(yTicks.values.map { yFormat($0, yTicks.step) })
        let y = LinearScale(domain: (yTicks.lower, yTicks.upper), range: (frame.bottom, frame.top))
        var out = frame.open()
        out += frame.yAxis(y, yTicks, label: yLabel, format: { yFormat($0, yTicks.step) })
        out += frame.xAxis(x, shownX, label: xLabel, format: { xFormat($0, xTicks.step) })
        var body = ""
        let markerEvery = max(1, (series.map(\.points.count).max() ?? 1) / 10)
        for (i, s) in series.enumerated() {
            let stroke = Palette.stroke(i)
            let pts = s.points.filter { $0.0.isFinite && $0.1.isFinite }.map { (x($0.0), y($0.1)) }
            body += "<g class=\"series\" data-series=\"\(escaped(s.label))\">"
            body += "<polyline class=\"line\" points=\"\(polylinePoints(pts))\" fill=\"none\" stroke=\"\(stroke.colour)\" stroke-width=\"2.2\"" + (stroke.dash.map { " stroke-dasharray=\"\($0)\"" } ?? "") + "/>"
            for (k, p) in pts.enumerated() where k % markerEvery == (i % markerEvery) || k == pts.count - 1 {
                body += Palette.marker(stroke.marker, x: p.0, y: p.1, colour: stroke.colour, size: 3)
            }
            body += "</g>"
        }
        out += frame.plot(x: x, y: y, body)
        return out + frame.close()
    }

    /// The sweep's budget splits: State spend against sustainable solutions, Pareto splits joined.
    func frontier(kind: String, title: String, points: [FrontierPoint], lastYear: Int?) -> String {
        var frame = ChartFrame(id: newID(), kind: kind, title: title, plotHeight: 280)
        let spend = DisplayUnit(unit: "€", magnitude: points.map { abs($0.publicSpend) }.max() ?? 0, language: l)
        frame.legend = [
            LegendItem(swatch: .line(Palette.Stroke(colour: Palette.main, dash: nil, marker: .circle)),
                       label: l.pick("Pareto-efficient splits (numbered)", "répartitions Pareto-efficaces (numérotées)")),
            LegendItem(swatch: .point(.square, "#888888"), label: l.pick("other splits", "autres répartitions")),
            LegendItem(swatch: .line(Palette.Stroke(colour: Palette.main, dash: nil, marker: .none)),
                       label: l.pick("± 1.96 Monte Carlo s.e.", "± 1,96 erreur Monte-Carlo")),
        ]
        let xs = points.map(\.publicSpend).filter(\.isFinite)
        let ys = points.flatMap { [$0.sustainable - 1.96 * $0.sustainableMCSE, $0.sustainable + 1.96 * $0.sustainableMCSE] }.filter(\.isFinite)
        let xTicks = Ticks(xs.min() ?? 0, xs.max() ?? 1, target: 6)
        let yTicks = Ticks(min(0, ys.min() ?? 0), ys.max() ?? 1)
        frame.marginLeft = Charts.leftMargin(yTicks.values.map { l.number($0, decimals: $0 == $0.rounded() ? 0 : 1) })
        let x = LinearScale(domain: (xTicks.lower, xTicks.upper), range: (frame.left, frame.right))
        let y = LinearScale(domain: (yTicks.lower, yTicks.upper), range: (frame.bottom, frame.top))
        var out = frame.open()
        let yearText = lastYear.map { l.pick(" in \($0)", " en \($0)") } ?? ""
        out += frame.yAxis(y, yTicks, label: l.pick("sustainable solutions", "solutions pérennes") + yearText + " (solutions)",
                           format: { l.number($0, decimals: $0 == $0.rounded() ? 0 : 1) })
        out += frame.xAxis(x, xTicks, label: l.pick("expected State spend over the horizon", "dépense attendue de l’État sur l’horizon") + " (\(spend.suffix))",
                           format: { spend.tick($0, step: xTicks.step) })
        var body = ""
        for p in points where !p.pareto {
            body += Palette.marker(.square, x: x(p.publicSpend), y: y(p.sustainable), colour: "#888888", size: 3)
        }
        let efficient = points.filter(\.pareto).sorted { $0.publicSpend < $1.publicSpend }
        body += "<polyline class=\"pareto\" points=\"\(polylinePoints(efficient.map { (x($0.publicSpend), y($0.sustainable)) }))\" fill=\"none\" stroke=\"\(Palette.main)\" stroke-width=\"2\"/>"
        for p in efficient {
            let cx = x(p.publicSpend), cy = y(p.sustainable)
            let half = 1.96 * (p.sustainableMCSE.isFinite ? p.sustainableMCSE : 0)
            body += "<line x1=\"\(px(cx))\" y1=\"\(px(y(p.sustainable - half)))\" x2=\"\(px(cx))\" y2=\"\(px(y(p.sustainable + half)))\" stroke=\"\(Palette.main)\" stroke-width=\"1.2\"/>"
            body += "<circle class=\"pareto-point\" cx=\"\(px(cx))\" cy=\"\(px(cy))\" r=\"4.5\" fill=\"\(Palette.main)\"/>"
            body += "<text class=\"point-label\" x=\"\(px(cx + 7))\" y=\"\(px(cy - 6))\">\(p.split)</text>"
        }
        out += frame.plot(x: x, y: y, body)
        return out + frame.close()
    }
}
