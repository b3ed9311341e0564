import ScenarioLanguage

/// libFuzzer's entry point: compile the bytes as a scenario file, render the diagnostics, and
/// when the file compiles, render both check reports. Any trap, hang or leak here is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzScenario(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let result = ScenarioCompiler.compile(bytes: bytes, fileName: "fuzz.scenario")
    var sink = result.rendered().utf8.count
    if let scenario = result.scenario {
        sink &+= CheckReport.text(scenario, fileName: "fuzz.scenario").utf8.count
        sink &+= CheckReport.json(scenario, fileName: "fuzz.scenario").utf8.count
    }
    return sink == -1 ? 1 : 0
}
