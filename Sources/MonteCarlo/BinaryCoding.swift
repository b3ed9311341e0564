/// Little-endian binary encoding for state that is saved and merged later (a shard's partial
/// result, DESIGN §11). Doubles are stored by bit pattern, so a value read back is the same bits.
public struct BinaryWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    public mutating func append(_ value: UInt64) {
        var v = value
        for _ in 0..<8 {
            bytes.append(UInt8(truncatingIfNeeded: v))
            v >>= 8
        }
    }

    public mutating func append(_ value: UInt32) {
        var v = value
        for _ in 0..<4 {
            bytes.append(UInt8(truncatingIfNeeded: v))
            v >>= 8
        }
    }

    public mutating func append(_ value: Int) { append(UInt64(bitPattern: Int64(value))) }
    public mutating func append(_ value: Double) { append(value.bitPattern) }

    /// Unsigned LEB128: small numbers (most sketch counts) take one byte.
    public mutating func appendVarint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    /// A UTF-8 string preceded by its byte length.
    public mutating func append(_ string: String) {
        let utf8 = Array(string.utf8)
        append(UInt64(utf8.count))
        bytes += utf8
    }

    public mutating func append(raw: [UInt8]) { bytes += raw }

    /// Many 64-bit words at once, little-endian (a copy on little-endian machines).
    public mutating func append(words: [UInt64]) {
        let little = words.map(\.littleEndian)
        little.withUnsafeBytes { bytes += $0 }
    }
}

/// Why saved state cannot be read: it is shorter than it says, or a value is out of range.
public struct BinaryFormatError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Reads what ``BinaryWriter`` wrote, checking every length against the bytes left.
public struct BinaryReader {
    public let bytes: [UInt8]
    public private(set) var position: Int
    public let end: Int

    public init(_ bytes: [UInt8], from start: Int = 0, to end: Int? = nil) {
        self.bytes = bytes
        position = start
        self.end = end ?? bytes.count
    }

    public var remaining: Int { end - position }

    private mutating func need(_ n: Int) throws(BinaryFormatError) {
        guard n >= 0, n <= remaining else { throw BinaryFormatError("truncated at byte \(position)") }
    }

    public mutating func uint64() throws(BinaryFormatError) -> UInt64 {
        try need(8)
        var v: UInt64 = 0
        for k in 0..<8 { v |= UInt64(bytes[position + k]) << (8 * UInt64(k)) }
        position += 8
        return v
    }

    public mutating func uint32() throws(BinaryFormatError) -> UInt32 {
        try need(4)
        var v: UInt32 = 0
        for k in 0..<4 { v |= UInt32(bytes[position + k]) << (8 * UInt32(k)) }
        position += 4
        return v
    }

    public mutating func int() throws(BinaryFormatError) -> Int { Int(Int64(bitPattern: try uint64())) }
    public mutating func double() throws(BinaryFormatError) -> Double { Double(bitPattern: try uint64()) }

    /// A non-negative count no larger than `limit` (a guard against corrupt lengths).
    public mutating func count(atMost limit: Int) throws(BinaryFormatError) -> Int {
        let n = try uint64()
        guard n <= UInt64(limit) else { throw BinaryFormatError("a length of \(n) at byte \(position - 8) is too large") }
        return Int(n)
    }

    public mutating func varint() throws(BinaryFormatError) -> UInt64 {
        var v: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            try need(1)
            let b = bytes[position]
            position += 1
            guard shift < 64 else { throw BinaryFormatError("a varint at byte \(position) is too long") }
            v |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return v }
            shift += 7
        }
    }

    public mutating func string() throws(BinaryFormatError) -> String {
        let n = try count(atMost: remaining)
        let s = String(decoding: bytes[position ..< position + n], as: UTF8.self)
        position += n
        return s
    }

    /// `n` little-endian 64-bit words.
    public mutating func words(_ n: Int) throws(BinaryFormatError) -> [UInt64] {
        guard n >= 0, n <= remaining / 8 else { throw BinaryFormatError("truncated at byte \(position)") }
        var result = [UInt64](repeating: 0, count: n)
        result.withUnsafeMutableBytes { target in
            bytes.withUnsafeBytes { source in
                target.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[position ..< position + 8 * n]))
            }
        }
        position += 8 * n
        return result.map(UInt64.init(littleEndian:))
    }

    public mutating func raw(_ n: Int) throws(BinaryFormatError) -> [UInt8] {
        try need(n)
        defer { position += n }
        return Array(bytes[position ..< position + n])
    }
}
