/// Philox4x64 counter-based generator (Salmon et al., "Parallel random numbers: as easy as
/// 1, 2, 3", SC'11), the Random123 family.
///
/// A counter-based generator is a keyed bijection: the output for a counter depends on nothing
/// else, so any trial, year or draw can be generated in any order on any thread and give the
/// same bits. That is what makes runs independent of thread count and chunk size.
public enum Philox4x64 {
    /// Word `index` (0…3) of a block.
    @inlinable @inline(__always)
    public static func word(_ block: (UInt64, UInt64, UInt64, UInt64), _ index: Int) -> UInt64 {
        switch index {
        case 0: return block.0
        case 1: return block.1
        case 2: return block.2
        default: return block.3
        }
    }

    /// Encrypts one 256-bit counter under a 128-bit key with `rounds` rounds (10 is the standard).
    @inlinable
    public static func block(
        counter: (UInt64, UInt64, UInt64, UInt64), key: (UInt64, UInt64), rounds: Int = 10
    ) -> (UInt64, UInt64, UInt64, UInt64) {
        if rounds == 10 { return block10(counter: counter, key: key) }
        var c = counter
        var k = key
        for round in 0..<rounds {
            if round > 0 {
                k.0 &+= 0x9E37_79B9_7F4A_7C15
                k.1 &+= 0xBB67_AE85_84CA_A73B
            }
            c = self.round(c, k)
        }
        return c
    }

    /// Philox4x64-10 with its rounds written out and the round keys as constant offsets (i·W mod 2⁶⁴), so the
    /// optimiser keeps everything in registers (the hot path of every draw).
    @inlinable @inline(__always)
    public static func block10(
        counter: (UInt64, UInt64, UInt64, UInt64), key: (UInt64, UInt64)
    ) -> (UInt64, UInt64, UInt64, UInt64) {
        let (k0, k1) = key
        var c = round(counter, (k0, k1))
        c = round(c, (k0 &+ 0x9E37_79B9_7F4A_7C15, k1 &+ 0xBB67_AE85_84CA_A73B))
        c = round(c, (k0 &+ 0x3C6E_F372_FE94_F82A, k1 &+ 0x76CF_5D0B_0995_4E76))
        c = round(c, (k0 &+ 0xDAA6_6D2C_7DDF_743F, k1 &+ 0x3237_0B90_8E5F_F5B1))
        c = round(c, (k0 &+ 0x78DD_E6E5_FD29_F054, k1 &+ 0xED9E_BA16_132A_9CEC))
        c = round(c, (k0 &+ 0x1715_609F_7C74_6C69, k1 &+ 0xA906_689B_97F5_4427))
        c = round(c, (k0 &+ 0xB54C_DA58_FBBE_E87E, k1 &+ 0x646E_1721_1CBF_EB62))
        c = round(c, (k0 &+ 0x5384_5412_7B09_6493, k1 &+ 0x1FD5_C5A6_A18A_929D))
        c = round(c, (k0 &+ 0xF1BB_CDCB_FA53_E0A8, k1 &+ 0xDB3D_742C_2655_39D8))
        c = round(c, (k0 &+ 0x8FF3_4785_799E_5CBD, k1 &+ 0x96A5_22B1_AB1F_E113))
        return c
    }

    /// Two Philox4x64-10 blocks under one key, their rounds interleaved: the bulk normal fill's
    /// generator. Two chains of dependent multiplications keep the multiplier busy while their
    /// eight state words, the two multipliers and the loop's own values still fit in the sixteen
    /// general registers of x86-64 (four blocks side by side spill to the stack, and one block alone
    /// leaves its 50-cycle chain exposed to every mispredicted branch that follows it).
    @inlinable @inline(__always)
    public static func twoBlocks10(
        _ counterA: (UInt64, UInt64, UInt64, UInt64), _ counterB: (UInt64, UInt64, UInt64, UInt64),
        key: (UInt64, UInt64)
    ) -> ((UInt64, UInt64, UInt64, UInt64), (UInt64, UInt64, UInt64, UInt64)) {
        var a = round(counterA, key)
        var b = round(counterB, key)
        var k = (key.0 &+ 0x9E37_79B9_7F4A_7C15, key.1 &+ 0xBB67_AE85_84CA_A73B)
        a = round(a, k)
        b = round(b, k)
        k = (key.0 &+ 0x3C6E_F372_FE94_F82A, key.1 &+ 0x76CF_5D0B_0995_4E76)
        a = round(a, k)
        b = round(b, k)
        k = (key.0 &+ 0xDAA6_6D2C_7DDF_743F, key.1 &+ 0x3237_0B90_8E5F_F5B1)
        a = round(a, k)
        b = round(b, k)
        k = (key.0 &+ 0x78DD_E6E5_FD29_F054, key.1 &+ 0xED9E_BA16_132A_9CEC)
        a = round(a, k)
        b = round(b, k)
        k = (key.0 &+ 0x1715_609F_7C74_6C69, key.1 &+ 0xA906_689B_97F5_4427)
        a = round(a, k)
        b = round(b, k)
        k = (key.0 &+ 0xB54C_DA58_FBBE_E87E, key.1 &+ 0x646E_1721_1CBF_EB62)
        a = round(a, k)
        b = round(b, k)
        k = (key.0 &+ 0x5384_5412_7B09_6493, key.1 &+ 0x1FD5_C5A6_A18A_929D)
        a = round(a, k)
        b = round(b, k)
        k = (key.0 &+ 0xF1BB_CDCB_FA53_E0A8, key.1 &+ 0xDB3D_742C_2655_39D8)
        a = round(a, k)
        b = round(b, k)
        k = (key.0 &+ 0x8FF3_4785_799E_5CBD, key.1 &+ 0x96A5_22B1_AB1F_E113)
        a = round(a, k)
        b = round(b, k)
        return (a, b)
    }

