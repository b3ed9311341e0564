import Foundation
import Testing
@testable import Export

@Suite struct OutputTransactionTests {
    func temporaryDirectory() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("beyondpoc-tx-\(UUID().uuidString)")
        return url
    }

    func listing(_ url: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).sorted()
    }

    @Test func commitMovesEveryFileIntoPlace() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let tx = try OutputTransaction(directory: dir)
        try tx.write("a.csv", bytes: Array("x,y\n1,2\n".utf8))
        let streamed = try tx.open("b.csv")
        try streamed.write("header\n")
        for i in 0..<100_000 { try streamed.write("\(i)\n") }
        try streamed.close()
        #expect(listing(dir).filter { !$0.hasPrefix(".") } == [])
        try tx.commit()
        #expect(listing(dir) == ["a.csv", "b.csv"])
        #expect(try String(contentsOf: dir.appendingPathComponent("a.csv"), encoding: .utf8) == "x,y\n1,2\n")
        let lines = try String(contentsOf: dir.appendingPathComponent("b.csv"), encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 100_001)
        #expect(lines.last == "99999")
    }

    @Test func abortLeavesPreviousFilesUntouched() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Data("old\n".utf8).write(to: dir.appendingPathComponent("summary.csv"))
        let tx = try OutputTransaction(directory: dir)
        try tx.write("summary.csv", bytes: Array("new, half-writ".utf8))
        tx.abort()
        #expect(listing(dir) == ["summary.csv"])
        #expect(try String(contentsOf: dir.appendingPathComponent("summary.csv"), encoding: .utf8) == "old\n")
    }

    @Test func staleStagingOfADeadProcessIsRemoved() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // PID 2^22 + 7 exceeds Linux's pid_max default, so no such process exists.
        let stale = dir.appendingPathComponent(".beyondpoc-partial-4194311")
        try FileManager.default.createDirectory(at: stale, withIntermediateDirectories: true)
        let tx = try OutputTransaction(directory: dir)
        tx.abort()
        #expect(listing(dir) == [])
    }

    @Test func unwritableFolderIsReportedWithItsPath() {
        #expect(throws: OutputError.self) {
            _ = try OutputTransaction(directory: URL(fileURLWithPath: "/proc/beyondpoc-cannot-exist"))
        }
    }
}
