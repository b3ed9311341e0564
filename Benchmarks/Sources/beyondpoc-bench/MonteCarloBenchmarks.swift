import MonteCarlo

func monteCarloBenchmarks() -> [Benchmark] {
    []
}
