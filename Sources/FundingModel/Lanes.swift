/// Four trials at a time: the hot loops of the solution cohorts are written on SIMD vectors
/// because the compiler will not vectorise loops that touch this many rows (it cannot prove the
/// rows do not alias). On the baseline x86-64 target a `SIMD4<Double>` is two SSE2 registers.
typealias Lanes = SIMD4<Double>

extension UnsafeMutablePointer where Pointee == Double {
    /// Trials i ..< i + width (width ≤ 4) as a vector, zero past `width`.
    @inline(__always) func lanes(_ i: Int, _ width: Int) -> Lanes {
        if width == 4 { return UnsafeRawPointer(self + i).loadUnaligned(as: Lanes.self) }
        var v = Lanes()
        for j in 0 ..< width { v[j] = self[i + j] }
        return v
    }

    /// Stores the first `width` lanes of `v` at trials i ..< i + width.
    @inline(__always) func setLanes(_ i: Int, _ width: Int, _ v: Lanes) {
        if width == 4 {
            UnsafeMutableRawPointer(self + i).storeBytes(of: v, as: Lanes.self)
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
        var i = 0
        while i < n {
            body(i, min(4, n - i))
            i += 4
        }
    }
}
