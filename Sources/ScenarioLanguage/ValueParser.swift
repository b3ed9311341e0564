/// The value grammar shared by every clause and mix override:
/// ```
/// quantity := law [unit] ["each" "year"]
/// law      := term ["to" term] | NAME "(" [argument {"," argument}] ")"
/// argument := [LABEL ":"] term | term ":" term
/// term     := NUMBER [unit-suffix]        (suffix: %, pp, €, k€, M€, Md€, bn€, EUR, kEUR, …)
/// unit     := "per" UNITWORD | "sites" | "year" | "years" | "over" YEAR "to" YEAR
/// ```
/// Nothing nests, so parsing never recurses: a stray `(` inside an argument list is an error
/// at once, whatever follows it.
enum ValueSyntax {
    static let distributionNames = [
        "normal", "lognormal", "beta", "pert", "triangular", "uniform", "gamma", "poisson", "discrete",
    ]
    /// Words accepted after `per`.
    static let perUnits = ["year", "project", "project-year", "site-year", "use", "annotation", "participant"]
}

extension TokenCursor {
    /// A value with its unit and `each year` flag; `keyword` names the clause for messages.
    mutating func quantity(after keyword: String) throws(SyntaxError) -> Quantity {
        let law = try law(after: keyword)
        let unit = try unit()
        var eachYear: SourceRange?
        if let each = accept("each") {
            guard let year = accept("year") else { throw unexpected("`year` after `each`") }
            eachYear = each.range.through(year.range)
        }
        let last = previous?.range ?? law.range
        return Quantity(law: law, unit: unit, eachYear: eachYear, range: law.range.through(last))
    }

    mutating func law(after keyword: String) throws(SyntaxError) -> LawSyntax {
        guard let first = current else { throw unexpected("a value after `\(keyword)`") }
        if first.kind == .word {
            if peek(1)?.kind == .leftParen { return try call() }
            if ValueSyntax.distributionNames.contains(first.text) {
                throw SyntaxError(
                    "expected `(` after `\(first.text)`", at: peek(1)?.range ?? end,
                    hint: "write `\(first.text)(…)` with its arguments")
            }
            let hint = Suggestions.hint(for: first.text, among: ValueSyntax.distributionNames)
            throw SyntaxError("expected a value after `\(keyword)`, found `\(first.text)`", at: first.range, hint: hint)
        }
        let a = try term(after: keyword)
        if accept("to") != nil {
            let b = try term(after: "to")
            return LawSyntax(law: .interval(a, b), range: a.range.through(b.range), text: "\(a.text) to \(b.text)")
        }
        return LawSyntax(law: .constant(a), range: a.range, text: a.text)
    }

    /// A number and its unit suffix.
    mutating func term(after keyword: String) throws(SyntaxError) -> Term {
        guard let t = current else { throw unexpected("a value after `\(keyword)`") }
        if t.kind == .money, let n = peek(1), n.kind == .number, !n.spaceBefore {
            throw SyntaxError("the currency comes after the amount", at: t.range.through(n.range), hint: "write `\(n.text)\(t.text)`")
        }
        if t.kind == .leftParen {
            throw SyntaxError("unexpected `(`", at: t.range, hint: "values are not grouped with parentheses")
        }
        guard t.kind == .number else { throw unexpected("a value after `\(keyword)`") }
        index += 1
        var unit = TermUnit.none
        var range = t.range
        var text = t.text
        if let s = current {
            switch s.kind {
            case .percent:
                unit = .percent
            case .money:
                unit = .money(scale: s.number)
            case .word where s.text == "pp":
                unit = .percentagePoints
            default:
                break
            }
            if unit != .none {
                index += 1
                range = t.range.through(s.range)
                text += (s.spaceBefore ? " " : "") + s.text
            }
        }
        return Term(number: t.number, unit: unit, range: range, text: text)
    }

    /// `NAME(arguments)`.
    private mutating func call() throws(SyntaxError) -> LawSyntax {
        let nameToken = advance()
        index += 1  // `(`, seen by the caller
        var arguments: [CallArgument] = []
        var text = nameToken.text + "("
        while true {
            guard let t = current else {
                throw SyntaxError("missing `)`", at: end, hint: "close the arguments of `\(nameToken.text)(` with `)`")
            }
            if t.kind == .rightParen, arguments.isEmpty { index += 1; break }
            if t.kind == .leftParen {
                throw SyntaxError("unexpected `(`", at: t.range, hint: "distribution arguments are numbers; nothing nests")
            }
            var label: Located<String>?
            var key: Term?
            let start = t.range
            if t.kind == .word, peek(1)?.kind == .colon {
                label = Located(value: t.text, range: t.range)
                index += 2
                text += t.text + ": "
            }
            let value = try term(after: label.map { "\($0.value):" } ?? (arguments.isEmpty ? "(" : ","))
            var argumentValue = value
            text += value.text
            if label == nil, current?.kind == .colon {
                index += 1
                key = value
                argumentValue = try term(after: ":")
                text += ": " + argumentValue.text
            }
            arguments.append(CallArgument(label: label, key: key, value: argumentValue, range: start.through(argumentValue.range)))
            guard let sep = current else {
                throw SyntaxError("missing `)`", at: end, hint: "close the arguments of `\(nameToken.text)(` with `)`")
            }
            if sep.kind == .comma { index += 1; text += ", "; continue }
            if sep.kind == .rightParen { index += 1; break }
            throw unexpected("`,` or `)`")
        }
        text += ")"
        let range = nameToken.range.through(previous!.range)
        return LawSyntax(
            law: .call(name: Located(value: nameToken.text, range: nameToken.range), arguments: arguments),
            range: range, text: text)
    }

    /// Unit words after a value, if any.
    mutating func unit() throws(SyntaxError) -> UnitSyntax? {
        guard let t = current, t.kind == .word else { return nil }
        switch t.text {
        case "per":
            index += 1
            guard let w = current, w.kind == .word else {
                throw unexpected("a unit after `per`", hint: "units: " + ValueSyntax.perUnits.map { "`per \($0)`" }.joined(separator: ", "))
            }
            guard ValueSyntax.perUnits.contains(w.text) else {
                let hint = Suggestions.closest(to: w.text, among: ValueSyntax.perUnits).map { "did you mean `per \($0)`?" }
                    ?? "units: " + ValueSyntax.perUnits.map { "`per \($0)`" }.joined(separator: ", ")
                throw SyntaxError("unknown unit `per \(w.text)`", at: t.range.through(w.range), hint: hint)
            }
            index += 1
            return UnitSyntax(kind: .per(w.text), range: t.range.through(w.range), text: "per \(w.text)")
        case "sites", "site":
            index += 1
            return UnitSyntax(kind: .sites, range: t.range, text: t.text)
        case "year", "years":
            index += 1
            return UnitSyntax(kind: .years, range: t.range, text: t.text)
        case "over":
            index += 1
            let years = try yearRange()
            return UnitSyntax(
                kind: .over(years.value), range: t.range.through(years.range),
                text: "over \(years.value.lowerBound) to \(years.value.upperBound)")
        default:
            return nil
        }
    }
}
