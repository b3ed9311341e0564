import Foundation

/// Text made safe for XHTML and SVG: markup characters escaped, characters XML forbids dropped
/// (scenario titles, mix and parameter names are the user's text).
func escaped(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
        switch scalar {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
        default:
            // XML 1.0 allows no other C0 control, no lone surrogate (Swift has none), no U+FFFE/U+FFFF.
            if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
            out.unicodeScalars.append(scalar)
        }
    }
    return out
}

/// A coordinate with one decimal: enough for the eye, short for the file.
func px(_ x: Double) -> String {
    guard x.isFinite else { return "0" }
    let r = (x * 10).rounded() / 10
    return r == r.rounded() ? String(Int(r)) : String(format: "%.1f", r)
}

/// A raw value written in a data attribute (so that tests and tools can invert a chart's scale).
func raw(_ x: Double) -> String { x.isFinite ? "\(x)" : "NaN" }

/// Maps a domain interval linearly onto a pixel interval.
struct LinearScale: Sendable {
    var domain: (Double, Double)
    var range: (Double, Double)

    func callAsFunction(_ v: Double) -> Double {
        let span = domain.1 - domain.0
        guard span != 0 else { return (range.0 + range.1) / 2 }
        return range.0 + (v - domain.0) / span * (range.1 - range.0)
    }
}

/// Round tick values (1, 2 or 5 times a power of ten) covering an interval.
struct Ticks: Sendable {
    var lower: Double
    var upper: Double
    var step: Double
    var values: [Double]

    /// About `target` ticks from below `low` to above `high`; a degenerate interval is widened.
    init(_ low: Double, _ high: Double, target: Int = 5, integer: Bool = false) {
        var lo = low.isFinite ? low : 0, hi = high.isFinite ? high : 1
        if lo > hi { swap(&lo, &hi) }
        if hi - lo < 1e-12 * max(1, abs(hi)) {
            let pad = lo == 0 ? 1 : abs(lo) * 0.1
            lo -= pad
            hi += pad
            if low >= 0 && lo < 0 { lo = 0 }
        }
        let rough = (hi - lo) / Double(max(1, target))
        let magnitude = pow(10, (log10(rough)).rounded(.down))
        let residual = rough / magnitude
        var step = (residual < 1.5 ? 1 : residual < 3 ? 2 : residual < 7 ? 5 : 10) * magnitude
        if integer { step = max(1, step.rounded()) }
        self.step = step
        lower = (lo / step).rounded(.down) * step
        upper = (hi / step).rounded(.up) * step
        var values: [Double] = []
        var k = 0
        while true {
            let v = lower + Double(k) * step
            if v > upper + step * 1e-9 { break }
            values.append(abs(v) < step * 1e-9 ? 0 : v)
            k += 1
        }
        self.values = values
    }
}

/// Line styles that stay apart in greyscale: lightness steps and dash patterns together.
enum Palette {
    static let ink = "#222222"
    static let grid = "#e2e2e2"
    static let axis = "#555555"
    /// The mean of a fan chart and the first series.
    static let main = "#1f3b63"
    /// p25–p75 band and p05–p95 band of a fan chart: two clearly different lightnesses.
    static let bandInner = "#8ea8ca"
    static let bandOuter = "#d7e1ee"

    struct Stroke {
        var colour: String
        var dash: String?
        var marker: Marker
    }
    enum Marker { case circle, square, filledSquare, triangle, diamond, cross, none }

    /// For lines (acceptability curves, means of several variants).
    static let strokes: [Stroke] = [
        Stroke(colour: "#1f3b63", dash: nil, marker: .circle),
        Stroke(colour: "#c4601c", dash: "8 4", marker: .square),
        Stroke(colour: "#5b9a66", dash: "2 3", marker: .triangle),
        Stroke(colour: "#6e4a8e", dash: "10 3 2 3", marker: .diamond),
        Stroke(colour: "#777777", dash: "4 2", marker: .cross),
        Stroke(colour: "#a83232", dash: "1 2", marker: .circle),
    ]

    static func stroke(_ i: Int) -> Stroke { strokes[i % strokes.count] }

