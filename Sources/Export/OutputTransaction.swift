import CFileSystem
import Foundation

/// Why output could not be written (exit 73).
public struct OutputError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "cannot write \(path): \(reason)" }
}

/// The steps of ``OutputTransaction/commit(checkpoint:)``, in order. The checkpoint runs before each.
public enum CommitStep: String, Sendable, CaseIterable {
    /// Every file is staged; the output folder is untouched. Next: hard-link the foreign files
    /// into the staging folder.
    case linkForeignFiles = "link"
    /// Foreign files are linked. Next: write the journal and move the foreign sub-folders into the
    /// staging folder.
    case moveForeignFolders = "move"
    /// The staging folder holds the complete new folder. Next: swap it with the output folder —
    /// the point of no return, and the last step a checkpoint can cancel.
    case swap = "swap"
    /// The new folder is in place. Next: delete the old one (now at the staging path).
    case removeOld = "remove-old"
}

/// Writes one command's result folder so that it changes whole or not at all.
///
/// A result folder holds exactly the files of one run, listed by its run.json. Files that
/// beyondpoc writes (``ownedNames`` and whatever the previous run.json lists) but the new run does
/// not are removed by the same commit; every other entry of the folder is *foreign* (a user's
/// notes, shard sub-folders `part-<i>-of-<n>/`) and survives.
///
/// ## How
/// Files are streamed into a hidden staging folder *beside* the output folder,
/// `.<name>.beyondpoc-partial-<pid>/`, so nothing appears in (or creates) the output folder until
/// the commit. ``commit(checkpoint:)`` then builds the complete new folder there and swaps it in:
/// 1. foreign files of the output folder are hard-linked into the staging folder (same inode: a
///    file edited meanwhile keeps its edit);
/// 2. foreign sub-folders (which cannot be hard-linked, nor any file the file system refuses to
///    link) are moved into it, after their names are written to a journal beside the folder,
///    `.<name>.beyondpoc-moved-<pid>`;
/// 3. the two folders are swapped in one step: `renameat2(RENAME_EXCHANGE)` on Linux,
///    `renamex_np(RENAME_SWAP)` on macOS;
/// 4. the old folder, now at the staging path, is deleted, then the journal.
///
/// ## Interrupted or killed
/// - Before step 3 a reader sees the old set of beyondpoc files, complete; after it, the new set,
///   complete. Only step 2's window can hide foreign sub-folders, and only until the next run.
/// - ``abort()``, or a checkpoint that answers `false` up to ``CommitStep/swap``, moves the foreign
///   sub-folders back, deletes the staging folder and removes the folders the transaction created:
///   a run that never existed leaves no folder.
/// - A run killed outright leaves its hidden staging folder, journal or old folder beside the
///   output folder. The next transaction there finds those whose process no longer exists and
///   recovers: it moves every journaled name still in the staging folder back into the output
///   folder, restores the output folder from an old folder when it is missing, then deletes the
///   leftovers.
///
/// ## Where the swap is not supported
/// When the file system or system cannot exchange (EINVAL, ENOTSUP, ENOSYS), step 3 becomes two
/// renames: output folder → `.<name>.beyondpoc-old-<pid>`, staging folder → output folder. Between
/// the two the output folder is briefly missing; a run killed there is recovered by the next one
/// (the old folder is put back and the journaled sub-folders returned to it).
///
/// The folder is new when it did not exist: then the staging folder is simply renamed to it.
///
/// ## Amending a result
/// A transaction opened with ``Mode/amend`` adds to the run already in the folder instead of
/// replacing it (`beyondpoc report` adds report.html and rewrites run.json): every entry of the
/// folder that it does not stage is kept, beyondpoc's own files included, by the same hard links
/// and moves, so each keeps its exact bytes. The commit is otherwise the same.
///
/// ## Folders it refuses
/// An existing folder that is not empty but has no run.json (a home or project folder named by
/// mistake; shard sub-folders `part-<i>-of-<n>/` alone are fine), and the current folder or one
/// containing it (the swap would leave the shell in a deleted folder): ``OutputError``, exit 73.
public final class OutputTransaction: @unchecked Sendable {
    /// What a commit does with the folder's entries that the transaction does not stage.
    public enum Mode: Sendable, Equatable {
        /// A new run: beyondpoc's files that it does not write again are removed, so that the folder
        /// holds exactly one run; foreign entries stay.
        case replace
        /// An addition to the run in the folder: every entry not written again stays as it is.
        case amend
    }

