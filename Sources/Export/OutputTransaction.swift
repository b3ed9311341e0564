import Foundation

/// Why output could not be written (exit 73).
public struct OutputError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "cannot write \(path): \(reason)" }
}

/// Writes a run's files so that they appear whole or not at all.
///
/// Every file is written into a hidden staging folder inside the output folder, then all are
/// renamed into place by ``commit()`` (a rename within one file system is atomic). A run that fails or
/// is interrupted calls ``abort()`` and leaves the output folder as it was; a run killed outright
/// leaves only the hidden staging folder, which the next run in that folder removes.
public final class OutputTransaction: @unchecked Sendable {
    public let directory: URL
    let staging: URL
    private var staged: [String] = []
    private let lock = NSLock()
    private var finished = false

    static let stagingPrefix = ".beyondpoc-partial-"

    /// Creates the output folder if needed and a fresh staging folder in it.
    public init(directory: URL) throws(OutputError) {
        self.directory = directory
        let fm = FileManager.default
        do {
            try fm.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw OutputError(path: directory.path, reason: OutputTransaction.reason(error))
        }
        OutputTransaction.removeStaleStaging(in: directory)
        staging = directory.appendingPathComponent(OutputTransaction.stagingPrefix + String(getpid()), isDirectory: true)
        do {
            try? fm.removeItem(at: staging)
            try fm.createDirectory(at: staging, withIntermediateDirectories: false)
        } catch {
            throw OutputError(path: directory.path, reason: OutputTransaction.reason(error))
        }
    }

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

    /// Moves every staged file into the output folder and removes the staging folder.
    public func commit() throws(OutputError) {
        lock.lock()
        defer { lock.unlock() }
        guard !finished else { return }
        for name in staged {
            let from = staging.appendingPathComponent(name).path
            let to = directory.appendingPathComponent(name).path
            if rename(from, to) != 0 {
                let reason = String(cString: strerror(errno))
                throw OutputError(path: to, reason: reason)
            }
        }
        finished = true
        try? FileManager.default.removeItem(at: staging)
    }

    /// Deletes everything staged; the output folder keeps its previous files.
    public func abort() {
        lock.lock()
        defer { lock.unlock() }
        guard !finished else { return }
        finished = true
        try? FileManager.default.removeItem(at: staging)
    }

    /// The path of the staging folder, for the interrupt handler (which may not allocate).
    public var stagingPath: String { staging.path }

    /// Removes staging folders left by runs that were killed (their process no longer exists).
    static func removeStaleStaging(in directory: URL) {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: directory.path) else { return }
        for name in names where name.hasPrefix(stagingPrefix) {
            let pidText = name.dropFirst(stagingPrefix.count)
            if let pid = Int32(pidText), pid != getpid(), kill(pid, 0) == 0 { continue }
            try? fm.removeItem(at: directory.appendingPathComponent(name))
        }
    }

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
