import ScenarioLanguage

func languageBenchmarks() -> [Benchmark] {
    []
}
