import Foundation

/// A vertical reference line across a row chart (zero, EVPI, the base value of a tornado).
struct ReferenceLine {
    var value: Double
    var label: String
    var dashed = true
}

extension Charts {
    /// A chart with one named row per item and a numeric x axis: the shared frame of the forest
    /// plot, tornado, Sobol', correlation, EVPPI and calibration charts. `draw` gets the x scale, the
    /// row index and the row's centre line.
    func rows(
        kind: String, title: String, labels: [String], rowTitle: String, legend: [LegendItem] = [], patternCount: Int = 0,
        values: [Double], includeZero: Bool = true, domain: (Double, Double)? = nil,
        xLabel: String, xFormat: @escaping (Double, Double) -> String,
        notesHeader: String? = nil, notes: [String]? = nil, references: [ReferenceLine] = [], rowHeight: Double = 24,
        draw: (LinearScale, Int, Double) -> String
    ) -> String {
        let limit = 42
        let labelWidth = (labels.map { textWidth(shortened($0, limit)) }.max() ?? 40)
        let notesWidth = notes.map { n in max(textWidth(notesHeader ?? ""), n.map { textWidth($0) }.max() ?? 0) + 18 } ?? 0
        var frame = ChartFrame(id: newID(), kind: kind, title: title,
                               plotHeight: rowHeight * Double(max(1, labels.count)) + 8,
                               marginLeft: min(320, max(90, labelWidth + 18)).rounded(), marginRight: (24 + notesWidth).rounded())
        frame.legend = legend
        frame.patternCount = patternCount
        var finite = values.filter(\.isFinite) + references.map(\.value).filter(\.isFinite)
        if includeZero { finite.append(0) }
        let ticks = domain.map { Ticks($0.0, $0.1) } ?? Ticks(finite.min() ?? 0, finite.max() ?? 1)
        let x = LinearScale(domain: (ticks.lower, ticks.upper), range: (frame.left, frame.right))
        let center: (Int) -> Double = { frame.top + 4 + rowHeight * (Double($0) + 0.5) }
        var out = frame.open()
        out += frame.xAxis(x, ticks, label: xLabel, format: { xFormat($0, ticks.step) })
        out += frame.rowLabels(labels, center: center, limit: limit, title: rowTitle)
        var body = ""
        for (i, _) in labels.enumerated() where i % 2 == 1 {
            body += "<rect x=\"\(px(frame.left))\" y=\"\(px(center(i) - rowHeight / 2))\" width=\"\(px(frame.right - frame.left))\" height=\"\(px(rowHeight))\" fill=\"#000000\" fill-opacity=\"0.035\"/>"
        }
        for r in references {
            let rx = x(r.value)
            body += "<line class=\"reference\" x1=\"\(px(rx))\" y1=\"\(px(frame.top))\" x2=\"\(px(rx))\" y2=\"\(px(frame.bottom))\" stroke=\"\(Palette.ink)\" stroke-width=\"1\"" + (r.dashed ? " stroke-dasharray=\"4 3\"" : "") + "/>"
            if !r.label.isEmpty {
                let anchorEnd = rx > (frame.left + frame.right) / 2
                body += "<text class=\"reference-label\" x=\"\(px(rx + (anchorEnd ? -4 : 4)))\" y=\"\(px(frame.top - 4))\" text-anchor=\"\(anchorEnd ? "end" : "start")\">\(escaped(r.label))</text>"
            }
        }
        for i in labels.indices { body += draw(x, i, center(i)) }
        out += frame.plot(x: x, y: nil, body)
        if let notes {
            let nx = frame.right + 14
            if let notesHeader {
                out += "<text class=\"notes-header\" x=\"\(px(nx))\" y=\"\(px(frame.top - 6))\">\(escaped(notesHeader))</text>"
            }
            for (i, note) in notes.enumerated() {
                out += "<text class=\"note\" x=\"\(px(nx))\" y=\"\(px(center(i) + 4))\">\(escaped(note))</text>"
            }
        }
        return out + frame.close()
    }

    /// A horizontal whisker from `low` to `high` with end caps.
    static func whisker(_ x: LinearScale, low: Double, high: Double, y: Double, colour: String = Palette.ink, cap: Double = 4, width: Double = 1.4) -> String {
        guard low.isFinite, high.isFinite else { return "" }
        let a = x(low), b = x(high)
        return "<path class=\"whisker\" d=\"M\(px(a)) \(px(y))L\(px(b)) \(px(y))M\(px(a)) \(px(y - cap))L\(px(a)) \(px(y + cap))M\(px(b)) \(px(y - cap))L\(px(b)) \(px(y + cap))\" stroke=\"\(colour)\" stroke-width=\"\(px(width))\" fill=\"none\"/>"
    }

    /// A horizontal bar between two values.
    static func bar(_ x: LinearScale, from a: Double, to b: Double, y: Double, height: Double, fill: String, cls: String = "bar") -> String {
        guard a.isFinite, b.isFinite else { return "" }
        let x0 = min(x(a), x(b)), x1 = max(x(a), x(b))
        return "<rect class=\"\(cls)\" x=\"\(px(x0))\" y=\"\(px(y - height / 2))\" width=\"\(px(max(0.8, x1 - x0)))\" height=\"\(px(height))\" fill=\"\(fill)\" stroke=\"\(Palette.axis)\" stroke-width=\"0.6\"/>"
    }
}