    /// Four Philox4x64-10 blocks under one key, their rounds interleaved: each block is a chain
    /// of ten dependent multiplications (~50 cycles of latency), so four chains side by side keep
    /// the multiplier busy where one alone would leave it idle. Their sixteen state words do not
    /// fit x86-64's registers next to a consumer with many live values of its own: the normal
    /// fill, which has them, uses ``twoBlocks10(_:_:key:)``; the count uniforms
    /// (``CountUniforms``), which only convert and store the words, use this one.
    @inlinable @inline(__always)
    public static func fourBlocks10(
        _ counterA: (UInt64, UInt64, UInt64, UInt64), _ counterB: (UInt64, UInt64, UInt64, UInt64),
        _ counterC: (UInt64, UInt64, UInt64, UInt64), _ counterD: (UInt64, UInt64, UInt64, UInt64),
        key: (UInt64, UInt64)
    ) -> ((UInt64, UInt64, UInt64, UInt64), (UInt64, UInt64, UInt64, UInt64),
          (UInt64, UInt64, UInt64, UInt64), (UInt64, UInt64, UInt64, UInt64)) {
        var a = round(counterA, key)
        var b = round(counterB, key)
        var c = round(counterC, key)
        var d = round(counterD, key)
        var k = key
        k = (key.0 &+ 0x9E37_79B9_7F4A_7C15, key.1 &+ 0xBB67_AE85_84CA_A73B)
        a = round(a, k)
        b = round(b, k)
        c = round(c, k)
        d = round(d, k)
        k = (key.0 &+ 0x3C6E_F372_FE94_F82A, key.1 &+ 0x76CF_5D0B_0995_4E76)
        a = round(a, k)
        b = round(b, k)
        c = round(c, k)
        d = round(d, k)
        k = (key.0 &+ 0xDAA6_6D2C_7DDF_743F, key.1 &+ 0x3237_0B90_8E5F_F5B1)
        a = round(a, k)
        b = round(b, k)
        c = round(c, k)
        d = round(d, k)
        k = (key.0 &+ 0x78DD_E6E5_FD29_F054, key.1 &+ 0xED9E_BA16_132A_9CEC)
        a = round(a, k)
        b = round(b, k)
        c = round(c, k)
        d = round(d, k)
        k = (key.0 &+ 0x1715_609F_7C74_6C69, key.1 &+ 0xA906_689B_97F5_4427)
        a = round(a, k)
        b = round(b, k)
        c = round(c, k)
        d = round(d, k)
        k = (key.0 &+ 0xB54C_DA58_FBBE_E87E, key.1 &+ 0x646E_1721_1CBF_EB62)
        a = round(a, k)
        b = round(b, k)
        c = round(c, k)
        d = round(d, k)
        k = (key.0 &+ 0x5384_5412_7B09_6493, key.1 &+ 0x1FD5_C5A6_A18A_929D)
        a = round(a, k)
        b = round(b, k)
        c = round(c, k)
        d = round(d, k)
        k = (key.0 &+ 0xF1BB_CDCB_FA53_E0A8, key.1 &+ 0xDB3D_742C_2655_39D8)
        a = round(a, k)
        b = round(b, k)
        c = round(c, k)
        d = round(d, k)
        k = (key.0 &+ 0x8FF3_4785_799E_5CBD, key.1 &+ 0x96A5_22B1_AB1F_E113)
        a = round(a, k)
        b = round(b, k)
        c = round(c, k)
        d = round(d, k)
        return (a, b, c, d)
    }

    /// One Philox round: two 64×64→128 multiplications, then the Feistel-like mix with the key.
    @inlinable @inline(__always)
    static func round(
        _ c: (UInt64, UInt64, UInt64, UInt64), _ k: (UInt64, UInt64)
    ) -> (UInt64, UInt64, UInt64, UInt64) {
        let (hi0, lo0) = UInt64(0xD2E7_470E_E14C_6C93).multipliedFullWidth(by: c.0)
        let (hi1, lo1) = UInt64(0xCA5A_8263_9512_1157).multipliedFullWidth(by: c.2)
        return (hi1 ^ c.1 ^ k.0, lo1, hi0 ^ c.3 ^ k.1, lo0)
    }
}
