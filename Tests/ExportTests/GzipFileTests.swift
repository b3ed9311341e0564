import Foundation
import Testing
@testable import Export

/// `--gzip` output: a gzip stream that the system's `gzip -d` reads back byte for byte, and the
/// byte-buffer number spelling of the per-trial files, which must equal ``CSVFormatter/number(_:)``.
@Suite struct GzipFileTests {
    /// Decompresses `file` with the system's gzip tool (an independent decoder).
    static func gunzip(_ file: URL) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gzip", "-dc", file.path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return data
    }

    @Test func gzipStreamReadsBackByteForByte() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("beyondpoc-gzip-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let tx = try OutputTransaction(directory: dir)
        let gzip = try GzipFile(file: try tx.open("t.csv.gz"), level: PerTrialFiles.gzipLevel)
        // 3 MB in uneven pieces: more than the compressed-output buffer, with an empty write between.
        var expected: [UInt8] = []
        var state: UInt64 = 12345
        for piece in 0 ..< 300 {
            var bytes: [UInt8] = []
            for _ in 0 ..< (piece * 67) % 20_011 {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                bytes.append(UInt8(ascii: "0") + UInt8((state >> 33) % 10))
            }
            expected += bytes
            try gzip.write(bytes)
            try gzip.write([])
        }
        try gzip.close()
        try tx.commit()
        let compressed = try Data(contentsOf: dir.appendingPathComponent("t.csv.gz"))
        #expect(compressed.prefix(3) == Data([0x1F, 0x8B, 0x08]))  // gzip magic and deflate method
        #expect(compressed.count < expected.count / 2)
        #expect(try [UInt8](Self.gunzip(dir.appendingPathComponent("t.csv.gz"))) == expected)
    }

    @Test func emptyGzipStreamIsAValidEmptyFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("beyondpoc-gzip-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let tx = try OutputTransaction(directory: dir)
        let gzip = try GzipFile(file: try tx.open("e.csv.gz"), level: 1)
        try gzip.close()
        try tx.commit()
        #expect(try Self.gunzip(dir.appendingPathComponent("e.csv.gz")).isEmpty)
    }

    @Test(arguments: [CSVDialect.standard, .excelFR])
    func appendedNumbersSpellLikeNumber(dialect: CSVDialect) {
        let formatter = CSVFormatter(dialect: dialect)
        let values: [Double] = [0, -0.0, 1, -1, 7, 10, 100, 2026, 1_500_000, -3_600_000, 999_999_999_999_999,
                                1e15, -1e15, 2.5e17, 0.45, -0.125, 1.0 / 3.0, 1e-5, 123456.789, .nan, .infinity, -.infinity,
                                Double(Int64.max), 4_503_599_627_370_497]
        for value in values {
            var buffer: [UInt8] = [0x7C]
            formatter.appendNumber(value, to: &buffer)
            #expect(buffer == [0x7C] + Array(formatter.number(value).utf8), "\(value)")
        }
    }
}
