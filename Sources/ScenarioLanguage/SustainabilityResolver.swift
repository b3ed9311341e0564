import FundingModel
import MonteCarlo

extension Resolver {
    /// The `sustainability` block: its clauses in the order written (each by its rule in
    /// ``SustainabilityClauses``), then the rules that span clauses.
    mutating func resolveSustainability(_ s: ClauseBlockSyntax) {
        var draft = SustainabilityDraft()
        let rules = tables.sustainability
        for line in s.clauses {
            draft.given.insert(line.keyword.value)
            rules.first { $0.keyword == line.keyword.value }?.resolve(&self, line, &draft)
        }
        for rule in rules where !draft.given.contains(rule.keyword) { rule.absent?(&self, &draft, s.keyword) }
        checkAssessmentRoutes(draft)
        warnAboutIdleCaps(draft)
        checkShareTotal(draft, block: s.keyword)
        checkRequiredClauses(of: draft, block: s.keyword)
        // The model needs these three; a block without them is an error already.
        guard ["market", "uses", "adoption"].allSatisfy(draft.given.contains) else { return }
        sustainability = draft.model
    }

    /// `via assessment` needs the `assessment` clause; `else` names a pathway of the block that
    /// is not itself `via assessment` (`else none`: the solution leaves).
    private mutating func checkAssessmentRoutes(_ draft: SustainabilityDraft) {
        guard !draft.routes.isEmpty else {
            // Not while the file has errors: a failed `via` line would make it a follow-on.
            if let at = draft.assessmentAt, !draft.mentionsVia, !syntax.sustainabilityFailed, sink.errorCount == 0 {
                sink.warning(
                    "no pathway is `via assessment`: this assessment decides nothing", at: at,
                    hint: "add `via assessment success P` to the pathway it gives access to")
            }
            return
        }
        if draft.model.assessment == nil, !draft.given.contains("assessment") {
            for route in draft.routes {
                sink.error(
                    "`via assessment` needs an `assessment` clause", at: route.via,
                    hint: "add `assessment capacity 10 to 30 per year duration 1 year` to `sustainability`")
            }
        }
        let names = draft.model.pathways.map(\.name)
        let assessed = Set(draft.routes.map(\.pathway))
        for route in draft.routes {
            guard let target = route.orElse, target.value != "none" else { continue }
            if assessed.contains(target.value) {
                sink.error(
                    "`else` names `\(target.value)`, which is itself reached `via assessment`", at: target.range,
                    hint: "a refused solution goes onto a pathway without assessment, or leaves (no `else`)")
            } else if !names.contains(target.value), draft.firstNamed["pathway \(target.value)"] == nil {
                sink.error(
                    "unknown pathway `\(target.value)` after `else`", at: target.range,
                    hint: Suggestions.hint(for: target.value, among: names.filter { !assessed.contains($0) })
                        ?? "pathways: " + quotedList(names.filter { !assessed.contains($0) }))
            }
        }
    }

    /// A cap on a payer that pays for no pathway never binds.
    private mutating func warnAboutIdleCaps(_ draft: SustainabilityDraft) {
        let pathwayPayers = Set(draft.model.pathways.compactMap(\.payer))
        for cap in draft.model.caps where !pathwayPayers.contains(cap.payer) {
            guard let range = draft.firstNamed["cap \(cap.payer)"] else { continue }
            sink.warning(
                "`\(cap.payer)` pays for no pathway: this cap never binds", at: range,
                hint: "a cap covers the tariffs and licences its payer pays")
        }
    }

    /// Constant pathway shares may not add up to more than 100%.
    private mutating func checkShareTotal(_ draft: SustainabilityDraft, block: SourceRange) {
        shareParameters = draft.shareRanges.map(\.parameter)
        if let (total, tipping) = constantShareExcess(overrides: [:]) {
            let at = draft.shareRanges.first { $0.parameter == tipping }?.range ?? block
            sink.error(
                "pathway shares add up to \(NumberText.percent(total)), more than 100%", at: at,
                hint: "lower the shares, or let one pathway take `share rest`")
        }
    }

    /// `market`, `uses`, `adoption` and at least one `pathway` (unless a line of the block failed).
    private mutating func checkRequiredClauses(of draft: SustainabilityDraft, block: SourceRange) {
        guard !syntax.sustainabilityFailed else { return }
        let required = [
            ("market", "add `market 1_500 sites`: the sites that could adopt"),
            ("uses", "add `uses 2_000 to 10_000 per site-year`"),
            ("adoption", "add `adoption bass p 0.01 to 0.04 q 0.30 to 0.60`"),
            ("pathway", "add a line such as `pathway reimbursement share 30% tariff 5€ per use payer assurance_maladie`"),
        ]
        for (keyword, hint) in required where !draft.given.contains(keyword) {
            sink.error("`sustainability` needs `\(keyword)`", at: block, hint: hint)
        }
    }

