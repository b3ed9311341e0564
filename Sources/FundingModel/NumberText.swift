/// Number-to-text without Foundation, identical on every platform: the one spelling of numbers
/// shared by `check` (ScenarioLanguage) and the CSV files (Export).
public enum NumberText {
    /// The shortest text that reads back as `x`: whole numbers below 10^15 without a fractional
    /// part (`20000000`, `-0` as `0`), anything else as Swift's shortest round-trip description
    /// (`0.45`, `1e-07`, `1e+16`); non-finite values as `nan`, `inf`, `-inf`.
    ///
    /// CSV cells (``Export``) and `check` use this, so a value reads the same in both.
    public static func exact(_ x: Double) -> String {
        guard x.isFinite else { return x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf") }
        if x == x.rounded(), abs(x) < 1e15 { return x == 0 ? "0" : String(Int64(x)) }
        return x.description
    }

    /// `x` to `digits` significant digits (integer parts are kept whole), in plain decimal notation between 1e-5 and 1e15
    /// (trailing zeros dropped: `0.45`, `150000`, `0.2007`), scientific notation outside.
    public static func significant(_ x: Double, _ digits: Int = 4) -> String {
        guard x.isFinite else { return exact(x) }
        if x == 0 { return "0" }
        let magnitude = abs(x)
        var exponent = Int((log10Approximation(magnitude)).rounded(.down))
        // Correct the estimate so that 10^exponent ≤ |x| < 10^(exponent+1).
        while exponent > -400 && power10(exponent) > magnitude { exponent -= 1 }
        while exponent < 400 && power10(exponent + 1) <= magnitude { exponent += 1 }
        guard exponent >= -5, exponent < 15 else { return scientific(x, digits, exponent) }
        let decimals = max(0, digits - 1 - exponent)
        let scaled = (magnitude * power10(decimals)).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9.0e18 else { return exact(x) }
        var text = String(UInt64(scaled))
        if decimals > 0 {
            if text.count <= decimals { text = String(repeating: "0", count: decimals - text.count + 1) + text }
            text.insert(".", at: text.index(text.endIndex, offsetBy: -decimals))
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return (x < 0 && text != "0" ? "-" : "") + text
    }

    private static func scientific(_ x: Double, _ digits: Int, _ exponent: Int) -> String {
        let mantissa = x / power10(exponent)
        var m = significant(mantissa, digits)
        var e = exponent
        if m == "10" || m == "-10" { m = x < 0 ? "-1" : "1"; e += 1 }
        return "\(m)e\(e)"
    }

    static func power10(_ n: Int) -> Double {
        var result = 1.0
        var base = 10.0
        var k = abs(n)
        while k > 0 {
            if k & 1 == 1 { result *= base }
            base *= base
            k >>= 1
        }
        return n < 0 ? 1 / result : result
    }

    /// log10 via the binary exponent and a short series: precise enough for a starting guess.
    private static func log10Approximation(_ x: Double) -> Double {
        Double(x.exponent) * 0.30102999566398120 + (x.significand - 1) * 0.30102999566398120 * 1.4426950408889634
    }

    /// A percentage for messages: `120%`, `2.5%`.
    public static func percent(_ fraction: Double) -> String {
        significant(fraction * 100, 6) + "%"
    }
}