    /// The output folder, as the user named it (for messages).
    public let directory: URL
    public let mode: Mode
    /// The output folder with symbolic links resolved: the folder that is swapped.
    let target: URL
    let staging: URL
    /// Where the previous folder goes in the two-rename fallback.
    let oldFolder: URL
    /// Lists the foreign entries moved into the staging folder until the swap is done.
    let journal: URL
    let canExchange: Bool
    private let parent: URL
    private let name: String
    /// Folders this transaction created to hold the output folder (deepest first), removed again
    /// when it aborts.
    private var createdFolders: [URL] = []
    private var staged: [String] = []
    private let lock = NSLock()
    private var finished = false

    /// Every name beyondpoc ever writes in a result folder. These are removed when the new run does
    /// not write them; anything else in the folder is foreign and kept.
    public static let ownedNames: Set<String> = {
        let tables = ["summary", "scalars", "compare", "frontier", "trials", "trials-scalars", "inputs", "metrics",
                      "calibration", "posterior", "sensitivity", "decision", "voi", "acceptability"]
        var names: Set<String> = ["run.json", "report.html", "part.json", partialStateName]
        for table in tables { names.formUnion(["\(table).csv", "\(table).csv.gz"]) }
        return names
    }()

    /// The mergeable state of a shard (DESIGN §11), written beside part.json.
    public static let partialStateName = "part.state"

    /// The staging folder's prefix inside the output folder in versions before the folder swap;
    /// their leftovers are still cleaned.
    static let legacyStagingPrefix = ".beyondpoc-partial-"

    /// Creates the folders above the output folder if needed and a fresh staging folder beside it,
    /// after recovering from any killed run there.
    public convenience init(directory: URL, mode: Mode = .replace) throws(OutputError) {
        try self.init(directory: directory, canExchange: true, mode: mode)
    }

    /// `canExchange: false` forces the two-rename fallback (tests).
    init(directory: URL, canExchange: Bool, mode: Mode = .replace) throws(OutputError) {
        self.directory = directory.standardizedFileURL
        self.canExchange = canExchange
        self.mode = mode
        // A symbolic link to a folder keeps pointing to it: the folder it names is the one swapped.
        target = self.directory.resolvingSymlinksInPath()
        name = target.lastPathComponent
        parent = target.deletingLastPathComponent()
        let pid = String(getpid())
        staging = parent.appendingPathComponent(".\(name).beyondpoc-partial-\(pid)", isDirectory: true)
        oldFolder = parent.appendingPathComponent(".\(name).beyondpoc-old-\(pid)", isDirectory: true)
        journal = parent.appendingPathComponent(".\(name).beyondpoc-moved-\(pid)")
        guard !name.isEmpty, name != "/", name != ".", name != ".." else {
            throw OutputError(path: directory.path, reason: "not a folder that can be replaced")
        }
        let fm = FileManager.default
        var isFolder: ObjCBool = false
        if fm.fileExists(atPath: target.path, isDirectory: &isFolder), !isFolder.boolValue {
            throw OutputError(path: directory.path, reason: "a file, not a folder, is in the way")
        }
        var missing = parent
        while !fm.fileExists(atPath: missing.path) && missing.path != "/" {
            createdFolders.append(missing)
            missing = missing.deletingLastPathComponent()
        }
        do {
            try fm.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw OutputError(path: directory.path, reason: OutputTransaction.reason(error))
        }
        recoverFromKilledRuns()
        if let refusal = refusalToReplace() {
            removeCreatedFolders()
            throw OutputError(path: directory.path, reason: refusal)
        }
        do {
            try? fm.removeItem(at: staging)
            try fm.createDirectory(at: staging, withIntermediateDirectories: false)
        } catch {
            removeCreatedFolders()
            throw OutputError(path: directory.path, reason: OutputTransaction.reason(error))
        }
    }

