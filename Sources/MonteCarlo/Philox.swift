/// Philox4x64 counter-based generator (Salmon et al., "Parallel random numbers: as easy as
/// 1, 2, 3", SC'11), the Random123 family.
///
/// A counter-based generator is a keyed bijection: the output for a counter depends on nothing
/// else, so any trial, year or draw can be generated in any order on any thread and give the
/// same bits. That is what makes runs independent of thread count and chunk size.
public enum Philox4x64 {
    /// The multipliers and Weyl increments of the reference implementation.
    static let multiplier0: UInt64 = 0xD2E7_470E_E14C_6C93
    static let multiplier1: UInt64 = 0xCA5A_8263_9512_1157
    static let weyl0: UInt64 = 0x9E37_79B9_7F4A_7C15
    static let weyl1: UInt64 = 0xBB67_AE85_84CA_A73B

    /// Encrypts one 256-bit counter under a 128-bit key with `rounds` rounds (10 is the standard).
    @inlinable
    public static func block(
        counter: (UInt64, UInt64, UInt64, UInt64), key: (UInt64, UInt64), rounds: Int = 10
    ) -> (UInt64, UInt64, UInt64, UInt64) {
        var c = counter
        var k = key
        for round in 0..<rounds {
            if round > 0 {
                k.0 &+= 0x9E37_79B9_7F4A_7C15
                k.1 &+= 0xBB67_AE85_84CA_A73B
            }
            let (hi0, lo0) = UInt64(0xD2E7_470E_E14C_6C93).multipliedFullWidth(by: c.0)
            let (hi1, lo1) = UInt64(0xCA5A_8263_9512_1157).multipliedFullWidth(by: c.2)
            c = (hi1 ^ c.1 ^ k.0, lo1, hi0 ^ c.3 ^ k.1, lo0)
        }
        return c
    }
}
