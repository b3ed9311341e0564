import BeyondPoC

/// libFuzzer's entry point: compile the bytes as a scenario file and render the diagnostics; when
/// the file compiles, render both check reports and simulate a few trials of the baseline and of
/// every mix. Any trap, hang or leak here is a bug: whatever compiles must also run.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzScenario(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let result = ScenarioCompiler.compile(bytes: bytes, fileName: "fuzz.scenario")
    var sink = result.rendered().utf8.count
    if let scenario = result.scenario {
        sink &+= CheckReport.text(scenario, fileName: "fuzz.scenario").utf8.count
        sink &+= CheckReport.json(scenario, fileName: "fuzz.scenario").utf8.count
        let configuration = RunConfiguration(trials: 16, seed: 1, threads: 1, chunkSize: 256)
        if let run = try? Engine.run(Variant.of(scenario), configuration: configuration, compare: true) {
            sink &+= run.variants.count
        }
    }
    return sink == -1 ? 1 : 0
}
