/// The key of a random stream: the run's seed and a stable hash of what is drawn
/// (a parameter path such as `poc.success`, or an internal name such as `passage:poc:recherche`).
///
/// Because the key depends only on the seed and the name, a value keeps its draws when other
/// parameters are added or removed, and every mix of a comparison sees the same draws for the
/// values it shares with the baseline (common random numbers without bookkeeping).
public struct StreamKey: Hashable, Sendable {
    /// The run's seed (Philox key word 0).
    public var seed: UInt64
    /// The stream: a hash of the drawn thing's name (Philox key word 1).
    public var stream: UInt64

    /// A key from its two words.
    public init(seed: UInt64, stream: UInt64) {
        self.seed = seed
        self.stream = stream
    }

    /// The key for a named stream: `stream` is ``StableHash/of(_:)`` of the name.
    public init(seed: UInt64, name: String) {
        self.init(seed: seed, stream: StableHash.of(name))
    }
}

/// A hash that never changes between runs, platforms or Swift versions (unlike `Hasher`).
public enum StableHash {
    /// FNV-1a over the UTF-8 bytes, then the SplitMix64 finaliser to spread the bits.
    public static func of(_ name: String) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in name.utf8 {
            h ^= UInt64(byte)
            h = h &* 0x0000_0100_0000_01B3
        }
        return mix(h)
    }

    /// SplitMix64's finaliser: a bijection with good avalanche.
    @inlinable
    public static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
