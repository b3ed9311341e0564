import Testing
@testable import BeyondPoCCLI

/// The progress line's text: label, bar, percentage, speed and time left.
@Suite struct ProgressTests {
    @Test func lineShowsSpeedAndTimeLeft() {
        let line = ProgressBar.line(label: "simulating", done: 2_500, total: 10_000, elapsedSeconds: 0.5)
        #expect(line == "simulating ███████······················· 25%  5,000 trials/s  2s left")
        let slow = ProgressBar.line(label: "66 splits", done: 48_200, total: 6_600_000, elapsedSeconds: 1)
        #expect(slow == "66 splits ······························ 0%  48,200 trials/s  2m16s left")
    }

    @Test func lineWithoutProgressYetHasNoSpeed() {
        #expect(ProgressBar.line(label: "simulating", done: 0, total: 100, elapsedSeconds: 0.2)
                == "simulating ······························ 0%")
        #expect(ProgressBar.line(label: "x", done: 100, total: 100, elapsedSeconds: 2)
                == "x ██████████████████████████████ 100%  50 trials/s")
    }

    @Test func durationsAndGrouping() {
        #expect(ProgressBar.duration(0.2) == "1s")
        #expect(ProgressBar.duration(65) == "1m05s")
        #expect(ProgressBar.duration(7380) == "2h03m")
        #expect(ProgressBar.grouped(999) == "999")
        #expect(ProgressBar.grouped(1_234_567) == "1,234,567")
    }
}
