// Every group registers its benchmarks here; arguments select groups (none = all).
let all: [Benchmark] = monteCarloBenchmarks() + languageBenchmarks() + modelBenchmarks() + reductionBenchmarks() + engineBenchmarks()
let selected = Set(CommandLine.arguments.dropFirst())
for b in all where selected.isEmpty || selected.contains(b.group) {
    measure(b)
}
