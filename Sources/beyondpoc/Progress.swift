import Foundation
import Synchronization

/// A progress line on stderr, redrawn at most ten times a second, only when stderr is a terminal:
/// `label ████······ 42%  48,200 trials/s  1m05s left`.
final class ProgressBar: Sendable {
    private let total: Int
    private let label: String
    private let started = DispatchTime.now().uptimeNanoseconds
    private let lastDraw = Mutex<UInt64>(0)

    init(total: Int, label: String) {
        self.total = total
        self.label = label
    }

    static func isTerminal() -> Bool { isatty(STDERR_FILENO) != 0 }

    func update(_ done: Int) {
        let now = DispatchTime.now().uptimeNanoseconds
        let shouldDraw = lastDraw.withLock { last in
            guard done >= total || now - last > 100_000_000 else { return false }
            last = now
            return true
        }
        guard shouldDraw else { return }
        // `\e[K` clears what a longer previous line left on the right.
        standardError("\r" + Self.line(label: label, done: done, total: total, elapsedSeconds: Double(now - started) * 1e-9) + "\u{1B}[K")
    }

    func finish() {
        standardError("\r\u{1B}[K")
    }

    /// The text of the progress line (no escape codes).
    static func line(label: String, done: Int, total: Int, elapsedSeconds: Double) -> String {
        let width = 30
        let fraction = total > 0 ? min(1, Double(done) / Double(total)) : 1
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        var text = "\(label) \(bar) \(Int(fraction * 100))%"
        // Speed and time left only once there is something to measure.
        guard done > 0, elapsedSeconds > 0 else { return text }
        let rate = Double(done) / elapsedSeconds
        text += "  \(grouped(Int(rate.rounded()))) trials/s"
        if done < total { text += "  \(duration(Double(total - done) / rate)) left" }
        return text
    }

    /// 48200 → "48,200".
    static func grouped(_ n: Int) -> String {
        let digits = String(n)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
            out.append(c)
        }
        return out
    }

    /// Whole seconds as `42s`, `1m05s` or `2h03m`.
    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded(.up))
        if s < 60 { return "\(s)s" }
        if s < 3600 { return String(format: "%dm%02ds", s / 60, s % 60) }
        return String(format: "%dh%02dm", s / 3600, (s % 3600) / 60)
    }
}
