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
        try Data("{}\n".utf8).write(to: dir.appendingPathComponent("run.json"))
        let tx = try OutputTransaction(directory: dir)
        try tx.write("summary.csv", bytes: Array("new, half-writ".utf8))
        tx.abort()
        #expect(listing(dir) == ["run.json", "summary.csv"])
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

/// The folder swap: stale beyondpoc files go, foreign entries stay, cancels and killed runs recover.
@Suite struct OutputFolderSwapTests {
    let fm = FileManager.default

    func listing(_ url: URL) -> [String] {
        ((try? fm.contentsOfDirectory(atPath: url.path)) ?? []).sorted()
    }

    func text(_ url: URL, _ name: String) throws -> String {
        try String(contentsOf: url.appendingPathComponent(name), encoding: .utf8)
    }

    /// `root/out` with an old run's files (run.json listing them, one of them `custom.csv`), a
    /// foreign file and a foreign sub-folder.
    func oldFolder() throws -> (root: URL, out: URL) {
        let root = fm.temporaryDirectory.appendingPathComponent("beyondpoc-swap-\(UUID().uuidString)")
        let out = root.appendingPathComponent("out")
        try fm.createDirectory(at: out.appendingPathComponent("part-1-of-2"), withIntermediateDirectories: true)
        for (name, body) in [("summary.csv", "old summary\n"), ("trials.csv", "old trials\n"), ("custom.csv", "old custom\n"),
                             ("run.json", #"{"files": ["summary.csv", "trials.csv", "custom.csv", "run.json"]}"#),
                             ("notes.txt", "mine\n"), ("part-1-of-2/part.json", "{}\n")] {
            try Data(body.utf8).write(to: out.appendingPathComponent(name))
        }
        return (root, out)
    }

    @Test(arguments: [true, false])
    func commitKeepsExactlyTheNewFilesAndTheForeignOnes(canExchange: Bool) throws {
        let (root, out) = try oldFolder()
        defer { try? fm.removeItem(at: root) }
        let tx = try OutputTransaction(directory: out, canExchange: canExchange)
        try tx.write("summary.csv", bytes: Array("new summary\n".utf8))
        try tx.write("run.json", bytes: Array("{}\n".utf8))
        #expect(try tx.commit())
        #expect(listing(out) == ["notes.txt", "part-1-of-2", "run.json", "summary.csv"])
        #expect(try text(out, "summary.csv") == "new summary\n")
        #expect(try text(out, "notes.txt") == "mine\n")
        #expect(try text(out, "part-1-of-2/part.json") == "{}\n")
        #expect(listing(root) == ["out"])
    }

    /// Amending (a report added to a run): every file the transaction does not write again keeps its
    /// exact bytes and its inode, beyondpoc's own files included; the staged ones replace theirs.
    @Test(arguments: [true, false])
    func amendKeepsEveryEntryItDoesNotRewrite(canExchange: Bool) throws {
        let (root, out) = try oldFolder()
        defer { try? fm.removeItem(at: root) }
        let inode = { (name: String) in try self.fm.attributesOfItem(atPath: out.appendingPathComponent(name).path)[.systemFileNumber] as? Int }
        let summaryInode = try inode("summary.csv")
        let tx = try OutputTransaction(directory: out, canExchange: canExchange, mode: .amend)
        try tx.write("report.html", bytes: Array("<html/>\n".utf8))
        try tx.write("run.json", bytes: Array(#"{"files": ["summary.csv", "trials.csv", "custom.csv", "report.html", "run.json"]}"#.utf8))
        #expect(try tx.commit())
        #expect(listing(out) == ["custom.csv", "notes.txt", "part-1-of-2", "report.html", "run.json", "summary.csv", "trials.csv"])
        #expect(try text(out, "summary.csv") == "old summary\n")
        #expect(try text(out, "trials.csv") == "old trials\n")
        #expect(try text(out, "custom.csv") == "old custom\n")
        #expect(try text(out, "notes.txt") == "mine\n")
        #expect(try text(out, "part-1-of-2/part.json") == "{}\n")
        #expect(try text(out, "report.html") == "<html/>\n")
        #expect(try text(out, "run.json") == #"{"files": ["summary.csv", "trials.csv", "custom.csv", "report.html", "run.json"]}"#)
        #expect(try inode("summary.csv") == summaryInode)
        #expect(listing(root) == ["out"])

        // The same files through a replacing transaction: the old run's files go.
        let replace = try OutputTransaction(directory: out, canExchange: canExchange)
        try replace.write("run.json", bytes: Array("{}\n".utf8))
        #expect(try replace.commit())
        #expect(listing(out) == ["notes.txt", "part-1-of-2", "run.json"])
    }

    @Test(arguments: [CommitStep.linkForeignFiles, .moveForeignFolders, .swap])
    func aCheckpointThatSaysNoLeavesTheFolderAsItWas(step: CommitStep) throws {
        let (root, out) = try oldFolder()
        defer { try? fm.removeItem(at: root) }
        let before = listing(out)
        let tx = try OutputTransaction(directory: out)
        try tx.write("summary.csv", bytes: Array("new summary\n".utf8))
        var seen: [CommitStep] = []
        #expect(try tx.commit { seen.append($0); return $0 != step } == false)
        #expect(seen == Array(CommitStep.allCases.prefix { $0 != step }) + [step])
        #expect(listing(out) == before)
        #expect(try text(out, "summary.csv") == "old summary\n")
        #expect(try text(out, "part-1-of-2/part.json") == "{}\n")
        #expect(listing(root) == ["out"])
    }

    @Test func abortRemovesTheFoldersItCreated() throws {
        let root = fm.temporaryDirectory.appendingPathComponent("beyondpoc-swap-\(UUID().uuidString)")
        try fm.createDirectory(at: root, withIntermediateDirectories: false)
        defer { try? fm.removeItem(at: root) }
        let tx = try OutputTransaction(directory: root.appendingPathComponent("a/b/out"))
        try tx.write("summary.csv", bytes: Array("x\n".utf8))
        #expect(listing(root.appendingPathComponent("a/b")).count == 1)
        tx.abort()
        #expect(listing(root) == [])
    }

    /// Killed between the two renames of the fallback: the output folder is missing, the old one is
    /// beside it and the foreign sub-folder is in the staging folder. The next transaction puts both back.
    @Test func theNextTransactionRecoversARunKilledBetweenTheFallbackRenames() throws {
        let (root, out) = try oldFolder()
        defer { try? fm.removeItem(at: root) }
        // PID 2^22 + 7 exceeds Linux's pid_max default, so no such process exists.
        let staging = root.appendingPathComponent(".out.beyondpoc-partial-4194311")
        try fm.createDirectory(at: staging, withIntermediateDirectories: false)
        try Data("new summary\n".utf8).write(to: staging.appendingPathComponent("summary.csv"))
        try fm.moveItem(at: out.appendingPathComponent("part-1-of-2"), to: staging.appendingPathComponent("part-1-of-2"))
        try Data("part-1-of-2\n".utf8).write(to: root.appendingPathComponent(".out.beyondpoc-moved-4194311"))
        try fm.moveItem(at: out, to: root.appendingPathComponent(".out.beyondpoc-old-4194311"))

        let tx = try OutputTransaction(directory: out)
        #expect(listing(root).filter { !$0.hasPrefix(".out.beyondpoc-partial-\(getpid())") } == ["out"])
        #expect(listing(out) == ["custom.csv", "notes.txt", "part-1-of-2", "run.json", "summary.csv", "trials.csv"])
        #expect(try text(out, "summary.csv") == "old summary\n")
        #expect(try text(out, "part-1-of-2/part.json") == "{}\n")
        tx.abort()
        #expect(listing(root) == ["out"])
    }

    /// Killed after the swap: the new folder is in place; the old one (at the staging path) and the
    /// journal are deleted, and nothing moves.
    @Test func theNextTransactionDeletesWhatARunKilledAfterTheSwapLeft() throws {
        let (root, out) = try oldFolder()
        defer { try? fm.removeItem(at: root) }
        let leftover = root.appendingPathComponent(".out.beyondpoc-partial-4194311")
        try fm.createDirectory(at: leftover, withIntermediateDirectories: false)
        try Data("older summary\n".utf8).write(to: leftover.appendingPathComponent("summary.csv"))
        try Data("part-1-of-2\n".utf8).write(to: root.appendingPathComponent(".out.beyondpoc-moved-4194311"))
        let tx = try OutputTransaction(directory: out)
        tx.abort()
        #expect(listing(root) == ["out"])
        #expect(try text(out, "summary.csv") == "old summary\n")
        #expect(try text(out, "part-1-of-2/part.json") == "{}\n")
    }

    /// Shard sub-folders alone (waiting for their merge) do not make a folder foreign: the merged
    /// files join them.
    @Test func aFolderOfShardsIsAccepted() throws {
        let root = fm.temporaryDirectory.appendingPathComponent("beyondpoc-swap-\(UUID().uuidString)")
        let out = root.appendingPathComponent("run")
        try fm.createDirectory(at: out.appendingPathComponent("part-1-of-2"), withIntermediateDirectories: true)
        try fm.createDirectory(at: out.appendingPathComponent("part-2-of-2"), withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: root) }
        #expect(OutputTransaction.isShardFolderName("part-12-of-40") && !OutputTransaction.isShardFolderName("part-1-of-x"))
        let tx = try OutputTransaction(directory: out)
        try tx.write("run.json", bytes: Array("{}\n".utf8))
        #expect(try tx.commit())
        #expect(listing(out) == ["part-1-of-2", "part-2-of-2", "run.json"])
    }
}
