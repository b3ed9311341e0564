import Foundation

/// One entry of a chart's legend: how the thing is drawn, and what it is.
struct LegendItem {
    enum Swatch {
        case line(Palette.Stroke)
        case fill(Int)
        case band(String)
        case point(Palette.Marker, String)
        case range
    }
    var swatch: Swatch
    var label: String
}

/// What every chart shares: a title (also the SVG `<title>`), a legend on top, a plot frame, a
/// numeric x axis with its label and unit, and a y side that is either a numeric axis or named rows.
///
/// The plot group carries `data-frame` (pixel corners) and `data-x-domain` / `data-y-domain` (values
/// at those corners, in the files' own units) so that a reader or a test can turn a drawn point back
/// into the number it shows.
struct ChartFrame {
    let id: String
    let kind: String
    let title: String
    var width: Double = 880
    var plotHeight: Double = 230
    var marginLeft: Double = 78
    var marginRight: Double = 24
    var legend: [LegendItem] = []
    var patternCount = 0

    /// Legend rows laid out in the width; computed once.
    private func legendRows() -> [[(LegendItem, Double)]] {
        var rows: [[(LegendItem, Double)]] = [[]]
        var x = marginLeft
        for item in legend {
            let w = 30 + textWidth(item.label) + 18
            if x + w > width - 8, !rows[rows.count - 1].isEmpty {
                rows.append([])
                x = marginLeft
            }
            rows[rows.count - 1].append((item, x))
            x += w
        }
        return legend.isEmpty ? [] : rows
    }

    var marginTop: Double { 16 + Double(legendRows().count) * 20 }
    static let marginBottom: Double = 50
    var height: Double { marginTop + plotHeight + ChartFrame.marginBottom }
    var left: Double { marginLeft }
    var right: Double { width - marginRight }
    var top: Double { marginTop }
    var bottom: Double { marginTop + plotHeight }

    private func legendSVG() -> String {
        var out = "<g class=\"legend\">"
        for (r, row) in legendRows().enumerated() {
            let y = 12 + Double(r) * 20
            for (item, x) in row {
                switch item.swatch {
                case .line(let s):
                    out += "<line x1=\"\(px(x))\" y1=\"\(px(y))\" x2=\"\(px(x + 24))\" y2=\"\(px(y))\" stroke=\"\(s.colour)\" stroke-width=\"2.2\"" + (s.dash.map { " stroke-dasharray=\"\($0)\"" } ?? "") + "/>"
                    out += Palette.marker(s.marker, x: x + 12, y: y, colour: s.colour, size: 3)
                case .fill(let i):
                    out += "<rect x=\"\(px(x + 2))\" y=\"\(px(y - 6))\" width=\"20\" height=\"12\" fill=\"\(Palette.fillAttribute(i, chart: id))\" stroke=\"\(Palette.axis)\" stroke-width=\"0.6\"/>"
                case .band(let c):
                    out += "<rect x=\"\(px(x + 2))\" y=\"\(px(y - 6))\" width=\"20\" height=\"12\" fill=\"\(c)\"/>"
                case .point(let m, let c):
                    out += Palette.marker(m, x: x + 12, y: y, colour: c)
                case .range:
                    out += "<rect x=\"\(px(x + 2))\" y=\"\(px(y - 6))\" width=\"20\" height=\"12\" fill=\"url(#\(id)-observed)\" stroke=\"\(Palette.ink)\" stroke-width=\"1.2\"/>"
                }
                out += "<text x=\"\(px(x + 30))\" y=\"\(px(y + 4))\">\(escaped(item.label))</text>"
            }
        }
        return out + "</g>"
    }

    /// The observed-range pattern (calibration targets): dense hatching in dark ink.
    var observedPattern: String {
        "<pattern id=\"\(id)-observed\" width=\"5\" height=\"5\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(-45)\">"
            + "<rect width=\"5\" height=\"5\" fill=\"#ffffff\" fill-opacity=\"0.6\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"5\" stroke=\"\(Palette.ink)\" stroke-width=\"1.4\"/></pattern>"
    }

    /// The opening of the SVG: title, pattern definitions, background and legend.
    func open() -> String {
        "<svg class=\"chart\" data-chart=\"\(escaped(kind))\" viewBox=\"0 0 \(px(width)) \(px(height))\" width=\"\(px(width))\" height=\"\(px(height))\" font-family=\"sans-serif\" font-size=\"12\" role=\"img\" aria-labelledby=\"\(id)-t\">"
            + "<title id=\"\(id)-t\">\(escaped(title))</title>"
            + "<defs>\(Palette.patterns(chart: id, count: patternCount))\(observedPattern)</defs>"
            + "<rect x=\"0\" y=\"0\" width=\"\(px(width))\" height=\"\(px(height))\" fill=\"#ffffff\"/>"
            + legendSVG()
    }

