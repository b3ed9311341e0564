import Foundation

/// A benchmark: `run` does the work once and returns how many items it processed.
struct Benchmark {
    var group: String
    var name: String
    /// What one item is ("normals", "trials", "lines"), for the throughput column.
    var unit: String
    var repetitions: Int = 7
    var run: () -> Int
}

/// Times each benchmark `repetitions` times after one warm-up run and reports the median
/// (the machine is shared and noisy: medians, not means).
func measure(_ b: Benchmark) {
    _ = b.run()
    var seconds: [Double] = []
    var items = 0
    for _ in 0..<b.repetitions {
        let start = DispatchTime.now().uptimeNanoseconds
        items = b.run()
        seconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    seconds.sort()
    let median = seconds[seconds.count / 2]
    let rate = Double(items) / median
    print(String(format: "%-10@ %-44@ median %9.4f s  min %9.4f s  %10.1f M %@/s",
                 b.group as NSString, b.name as NSString, median, seconds[0], rate / 1e6, b.unit as NSString))
}