    /// The hidden folder that holds the staged files until the commit, so that they can be read
    /// back before it (a report drawn from the files of the run being written).
    public var stagingDirectory: URL { staging }

    /// Opens a staged file named `name` for streaming.
    public func open(_ name: String) throws(OutputError) -> StagedFile {
        lock.lock()
        defer { lock.unlock() }
        staged.append(name)
        return try StagedFile(path: staging.appendingPathComponent(name).path, finalPath: directory.appendingPathComponent(name).path)
    }

    /// Stages a whole file at once.
    public func write(_ name: String, bytes: [UInt8]) throws(OutputError) {
        let file = try open(name)
        try file.write(bytes)
        try file.close()
    }

    /// Replaces the output folder's beyondpoc files by the staged ones in one step, keeping foreign
    /// entries (see the type's documentation).
    ///
    /// - Parameter checkpoint: called before each ``CommitStep``; answering `false` up to
    ///   ``CommitStep/swap`` cancels (the folder stays as it was and everything staged is deleted);
    ///   the answer before ``CommitStep/removeOld`` is ignored, the new folder being in place.
    /// - Returns: `true` when the new files are in place, `false` when a checkpoint cancelled.
    @discardableResult
    public func commit(checkpoint: (CommitStep) -> Bool = { _ in true }) throws(OutputError) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard !finished else { return true }
        let fm = FileManager.default
        guard let existing = try? fm.contentsOfDirectory(atPath: target.path) else {
            // No folder yet: the staging folder becomes it.
            for step in [CommitStep.linkForeignFiles, .moveForeignFolders, .swap] where !checkpoint(step) {
                cancel(moved: [])
                return false
            }
            if rename(staging.path, target.path) != 0 {
                let reason = String(cString: strerror(errno))
                cancel(moved: [])
                throw OutputError(path: directory.path, reason: reason)
            }
            finished = true
            syncFolder(parent)
            _ = checkpoint(.removeOld)
            return true
        }

        // Replacing, beyondpoc's files go unless staged again; amending, only the staged ones are new.
        var owned = Set(staged)
        if mode == .replace {
            owned.formUnion(OutputTransaction.ownedNames)
            owned.formUnion(previousManifestFiles())
        }
        let foreign = existing.filter { !owned.contains($0) && !isTransactionEntry($0) }.sorted()

        guard checkpoint(.linkForeignFiles) else {
            cancel(moved: [])
            return false
        }
        var toMove: [String] = []
        for entry in foreign {
            let from = target.appendingPathComponent(entry).path
            if isFolder(from) || link(from, staging.appendingPathComponent(entry).path) != 0 {
                toMove.append(entry)
            }
        }

        guard checkpoint(.moveForeignFolders) else {
            cancel(moved: [])
            return false
        }
        var moved: [String] = []
        if !toMove.isEmpty {
            do throws(OutputError) {
                try writeJournal(toMove)
            } catch {
                cancel(moved: [])
                throw error
            }
            for entry in toMove {
                if rename(target.appendingPathComponent(entry).path, staging.appendingPathComponent(entry).path) != 0 {
                    let reason = String(cString: strerror(errno))
                    cancel(moved: moved)
                    throw OutputError(path: target.appendingPathComponent(entry).path, reason: "cannot move it aside: \(reason)")
                }
                moved.append(entry)
            }
        }

        guard checkpoint(.swap) else {
            cancel(moved: moved)
            return false
        }
        let old: URL
        do throws(OutputError) {
            old = try swapInStaging()
        } catch {
            cancel(moved: moved)
            throw error
        }
        finished = true
        syncFolder(parent)

