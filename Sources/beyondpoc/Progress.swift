import Foundation
import Synchronization

/// A progress bar on stderr, redrawn at most ten times a second, only when stderr is a terminal.
final class ProgressBar: Sendable {
    private let total: Int
    private let label: String
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
        let width = 30
        let fraction = total > 0 ? Double(done) / Double(total) : 1
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        standardError("\r\(label) \(bar) \(Int(fraction * 100))%")
    }

    func finish() {
        standardError("\r\u{1B}[K")
    }
}