    /// A `pathway` line: the five core options, which depend on each other, then any other
    /// option by its rule in ``PathwayOptions``; nil when the pathway has no share.
    mutating func resolvePathway(_ line: ClauseLine, _ name: Located<String>, _ sustainability: inout SustainabilityDraft) -> Pathway? {
        let base = "pathway.\(name.value)"
        let cliff = name.value == "none"
        if cliff { refuseCliffOptions(line) }
        guard let share = resolveShare(line, name, base, &sustainability) else { return nil }
        let delay = cliff ? nil : line.values["delay"].map { add("\(base).delay", $0, PathwayOptions.delaySpec) }
        let price = cliff ? .none : resolvePrice(line, name, base)
        let payer = cliff || price == .none ? nil : line.names["payer"]?.value
        var pathway = Pathway(name: name.value, share: share.ref, delay: delay, price: price, payer: payer)
        for option in PathwayOptions.all {
            if line.values[option.keyword] != nil || line.names[option.keyword] != nil || line.marks[option.keyword] != nil {
                option.resolve(&self, line, &pathway)
            } else {
                option.absent?(&self, &pathway, name.range)
            }
        }
        sustainability.mentionsVia = sustainability.mentionsVia || line.marks["via"] != nil
        if let via = line.marks["via"], pathway.assessment != nil {
            sustainability.routes.append((name.value, via, line.names["else"]))
        }
        return pathway
    }

    /// The `none` pathway is the proof-of-concept cliff: a share and nothing else.
    private mutating func refuseCliffOptions(_ line: ClauseLine) {
        let extra: [(String, SourceRange?)] = [
            ("tariff", line.values["tariff"]?.range), ("licence", line.values["licence"]?.range),
            ("payer", line.names["payer"]?.range), ("delay", line.values["delay"]?.range),
        ]
        for case (let what, let range?) in extra {
            sink.error(
                "the `none` pathway takes no \(what): it is the proof-of-concept cliff", at: range,
                hint: "`pathway none share S` means no economic model; name the pathway otherwise if someone pays")
        }
    }

    /// `share S` (a parameter) or `share rest` (one pathway at most; `ref` nil); nil when the
    /// pathway has no share.
    private mutating func resolveShare(
        _ line: ClauseLine, _ name: Located<String>, _ base: String, _ sustainability: inout SustainabilityDraft
    ) -> (ref: ParameterRef?, isRest: Bool)? {
        if let r = line.marks["rest"] {
            if let first = sustainability.rest {
                sink.error(
                    "only one pathway can take `share rest` (first on line \(first.line))", at: r,
                    hint: "give this pathway a share such as `share 20%`")
            }
            sustainability.rest = sustainability.rest ?? r
            return (nil, true)
        }
        guard let q = line.values["share"] else {
            sink.error("pathway `\(name.value)` has no `share`", at: name.range, hint: "add `share 30%` or `share rest`")
            return nil
        }
        let share = add("\(base).share", q, PathwayOptions.shareSpec)
        sustainability.shareRanges.append((share.index, q.range))
        return (share, false)
    }

    /// A tariff per use or a licence per site-year (not both), paid by the pathway's `payer`.
    private mutating func resolvePrice(_ line: ClauseLine, _ name: Located<String>, _ base: String) -> Price {
        var price = Price.none
        if line.values["tariff"] != nil, let l = line.values["licence"] {
            sink.error(
                "pathway `\(name.value)` has both a tariff and a licence", at: l.range,
                hint: "a pathway is paid per use or per site-year, not both")
        } else if let t = line.values["tariff"] {
            price = .tariffPerUse(add("\(base).tariff", t, PathwayOptions.tariffSpec))
        } else if let l = line.values["licence"] {
            price = .licencePerSiteYear(add("\(base).licence", l, PathwayOptions.licenceSpec))
        }
        if price != .none, line.names["payer"] == nil {
            sink.error(
                "pathway `\(name.value)` has a price but no `payer`", at: name.range,
                hint: "add `payer NAME`, e.g. `payer assurance_maladie`")
        }
        if price == .none, let payer = line.names["payer"] {
            sink.warning("pathway `\(name.value)` has a payer but no tariff or licence: `\(payer.value)` pays nothing", at: payer.range)
        }
        return price
    }

    /// The total of the constant pathway shares when it exceeds 100%, with the share that tips
    /// it over; `overrides` replaces laws (for mixes).
    func constantShareExcess(overrides: [Int: Distribution]) -> (Double, Int)? {
        var total = 0.0
        var tipping: Int?
        for k in shareParameters {
            guard case .constant(let v) = overrides[k] ?? parameters[k].distribution else { continue }
            total += v
            if tipping == nil, total > 1 + 1e-9 { tipping = k }
        }
        guard let tipping else { return nil }
        return (total, tipping)
    }
}
