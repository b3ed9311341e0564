import FundingModel

/// What the resolver fills while it reads the `decision` block.
struct DecisionDraft {
    /// λ_s and λ_u, by the unit they were written per (`sustainable solution`, `use`).
    var worth: [String: Double] = [:]
    /// Where each `worth … per UNIT` line was first written: a second one is an error.
    var worthLines: [String: SourceRange] = [:]
    /// The payers of `cost`, nil when not written (then every payer but `private`).
    var costPayers: [String]?
    /// The clause keywords written.
    var given: Set<String> = []
}

typealias DecisionClauseRule = ClauseRule<DecisionDraft, Decision>

/// The clauses of `decision` (DESIGN §8.1), in the order hints and `check` list them.
///
/// To add a clause, add one entry here (and its value to ``FundingModel/Decision``).
enum DecisionClauses {
    static var all: [DecisionClauseRule] { [worth, cost] }

    /// The units a worth may be per, and the words that write them.
    static let worthUnits = [("sustainable solution", ["sustainable", "solution"]), ("use", ["use"])]
    static let perSolution = "sustainable solution"
    static let perUse = "use"

    static let worthExample = "write `worth 4M€ per sustainable solution` or `worth 0.50€ per use`"

    static let worthSpec = ParameterSpec(
        clause: "worth", domain: .positive, unitLabel: "€", dimension: .money, unit: .none, what: "an amount in euros")

    /// `worth AMOUNT per sustainable solution` or `worth AMOUNT per use` (once each).
    static var worth: DecisionClauseRule {
        DecisionClauseRule(
            keyword: "worth", repeatable: true,
            grammar: { (r: inout ClauseReader) throws(SyntaxError) in
                let law = try r.cursor.law(after: "worth")
                r.line.value = Quantity(law: law, unit: nil, eachYear: nil, range: law.range)
                guard let per = r.cursor.accept("per") else {
                    throw r.cursor.unexpected("`per sustainable solution` or `per use`", hint: worthExample)
                }
                for (unit, words) in worthUnits {
                    let matches = words.indices.allSatisfy { r.cursor.peek($0)?.isWord(words[$0]) ?? false }
                    guard matches else { continue }
                    let last = r.cursor.peek(words.count - 1)!
                    r.cursor.index += words.count
                    r.line.names["per"] = Located(value: unit, range: per.range.through(last.range))
                    return
                }
                let written = r.cursor.current.map { " \($0.text)" } ?? ""
                let range = r.cursor.current.map { per.range.through($0.range) } ?? per.range
                throw SyntaxError(
                    "expected `per sustainable solution` or `per use` after the worth, found `per\(written)`", at: range,
                    hint: "a worth is what one sustainable solution or one use is worth to the decision maker: \(worthExample)")
            },
            resolve: { r, line, d in
                guard let q = line.value, let unit = line.names["per"] else { return }
                if let first = d.worthLines[unit.value] {
                    r.sink.error(
                        "`worth … per \(unit.value)` is given twice (first on line \(first.line))", at: unit.range,
                        hint: "keep one `worth … per \(unit.value)` line")
                    return
                }
                d.worthLines[unit.value] = unit.range
                guard case .constant = q.law.law else {
                    r.sink.error(
                        "`worth` is a constant: the decision maker's values are not uncertain", at: q.law.range,
                        hint: "write one amount, such as `worth 4M€ per \(unit.value)`; `decide --worth-range` explores other worths")
                    return
                }
                guard let value = ValueResolver.resolve(q, worthSpec, sink: &r.sink),
                      case .constant(let amount) = value.distribution else { return }
                d.worth[unit.value] = amount
            },
            place: .lines,
            text: { _, m in
                ["worth \(money(m.perSustainableSolution)) per sustainable solution"]
                    + (m.perUse != 0 ? ["worth \(money(m.perUse)) per use"] : [])
            },
            json: { _, m in
                [("worth_per_sustainable_solution", .number(m.perSustainableSolution)), ("worth_per_use", .number(m.perUse))]
            })
    }

    /// `cost PAYER…`: the payers whose net cost counts.
    static var cost: DecisionClauseRule {
        DecisionClauseRule(
            keyword: "cost",
            grammar: { (r: inout ClauseReader) throws(SyntaxError) in
                repeat {
                    r.line.nameList.append(try r.cursor.name("a payer name after `cost`, such as `cost state`"))
                } while r.cursor.current != nil
            },
            resolve: { r, line, d in
                let known = Scenario.payers(instruments: r.instruments, sustainability: r.sustainability)
                var payers: [String] = []
                for name in line.nameList {
                    if payers.contains(name.value) {
                        r.sink.error("payer `\(name.value)` is named twice in `cost`", at: name.range, hint: "name each payer once")
                    } else if !known.contains(name.value) {
                        if r.syntax.sustainabilityFailed || r.syntax.instruments.contains(where: \.failed) { continue }
                        r.sink.error(
                            "unknown payer `\(name.value)`", at: name.range,
                            hint: Suggestions.hint(for: name.value, among: known) ?? "payers of this scenario: " + quotedList(known))
                    }
                    payers.append(name.value)
                }
                d.costPayers = payers
            },
            place: .lines,
            text: { _, m in ["cost \(m.costPayers.joined(separator: ", "))"] },
            json: { _, m in [("cost", .array(m.costPayers.map(JSONText.string)))] })
    }

    /// An amount of euros as `check` shows it: `4000000 €`.
    static func money(_ x: Double) -> String { "\(NumberText.significant(x, 6)) €" }
}

extension Resolver {
    /// The `decision` block: its clauses by their rules in ``DecisionClauses``, then the worth
    /// every decision needs.
    mutating func resolveDecision(_ block: ClauseBlockSyntax) -> Decision? {
        var draft = DecisionDraft()
        let rules = tables.decision
        for line in block.clauses {
            draft.given.insert(line.keyword.value)
            rules.first { $0.keyword == line.keyword.value }?.resolve(&self, line, &draft)
        }
        for rule in rules where !draft.given.contains(rule.keyword) { rule.absent?(&self, &draft, block.keyword) }
        guard let perSolution = draft.worth[DecisionClauses.perSolution] else {
            if !syntax.decisionFailed, draft.worthLines[DecisionClauses.perSolution] == nil {
                sink.error(
                    "`decision` needs `worth … per sustainable solution`", at: block.keyword,
                    hint: "add `worth 4M€ per sustainable solution`: what a solution sustainable in the last year is worth to the decision maker")
            }
            return nil
        }
        let payers = Scenario.payers(instruments: instruments, sustainability: sustainability)
        return Decision(
            perSustainableSolution: perSolution, perUse: draft.worth[DecisionClauses.perUse] ?? 0,
            costPayers: draft.costPayers ?? payers.filter { $0 != "private" })
    }
}