        _ = checkpoint(.removeOld)
        // A foreign file created in the output folder during the commit is in the old folder now.
        if let late = try? fm.contentsOfDirectory(atPath: old.path) {
            for entry in late where !owned.contains(entry) && !isTransactionEntry(entry)
                && !fm.fileExists(atPath: target.appendingPathComponent(entry).path) {
                _ = rename(old.appendingPathComponent(entry).path, target.appendingPathComponent(entry).path)
            }
        }
        try? fm.removeItem(at: old)
        unlink(journal.path)
        return true
    }

    /// Deletes everything staged; the output folder keeps its previous files, and folders this
    /// transaction created are removed.
    public func abort() {
        lock.lock()
        defer { lock.unlock() }
        guard !finished else { return }
        cancel(moved: [])
    }

    // MARK: - Steps

    /// Puts the staging folder in the output folder's place; returns where the old folder now is.
    private func swapInStaging() throws(OutputError) -> URL {
        if canExchange {
            let status = beyondpoc_exchange_paths(staging.path, target.path)
            if status == 0 { return staging }
            guard [EINVAL, ENOSYS, ENOTSUP, EOPNOTSUPP].contains(status) else {
                throw OutputError(path: directory.path, reason: String(cString: strerror(status)))
            }
        }
        if rename(target.path, oldFolder.path) != 0 {
            throw OutputError(path: directory.path, reason: String(cString: strerror(errno)))
        }
        if rename(staging.path, target.path) != 0 {
            let reason = String(cString: strerror(errno))
            _ = rename(oldFolder.path, target.path)
            throw OutputError(path: directory.path, reason: reason)
        }
        return oldFolder
    }

    /// Undoes a commit that has not swapped: foreign entries go back, staging and journal go away.
    private func cancel(moved: [String]) {
        for entry in moved {
            _ = rename(staging.appendingPathComponent(entry).path, target.appendingPathComponent(entry).path)
        }
        finished = true
        try? FileManager.default.removeItem(at: staging)
        unlink(journal.path)
        removeCreatedFolders()
    }

    private func removeCreatedFolders() {
        // rmdir only removes empty folders: one that something else wrote into meanwhile stays.
        for folder in createdFolders { rmdir(folder.path) }
    }

    private func writeJournal(_ entries: [String]) throws(OutputError) {
        let file = try StagedFile(path: journal.path, finalPath: journal.path)
        try file.write(entries.joined(separator: "\n") + "\n")
        try file.close()
        syncFolder(parent)
    }

    /// Why the existing folder must not be swapped, if it must not: it is (or contains) the current
    /// folder, whose swap would leave the shell in a deleted folder; or it holds files but no
    /// run.json — not a result folder (a home or project folder named by mistake), whose
    /// sub-folders a commit would move about. Sub-folders `part-<i>-of-<n>` alone (shards waiting
    /// for their merge) are fine.
    private func refusalToReplace() -> String? {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: target.path) else { return nil }
        let current = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).resolvingSymlinksInPath().path
        if current == target.path || current.hasPrefix(target.path + "/") {
            return "it is the current folder or contains it, and a run replaces the whole folder; run from outside it"
        }
        let others = entries.filter { !isTransactionEntry($0) && !OutputTransaction.isShardFolderName($0) }
        if !others.isEmpty && !entries.contains("run.json") {
            return "it is not empty and has no run.json, so it is not a result folder; name a new or empty folder"
        }
        return nil
    }

    /// `part-<i>-of-<n>`: a shard's folder inside a command folder (DESIGN §11).
    static func isShardFolderName(_ entry: String) -> Bool {
        let parts = entry.split(separator: "-", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "part" && parts[2] == "of" && Int(parts[1]) != nil && Int(parts[3]) != nil
    }

    /// The names the previous run.json of the folder lists (they are beyondpoc's to remove).
    private func previousManifestFiles() -> [String] {
        guard let data = FileManager.default.contents(atPath: target.appendingPathComponent("run.json").path),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let files = object["files"] as? [String] else { return [] }
        return files.filter { !$0.isEmpty && !$0.contains("/") && $0 != "." && $0 != ".." }
    }

    /// Staging folders of versions before the folder swap, inside the output folder.
    private func isTransactionEntry(_ entry: String) -> Bool { entry.hasPrefix(OutputTransaction.legacyStagingPrefix) }

    private func isFolder(_ path: String) -> Bool {
        (try? FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType) == .typeDirectory
    }

    private func syncFolder(_ folder: URL) {
        let descriptor = Foundation.open(folder.path, O_RDONLY)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        Foundation.close(descriptor)
    }

    // MARK: - Recovery

    /// Cleans up after runs in this folder that were killed (their process no longer exists).
    func recoverFromKilledRuns() {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: parent.path) else { return }
        let ours = ".\(name).beyondpoc-"
        func deadRuns(_ kind: String) -> [(pid: String, url: URL)] {
            names.compactMap { entry in
                guard entry.hasPrefix(ours + kind + "-") else { return nil }
                let pid = String(entry.dropFirst(ours.count + kind.count + 1))
                guard let number = Int32(pid), number == getpid() || !OutputTransaction.isAlive(number) else { return nil }
                return (pid, parent.appendingPathComponent(entry))
            }
        }
        // Killed between the two renames of the fallback: put the old folder back.
        for (_, old) in deadRuns("old") {
            if !fm.fileExists(atPath: target.path) {
                _ = rename(old.path, target.path)
            } else {
                try? fm.removeItem(at: old)
            }
        }
        // Killed while foreign entries sat in the staging folder: return them.
        for (pid, journalURL) in deadRuns("moved") {
            let stagingURL = parent.appendingPathComponent(".\(name).beyondpoc-partial-\(pid)")
            let text = (try? String(contentsOf: journalURL, encoding: .utf8)) ?? ""
            for entry in text.split(separator: "\n").map(String.init) where !entry.contains("/") {
                let from = stagingURL.appendingPathComponent(entry).path
                let to = target.appendingPathComponent(entry).path
                if fm.fileExists(atPath: from) && !fm.fileExists(atPath: to) { _ = rename(from, to) }
            }
            unlink(journalURL.path)
        }
        for (_, stale) in deadRuns("partial") { try? fm.removeItem(at: stale) }
        // Staging folders of earlier versions, inside the output folder.
        for entry in (try? fm.contentsOfDirectory(atPath: target.path)) ?? [] where entry.hasPrefix(OutputTransaction.legacyStagingPrefix) {
            if let pid = Int32(entry.dropFirst(OutputTransaction.legacyStagingPrefix.count)), pid != getpid(), OutputTransaction.isAlive(pid) { continue }
            try? fm.removeItem(at: target.appendingPathComponent(entry))
        }
    }

    /// Whether process `pid` exists (EPERM: it does, under another user).
    static func isAlive(_ pid: Int32) -> Bool { kill(pid, 0) == 0 || errno == EPERM }

    static func reason(_ error: any Error) -> String {
        if let e = error as? CocoaError, let underlying = e.userInfo[NSUnderlyingErrorKey] as? NSError,
           underlying.domain == NSPOSIXErrorDomain, let code = POSIXErrorCode(rawValue: Int32(underlying.code)) {
            return String(cString: strerror(code.rawValue))
        }
        return (error as NSError).localizedDescription
    }
}