    /// For areas and bars: a fill (colour or pattern) per position, distinct in greyscale.
    enum Fill { case solid(String), hatch(String), dots(String), cross(String) }
    static let fills: [Fill] = [
        .solid("#1f3b63"), .hatch("#1f3b63"), .solid("#8ea8ca"), .solid("#f1d9b5"), .dots("#8a4a14"), .cross("#555555"),
    ]

    static func fill(_ i: Int) -> Fill { fills[i % fills.count] }

    /// The pattern definitions a chart with id `chart` needs for `count` fills.
    static func patterns(chart: String, count: Int) -> String {
        var out = ""
        for i in 0..<count {
            switch fill(i) {
            case .solid: continue
            case .hatch(let c):
                out += "<pattern id=\"\(chart)-f\(i)\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
                    + "<rect width=\"6\" height=\"6\" fill=\"#ffffff\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"\(c)\" stroke-width=\"2.5\"/></pattern>"
            case .dots(let c):
                out += "<pattern id=\"\(chart)-f\(i)\" width=\"5\" height=\"5\" patternUnits=\"userSpaceOnUse\">"
                    + "<rect width=\"5\" height=\"5\" fill=\"#ffffff\"/><circle cx=\"2.5\" cy=\"2.5\" r=\"1.3\" fill=\"\(c)\"/></pattern>"
            case .cross(let c):
                out += "<pattern id=\"\(chart)-f\(i)\" width=\"7\" height=\"7\" patternUnits=\"userSpaceOnUse\">"
                    + "<rect width=\"7\" height=\"7\" fill=\"#ffffff\"/><path d=\"M0 0L7 7M7 0L0 7\" stroke=\"\(c)\" stroke-width=\"1\"/></pattern>"
            }
        }
        return out
    }

    /// The `fill` attribute value of fill `i` in chart `chart`.
    static func fillAttribute(_ i: Int, chart: String) -> String {
        if case .solid(let c) = fill(i) { return c }
        return "url(#\(chart)-f\(i))"
    }

    /// A small marker at (x, y), so that lines differ even where their dashes cannot be seen.
    static func marker(_ m: Marker, x: Double, y: Double, colour: String, size: Double = 3.5) -> String {
        let s = size
        switch m {
        case .none: return ""
        case .circle: return "<circle cx=\"\(px(x))\" cy=\"\(px(y))\" r=\"\(px(s))\" fill=\"\(colour)\"/>"
        case .square: return "<rect x=\"\(px(x - s))\" y=\"\(px(y - s))\" width=\"\(px(2 * s))\" height=\"\(px(2 * s))\" fill=\"#ffffff\" stroke=\"\(colour)\" stroke-width=\"1.5\"/>"
        case .filledSquare: return "<rect x=\"\(px(x - s))\" y=\"\(px(y - s))\" width=\"\(px(2 * s))\" height=\"\(px(2 * s))\" fill=\"\(colour)\"/>"
        case .triangle:
            return "<path d=\"M\(px(x)) \(px(y - s * 1.2))L\(px(x + s * 1.1)) \(px(y + s * 0.8))L\(px(x - s * 1.1)) \(px(y + s * 0.8))Z\" fill=\"\(colour)\"/>"
        case .diamond:
            return "<path d=\"M\(px(x)) \(px(y - s * 1.3))L\(px(x + s)) \(px(y))L\(px(x)) \(px(y + s * 1.3))L\(px(x - s)) \(px(y))Z\" fill=\"#ffffff\" stroke=\"\(colour)\" stroke-width=\"1.5\"/>"
        case .cross:
            return "<path d=\"M\(px(x - s)) \(px(y - s))L\(px(x + s)) \(px(y + s))M\(px(x + s)) \(px(y - s))L\(px(x - s)) \(px(y + s))\" stroke=\"\(colour)\" stroke-width=\"1.8\"/>"
        }
    }
}

/// A rough width of `text` at the charts' 12 px font, to lay out labels and legends without a
/// text engine (wide enough for the common Latin letters).
func textWidth(_ text: String, fontSize: Double = 12) -> Double {
    Double(text.count) * fontSize * 0.53
}

/// `text` shortened to `limit` characters with an ellipsis (the full text goes in a tooltip).
func shortened(_ text: String, _ limit: Int) -> String {
    text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
}