    /// A numeric x axis at the bottom: grid, ticks, labels and the axis title (with its unit).
    func xAxis(_ scale: LinearScale, _ ticks: Ticks, label: String, format: (Double) -> String, grid: Bool = true) -> String {
        var out = "<g class=\"axis x\">"
        for v in ticks.values {
            let x = scale(v)
            if grid { out += "<line x1=\"\(px(x))\" y1=\"\(px(top))\" x2=\"\(px(x))\" y2=\"\(px(bottom))\" stroke=\"\(Palette.grid)\"/>" }
            out += "<line x1=\"\(px(x))\" y1=\"\(px(bottom))\" x2=\"\(px(x))\" y2=\"\(px(bottom + 5))\" stroke=\"\(Palette.axis)\"/>"
            out += "<text class=\"tick-label x\" x=\"\(px(x))\" y=\"\(px(bottom + 18))\" text-anchor=\"middle\">\(escaped(format(v)))</text>"
        }
        out += "<line x1=\"\(px(left))\" y1=\"\(px(bottom))\" x2=\"\(px(right))\" y2=\"\(px(bottom))\" stroke=\"\(Palette.axis)\"/>"
        out += "<text class=\"axis-label x\" x=\"\(px((left + right) / 2))\" y=\"\(px(bottom + 40))\" text-anchor=\"middle\">\(escaped(label))</text>"
        return out + "</g>"
    }

    /// A numeric y axis on the left: grid, ticks, labels and the rotated axis title (with its unit).
    func yAxis(_ scale: LinearScale, _ ticks: Ticks, label: String, format: (Double) -> String) -> String {
        var out = "<g class=\"axis y\">"
        for v in ticks.values {
            let y = scale(v)
            out += "<line x1=\"\(px(left))\" y1=\"\(px(y))\" x2=\"\(px(right))\" y2=\"\(px(y))\" stroke=\"\(v == 0 ? "#b0b0b0" : Palette.grid)\"/>"
            out += "<text class=\"tick-label y\" x=\"\(px(left - 7))\" y=\"\(px(y + 4))\" text-anchor=\"end\">\(escaped(format(v)))</text>"
        }
        out += "<line x1=\"\(px(left))\" y1=\"\(px(top))\" x2=\"\(px(left))\" y2=\"\(px(bottom))\" stroke=\"\(Palette.axis)\"/>"
        let mid = (top + bottom) / 2
        out += "<text class=\"axis-label y\" x=\"\(px(-mid))\" y=\"16\" transform=\"rotate(-90)\" text-anchor=\"middle\">\(escaped(label))</text>"
        return out + "</g>"
    }

    /// Row names on the left of a row chart (full text in a tooltip when shortened), and the y-axis
    /// title above them.
    func rowLabels(_ labels: [String], center: (Int) -> Double, limit: Int, title: String) -> String {
        var out = "<g class=\"axis y rows\">"
        for (i, label) in labels.enumerated() {
            let short = shortened(label, limit)
            out += "<text class=\"row-label\" x=\"\(px(left - 8))\" y=\"\(px(center(i) + 4))\" text-anchor=\"end\">"
            if short != label { out += "<title>\(escaped(label))</title>" }
            out += "\(escaped(short))</text>"
        }
        out += "<line x1=\"\(px(left))\" y1=\"\(px(top))\" x2=\"\(px(left))\" y2=\"\(px(bottom))\" stroke=\"\(Palette.axis)\"/>"
        out += "<text class=\"axis-label rows\" x=\"8\" y=\"\(px(top - 6))\" text-anchor=\"start\">\(escaped(title))</text>"
        return out + "</g>"
    }

    /// The plot group with its scale metadata.
    func plot(x: LinearScale, y: LinearScale?, _ body: String) -> String {
        var attributes = " data-frame=\"\(px(left)) \(px(top)) \(px(right)) \(px(bottom))\""
        attributes += " data-x-domain=\"\(raw(x.domain.0)) \(raw(x.domain.1))\""
        if let y { attributes += " data-y-domain=\"\(raw(y.domain.0)) \(raw(y.domain.1))\"" }
        return "<g class=\"plot\"\(attributes)>\(body)</g>"
    }

    func close() -> String { "</svg>" }
}

/// Builds a polyline `points` attribute.
func polylinePoints(_ points: [(Double, Double)]) -> String {
    points.map { "\(px($0.0)),\(px($0.1))" }.joined(separator: " ")
}

/// A closed band between two lines over the same x values (upper left→right, lower right→left).
func bandPath(xs: [Double], lower: [Double], upper: [Double]) -> String {
    guard !xs.isEmpty else { return "" }
    var d = "M\(px(xs[0])) \(px(upper[0]))"
    for i in xs.indices.dropFirst() { d += "L\(px(xs[i])) \(px(upper[i]))" }
    for i in xs.indices.reversed() { d += "L\(px(xs[i])) \(px(lower[i]))" }
    return d + "Z"
}
