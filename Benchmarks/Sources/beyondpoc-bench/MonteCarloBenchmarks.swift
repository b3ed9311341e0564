import Dispatch
import MonteCarlo

/// Group "montecarlo": the engine's raw rates (DESIGN §4; targets in the MonteCarlo brief).
/// Run: swift run -c release --package-path Benchmarks beyondpoc-bench montecarlo
func monteCarloBenchmarks() -> [Benchmark] {
    let n = 1 << 22
    let normals = UnsafeMutableBufferPointer<Double>.allocate(capacity: n)
    let key = StreamKey(seed: 1, name: "bench")
    var benchmarks: [Benchmark] = []

    benchmarks.append(Benchmark(group: "montecarlo", name: "philox4x64-10 words, 1 core", unit: "words") {
        var acc: UInt64 = 0
        for i in 0..<UInt64(n / 4) {
            let b = Philox4x64.block(counter: (i, 0, 0, 0), key: (1, 2))
            acc ^= b.0 ^ b.1 ^ b.2 ^ b.3
        }
        return acc == 42 ? n + 1 : n
    })

    benchmarks.append(Benchmark(group: "montecarlo", name: "philox x4 interleaved words, 1 core", unit: "words") {
        let w = UnsafeMutableRawPointer(normals.baseAddress!).bindMemory(to: UInt64.self, capacity: n)
        var i = 0
        while i + 16 <= n {
            let c = UInt64(i >> 2)
            let (a, b, e, f) = Philox4x64.fourBlocks10((c, 0, 0, 0), (c + 1, 0, 0, 0), (c + 2, 0, 0, 0), (c + 3, 0, 0, 0), key: (1, 2))
            w[i] = a.0; w[i+1] = a.1; w[i+2] = a.2; w[i+3] = a.3
            w[i+4] = b.0; w[i+5] = b.1; w[i+6] = b.2; w[i+7] = b.3
            w[i+8] = e.0; w[i+9] = e.1; w[i+10] = e.2; w[i+11] = e.3
            w[i+12] = f.0; w[i+13] = f.1; w[i+14] = f.2; w[i+15] = f.3
            i += 16
        }
        return n
    })

    benchmarks.append(Benchmark(group: "montecarlo", name: "fillNormals (ziggurat), 1 core", unit: "normals") {
        Draws.fillNormals(key: key, year: Draws.perTrial, draw: 0, firstTrial: 0, into: normals)
        return n
    })
    benchmarks.append(Benchmark(group: "montecarlo", name: "fillUniforms, 1 core", unit: "uniforms") {
        Draws.fillUniforms(key: key, year: Draws.perTrial, draw: 0, firstTrial: 0, into: normals)
        return n
    })
    return benchmarks
}
