/// Reads an amount of money written as in scenarios (`60M€`, `1.5 bn€`, `800kEUR`, `2_000_000`),
/// for command-line options such as `sweep --budget`.
public enum MoneyAmount {
    /// The amount in euros, or nil when `text` is not a number followed by a money unit (or none).
    public static func parse(_ text: String) -> Double? {
        let compact = text.filter { $0 != " " && $0 != "_" }
        let numberPart = compact.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
        guard !numberPart.isEmpty, numberPart.filter({ $0 == "." }).count <= 1,
              let value = Double(String(numberPart)), value.isFinite else { return nil }
        let unit = String(compact.dropFirst(numberPart.count))
        let scale: Double
        if unit.isEmpty || unit == "€" {
            scale = 1
        } else if let s = Lexer.moneyWords[unit] {
            scale = s
        } else if unit.hasSuffix("€"), let s = Lexer.moneyPrefixes[String(unit.dropLast())] {
            scale = s
        } else {
            return nil
        }
        return value * scale
    }
}
