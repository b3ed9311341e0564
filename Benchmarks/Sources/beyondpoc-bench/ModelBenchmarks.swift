import FundingModel

func modelBenchmarks() -> [Benchmark] {
    []
}
