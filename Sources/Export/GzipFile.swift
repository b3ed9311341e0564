import CZlib

/// Streams bytes through the system zlib's deflate into a staged file, with a gzip header and
/// trailer (`.csv.gz`, which pandas, R and `gunzip` read directly).
///
/// Input is deflated as it comes, in pieces of at most ``outputCapacity`` compressed bytes, so
/// memory stays flat however much is written.
public final class GzipFile: @unchecked Sendable {
    private let file: StagedFile
    private var stream = z_stream()
    private var output: [UInt8]
    private var open = true
    static let outputCapacity = 1 << 18

    /// Starts a gzip stream into `file` at zlib's `level` (1 fastest … 9 smallest).
    public init(file: StagedFile, level: Int32) throws(OutputError) {
        self.file = file
        output = [UInt8](repeating: 0, count: GzipFile.outputCapacity)
        let status = beyondpoc_deflate_init_gzip(&stream, level)
        if status != Z_OK {
            open = false
            throw OutputError(path: file.finalPath, reason: "zlib could not start compressing (deflateInit2 returned \(status))")
        }
    }

    deinit {
        if open { deflateEnd(&stream) }
    }

    /// Compresses `bytes` (written to the file as compressed output fills up).
    public func write(_ bytes: [UInt8]) throws(OutputError) {
        guard !bytes.isEmpty else { return }
        try bytes.withUnsafeBufferPointer { input throws(OutputError) in
            try deflateAll(input, flush: Z_NO_FLUSH)
        }
    }

    /// Finishes the gzip stream (trailer with CRC-32 and length), then flushes and closes the file.
    public func close() throws(OutputError) {
        guard open else { return }
        try deflateAll(UnsafeBufferPointer(start: nil, count: 0), flush: Z_FINISH)
        deflateEnd(&stream)
        open = false
        try file.close()
    }

    /// Runs deflate until it has consumed `input` (and, with `Z_FINISH`, written the trailer).
    private func deflateAll(_ input: UnsafeBufferPointer<UInt8>, flush: Int32) throws(OutputError) {
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
        stream.avail_in = UInt32(input.count)
        while true {
            let (status, produced) = output.withUnsafeMutableBufferPointer { out -> (Int32, Int) in
                stream.next_out = out.baseAddress
                stream.avail_out = UInt32(out.count)
                let status = deflate(&stream, flush)
                return (status, out.count - Int(stream.avail_out))
            }
            // Z_BUF_ERROR only says no progress was possible this call, which is not an error here.
            if status != Z_OK && status != Z_STREAM_END && status != Z_BUF_ERROR {
                throw OutputError(path: file.finalPath, reason: "zlib failed while compressing (deflate returned \(status))")
            }
            if produced > 0 { try file.write(Array(output[0 ..< produced])) }
            let done = flush == Z_FINISH ? status == Z_STREAM_END : stream.avail_in == 0 && produced < output.count
            if done { break }
        }
        stream.next_in = nil
    }
}