/// A file being written in the staging folder, with a 1 MiB write buffer.
public final class StagedFile: @unchecked Sendable {
    let path: String
    let finalPath: String
    private var descriptor: Int32
    private var buffer: [UInt8] = []
    private static let flushThreshold = 1 << 20

    init(path: String, finalPath: String) throws(OutputError) {
        self.path = path
        self.finalPath = finalPath
        descriptor = Foundation.open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        if descriptor < 0 { throw OutputError(path: finalPath, reason: String(cString: strerror(errno))) }
        buffer.reserveCapacity(StagedFile.flushThreshold + 4096)
    }

    deinit {
        if descriptor >= 0 { Foundation.close(descriptor) }
    }

    public func write(_ bytes: [UInt8]) throws(OutputError) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= StagedFile.flushThreshold { try flush() }
    }

    public func write(_ text: String) throws(OutputError) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= StagedFile.flushThreshold { try flush() }
    }

    func flush() throws(OutputError) {
        var offset = 0
        while offset < buffer.count {
            let n = buffer.withUnsafeBytes { raw in
                Foundation.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw OutputError(path: finalPath, reason: String(cString: strerror(errno)))
            }
            offset += n
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes, syncs to disk and closes.
    public func close() throws(OutputError) {
        try flush()
        if fsync(descriptor) != 0 && errno != EINVAL {
            throw OutputError(path: finalPath, reason: String(cString: strerror(errno)))
        }
        if Foundation.close(descriptor) != 0 {
            descriptor = -1
            throw OutputError(path: finalPath, reason: String(cString: strerror(errno)))
        }
        descriptor = -1
    }
}
