import Foundation

/// Turns a result folder into `report.html` (DESIGN §10): one self-contained file, inline SVG and
/// CSS, no script and no network, readable on screen and printable.
///
/// It only reads: the command that calls it writes report.html and the run.json that lists it
/// (``listing(_:inManifest:path:)``) through the output transaction, so that the folder changes
/// whole or not at all.
public enum ReportWriter {
    /// The report's file name inside the result folder.
    public static let fileName = "report.html"

    /// The report of the result folder `directory`, as HTML text, without writing anything.
    public static func html(directory: URL, language: ReportLanguage = .en) throws(ReportError) -> String {
        let folder = try ResultFolder(url: directory)
        return ReportDocument(folder: folder, language: language).html()
    }

    /// run.json's text with `name` added to its top-level `files` list (before `run.json`, which
    /// stays last), or nil when it is listed already. Everything else keeps its exact bytes: the
    /// seed, timings and keys other tools wrote are not re-encoded.
    /// - Throws: ``ReportError/badFile(path:line:reason:)`` naming `path` when the text is not a JSON
    ///   object or its `files` is not a list of names.
    public static func listing(_ name: String, inManifest text: String, path: String = "run.json") throws(ReportError) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw .badFile(path: path, line: 0, reason: "is not a JSON object")
        }
        let chars = Array(text.unicodeScalars)
        let encode: (String) -> String = { s in
            var out = "\""
            for c in s.unicodeScalars {
                switch c {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                default:
                    if c.value < 0x20 { out += String(format: "\\u%04x", c.value) } else { out.unicodeScalars.append(c) }
                }
            }
            return out + "\""
        }
        guard let files = object["files"] else {
            // No list yet: open the object with one.
            guard let brace = chars.firstIndex(of: "{") else { return nil }
            var s = String.UnicodeScalarView(chars[...brace])
            s.append(contentsOf: "\n  \"files\" : [\n    \(encode(name))\n  ],".unicodeScalars)
            s.append(contentsOf: chars[(brace + 1)...])
            return String(s)
        }
        guard var list = files as? [String] else { throw .badFile(path: path, line: 0, reason: "its \"files\" is not a list of names") }
        if list.contains(name) { return nil }
        // Find the top-level "files" key and the brackets of its array.
        var depth = 0, i = 0
        var keyStart: Int?, open: Int?, close: Int?
        while i < chars.count {
            let c = chars[i]
            if c == "\"" {
                var j = i + 1
                while j < chars.count && chars[j] != "\"" { j += chars[j] == "\\" ? 2 : 1 }
                if depth == 1 && String(String.UnicodeScalarView(chars[(i + 1)..<min(j, chars.count)])) == "files" {
                    var k = j + 1
                    while k < chars.count && (chars[k] == " " || chars[k] == "\n" || chars[k] == "\t" || chars[k] == "\r" || chars[k] == ":") { k += 1 }
                    if k < chars.count && chars[k] == "[" {
                        keyStart = i
                        open = k
                        var m = k + 1
                        while m < chars.count && chars[m] != "]" {
                            if chars[m] == "\"" {
                                m += 1
                                while m < chars.count && chars[m] != "\"" { m += chars[m] == "\\" ? 2 : 1 }
                            }
                            m += 1
                        }
                        close = m
                        break
                    }
                }
                i = j + 1
                continue
            }
            if c == "{" || c == "[" { depth += 1 }
            if c == "}" || c == "]" { depth -= 1 }
            i += 1
        }
        guard let keyStart, let open, let close, close < chars.count else {
            throw .badFile(path: path, line: 0, reason: "its \"files\" list cannot be found")
        }
        var lineStart = keyStart
        while lineStart > 0 && chars[lineStart - 1] != "\n" { lineStart -= 1 }
        let indent = String(String.UnicodeScalarView(chars[lineStart..<keyStart].filter { $0 == " " || $0 == "\t" }))
        if let last = list.lastIndex(of: "run.json") { list.insert(name, at: last) } else { list.append(name) }
        let array = "[\n" + list.map { indent + "  " + encode($0) }.joined(separator: ",\n") + "\n" + indent + "]"
        var s = String.UnicodeScalarView(chars[..<open])
        s.append(contentsOf: array.unicodeScalars)
        s.append(contentsOf: chars[(close + 1)...])
        return String(s)
    }
}
