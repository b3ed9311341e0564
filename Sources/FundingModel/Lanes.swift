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

// Lane versions of the kernel's scalar helpers, with the same results bit for bit: the
// compiler vectorises few of the kernel's loops by itself (it cannot prove that rows do not
// alias), so hot loops are written on `Lanes`.

/// `max(a, b)` lane by lane, as Swift's `max` (`b >= a ? b : a`, so a NaN `b` gives `a`).
@inline(__always) func maximum(_ a: Lanes, _ b: Lanes) -> Lanes { a.replacing(with: b, where: b .>= a) }

/// `min(a, b)` lane by lane, as Swift's `min` (`b < a ? b : a`).
@inline(__always) func minimum(_ a: Lanes, _ b: Lanes) -> Lanes { a.replacing(with: b, where: b .< a) }

/// `min(1, max(0, x))` lane by lane.
@inline(__always) func clampedToUnit(_ x: Lanes) -> Lanes {
    minimum(Lanes(repeating: 1), maximum(Lanes(), x))
}

/// ⌊t⌋ for 0 ≤ t < 2⁵² without libm: t + 2⁵² − 2⁵² rounds to the nearest whole number, one
/// less when that went up.
@inline(__always) func floorOfNonNegative(_ t: Lanes) -> Lanes {
    let magic = Lanes(repeating: 0x1p52)
    let r = (t + magic) - magic
    return r.replacing(with: r - 1, where: r .> t)
}

/// ``wholeCount(_:)`` lane by lane.
@inline(__always) func wholeCounts(_ x: Lanes) -> Lanes {
    let large = x .>= Lanes(repeating: 0x1p52)
    let rounded = floorOfNonNegative((x + 0.5).replacing(with: 0, where: large))
    return Lanes().replacing(with: rounded.replacing(with: x, where: large), where: x .> Lanes())
}

/// ``wholeYears(_:minimum:limit:)`` lane by lane, as doubles.
@inline(__always) func wholeYearValues(_ x: Lanes, minimum: Int, limit: Int) -> Lanes {
    let lo = Lanes(repeating: Double(minimum)), hi = Lanes(repeating: Double(limit))
    let inside = x .>= lo
    let rounded = floorOfNonNegative((x + 0.5).replacing(with: 0, where: .!inside .| .!(x .< hi)))
    return hi.replacing(with: lo.replacing(with: rounded, where: inside), where: x .< hi)
}

/// ``floorCount(_:)`` lane by lane.
@inline(__always) func floorCounts(_ x: Lanes) -> Lanes {
    let large = x .>= Lanes(repeating: 0x1p52)
    let floored = floorOfNonNegative((x + 1e-9).replacing(with: 0, where: large .| .!(x .> Lanes())))
    return Lanes().replacing(with: floored.replacing(with: x, where: large), where: x .> Lanes())
}
