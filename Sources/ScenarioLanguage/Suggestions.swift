/// "Did you mean …?" by edit distance (optimal string alignment: insertions, deletions,
/// substitutions and swaps of neighbours each cost 1).
enum Suggestions {
    /// Longest word compared; longer words get no suggestion (keeps the work bounded).
    static let maxLength = 64

    /// The candidate closest to `word` if it is close enough to be a likely typo.
    static func closest<S: Sequence>(to word: String, among candidates: S) -> String? where S.Element == String {
        let w = Array(word.unicodeScalars.prefix(maxLength + 1))
        guard !w.isEmpty, w.count <= maxLength else { return nil }
        let limit = max(1, min(3, w.count / 3))
        var best: (String, Int)?
        for c in candidates where c != word {
            let cs = Array(c.unicodeScalars.prefix(maxLength + 1))
            guard abs(cs.count - w.count) <= limit, cs.count <= maxLength else { continue }
            let d = distance(w, cs)
            if d <= limit, best == nil || d < best!.1 { best = (c, d) }
        }
        return best?.0
    }

    /// `did you mean `x`?` or nil.
    static func hint<S: Sequence>(for word: String, among candidates: S) -> String? where S.Element == String {
        closest(to: word, among: candidates).map { "did you mean `\($0)`?" }
    }

    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var d = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { d = min(d, previous2[j - 2] + 1) }
                current[j] = d
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }
}
