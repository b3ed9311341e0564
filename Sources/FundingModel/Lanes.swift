/// Four trials at a time: the hot loops of the solution cohorts are written on SIMD vectors
/// because the compiler will not vectorise loops that touch this many rows (it cannot prove the
/// rows do not alias). On the baseline x86-64 target a `SIMD4<Double>` is two SSE2 registers.
typealias Lanes = SIMD4<Double>

extension UnsafeMutablePointer where Pointee == Double {
    /// Trials i ..< i + width (width ≤ 4) as a vector, zero past `width`.
    @inline(__always) func lanes(_ i: Int, _ width: Int) -> Lanes {
        // Element by element (merged into vector loads): the generic `loadUnaligned` is not
        // always inlined.
        if width == 4 { return Lanes(self[i], self[i &+ 1], self[i &+ 2], self[i &+ 3]) }
        var v = Lanes()
        for j in 0 ..< width { v[j] = self[i + j] }
        return v
    }

    /// Stores the first `width` lanes of `v` at trials i ..< i + width.
    @inline(__always) func setLanes(_ i: Int, _ width: Int, _ v: Lanes) {
        if width == 4 {
            self[i] = v[0]; self[i &+ 1] = v[1]; self[i &+ 2] = v[2]; self[i &+ 3] = v[3]
        } else {
            for j in 0 ..< width { self[i + j] = v[j] }
        }
    }

    /// `self[i ..< i + width] += v`.
    @inline(__always) func addLanes(_ i: Int, _ width: Int, _ v: Lanes) {
        setLanes(i, width, lanes(i, width) + v)
    }
}

extension ChunkKernel {
    /// Calls `body(i, width)` over the chunk's trials in blocks of four (the last may be shorter).
    @inline(__always) func forEachLanes(_ body: (Int, Int) -> Void) {
        // Whole blocks with a constant width (the width tests of `lanes` fold away), then the tail.
        var i = 0
        while i &+ 4 <= n {
            body(i, 4)
            i &+= 4
        }
        if i < n { body(i, n &- i) }
    }
}
