import Foundation

/// The language a report is written in: its titles, its words and how its numbers are spelled.
public enum ReportLanguage: String, Sendable, CaseIterable {
    /// English: `1,234.5 M€`.
    case en
    /// French: `1 234,5 M€` (narrow no-break space between thousands, decimal comma).
    case fr

    /// The English or the French text.
    func pick(_ english: String, _ french: String) -> String { self == .en ? english : french }

    var decimalMark: String { self == .en ? "." : "," }
    /// en: a comma; fr: U+202F NARROW NO-BREAK SPACE, so that a number never breaks across lines.
    var groupSeparator: String { self == .en ? "," : "\u{202F}" }
    /// Between a number and its unit: a no-break space, so `12,5 M€` stays on one line.
    static let unitSpace = "\u{00A0}"

    /// `x` with `decimals` digits after the mark and grouped thousands (`grouped: false` for years).
    func number(_ x: Double, decimals: Int, grouped: Bool = true) -> String {
        guard x.isFinite else { return "—" }
        let rounded = (x * pow(10, Double(decimals))).rounded() / pow(10, Double(decimals))
        // -0.0 after rounding prints as 0.
        let value = rounded == 0 ? 0 : rounded
        let plain = String(format: "%.\(max(0, decimals))f", abs(value))
        let parts = plain.split(separator: ".", omittingEmptySubsequences: false)
        var integer = String(parts[0])
        if grouped && integer.count > 3 {
            var out = ""
            for (i, ch) in integer.reversed().enumerated() {
                if i > 0 && i % 3 == 0 { out.append(contentsOf: groupSeparator.reversed()) }
                out.append(ch)
            }
            integer = String(out.reversed())
        }
        let fraction = parts.count > 1 ? decimalMark + parts[1] : ""
        return (value < 0 ? "−" : "") + integer + fraction
    }

    /// A share in 0…1 as a percentage: `25%` / `25 %`.
    func percent(_ share: Double, decimals: Int = 0) -> String {
        guard share.isFinite else { return "—" }
        return number(100 * share, decimals: decimals) + (self == .en ? "%" : ReportLanguage.unitSpace + "%")
    }
}
