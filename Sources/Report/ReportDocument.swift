import Foundation

/// The report of one result folder as one self-contained XHTML-compatible HTML document: inline CSS
/// and SVG, no script, no external reference. Sections appear for the files the folder holds.
struct ReportDocument {
    let folder: ResultFolder
    let language: ReportLanguage
    private let charts: Charts

    init(folder: ResultFolder, language: ReportLanguage) {
        self.folder = folder
        self.language = language
        charts = Charts(language: language)
    }

    private var l: ReportLanguage { language }
    private var catalog: MetricCatalog { folder.metrics }

    /// The whole document.
    func html() -> String {
        let title = folder.scenarioTitle ?? folder.url.lastPathComponent
        var body = header(title: title)
        if !folder.series.isEmpty || !folder.scalars.isEmpty { body += headlineSection() }
        if !folder.comparisons.isEmpty { body += compareSection() }
        if !folder.series.isEmpty { body += runSection() }
        if !folder.frontier.isEmpty { body += sweepSection() }
        if !folder.sensitivity.isEmpty { body += sensitivitySection() }
        if !folder.decision.isEmpty || !folder.acceptability.isEmpty || !folder.voi.isEmpty { body += decideSection() }
        if !folder.calibration.isEmpty { body += calibrationSection() }
        body += footer()
        return "<!DOCTYPE html>\n<html lang=\"\(l.rawValue)\">\n<head>\n<meta charset=\"utf-8\"/>\n"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
            + "<title>\(escaped(title))</title>\n<style>\(ReportDocument.css)</style>\n</head>\n<body>\n<main>\n"
            + body + "</main>\n</body>\n</html>\n"
    }

    // MARK: - Helpers

    private func display(_ metric: String, _ values: [Double]) -> DisplayUnit {
        DisplayUnit(unit: catalog.unit(metric), magnitude: values.filter(\.isFinite).map(abs).max() ?? 0, language: l)
    }

    /// flow or stock, as metrics.csv says.
    private func kind(_ metric: String) -> String { catalog.kind(metric) }

    /// The y-axis title of a yearly series: its unit, and whether it counts a year's flow or a level.
    private func seriesAxisTitle(_ metric: String, _ unit: DisplayUnit) -> String {
        if unit.isProbability { return l.pick("probability (0–1)", "probabilité (0–1)") }
        return kind(metric) == "flow"
            ? l.pick("\(unit.suffix) per year", "\(unit.suffix) par an")
            : l.pick("\(unit.suffix) at the end of the year", "\(unit.suffix) en fin d’année")
    }

    private func figure(_ title: String, _ svg: String, note: String? = nil, cls: String = "") -> String {
        "<figure class=\"chart-figure\(cls.isEmpty ? "" : " " + cls)\">\n<figcaption>\(escaped(title))</figcaption>\n\(svg)\n"
            + (note.map { "<p class=\"note\">\(escaped($0))</p>\n" } ?? "") + "</figure>\n"
    }

    private var lastYear: Int? {
        guard let v = folder.mainVariant, let first = folder.series[v]?.values.first else {
            return folder.comparisons.compactMap(\.year).max()
        }
        return first.map(\.year).max()
    }

    private func variantName(_ v: String) -> String { v == "baseline" ? l.pick("baseline", "référence") : v }

    // MARK: - Header and footer

    private func header(title: String) -> String {
        var out = "<header>\n<h1>\(escaped(title))</h1>\n"
        let p = folder.provenance
        var facts: [String] = []
        if let c = p?.command { facts.append("beyondpoc \(c)") }
        if let t = p?.trials { facts.append(l.pick("\(l.number(Double(t), decimals: 0)) trials", "\(l.number(Double(t), decimals: 0)) tirages")) }
        if let s = p?.seed { facts.append(l.pick("seed \(s)", "graine \(s)")) }
        if let sampling = p?.sampling { facts.append(sampling == "lhs" ? l.pick("Latin hypercube", "hypercube latin") : "Monte Carlo") }
        if !facts.isEmpty { out += "<p class=\"subtitle\">\(escaped(facts.joined(separator: " · ")))</p>\n" }
        out += "<p class=\"lede\">" + escaped(l.pick(
            "Every figure below is drawn from the CSV files of this folder; a band or an interval shows how the result varies across the simulated trials, not a confidence interval of an estimate.",
            "Chaque figure est tracée à partir des fichiers CSV de ce dossier ; une bande ou un intervalle montre la variation du résultat entre les tirages simulés, pas un intervalle de confiance d’une estimation.")) + "</p>\n"
        if let warnings = p?.warnings, !warnings.isEmpty {
            out += "<div class=\"warnings\"><p><strong>\(escaped(l.pick("Warnings of the run", "Avertissements du calcul")))</strong></p><ul>"
            for w in warnings { out += "<li>\(escaped(w))</li>" }
            out += "</ul></div>\n"
        }
        return out + "</header>\n"
    }

    private func footer() -> String {
        var rows: [(String, String)] = []
        let p = folder.provenance
        if let s = p?.scenario {
            if let t = s.title { rows.append((l.pick("scenario", "scénario"), t)) }
            if let f = s.file { rows.append((l.pick("scenario file", "fichier du scénario"), f)) }
            if let h = s.sha256 { rows.append((l.pick("scenario SHA-256", "SHA-256 du scénario"), h)) }
        }
        if let c = p?.command { rows.append((l.pick("command", "commande"), c)) }
        if let s = p?.seed { rows.append((l.pick("seed", "graine"), String(s))) }
        if let t = p?.trials { rows.append((l.pick("trials", "tirages"), String(t))) }
        if let s = p?.sampling { rows.append((l.pick("sampling", "échantillonnage"), s)) }
        if let m = p?.mixes, !m.isEmpty {
            // A sweep lists every split: name the first ones and count the rest.
            let shown = m.count > 12 ? m.prefix(10).joined(separator: ", ") + l.pick(", … (\(m.count) in all)", ", … (\(m.count) en tout)") : m.joined(separator: ", ")
            rows.append((l.pick("variants", "variantes"), shown))
        }
        if let d = p?.csvDialect { rows.append((l.pick("CSV dialect", "dialecte CSV"), d)) }
        let tool = [p?.tool ?? "beyondpoc", p?.version].compactMap { $0 }.joined(separator: " ")
        rows.append((l.pick("version", "version"), tool))
        if let a = p?.arguments, !a.isEmpty { rows.append((l.pick("command line", "ligne de commande"), a.joined(separator: " "))) }
        var out = "<footer>\n<h2>\(escaped(l.pick("Provenance", "Provenance")))</h2>\n"
        if p == nil {
            out += "<p>\(escaped(l.pick("This folder has no run.json: the provenance of its files is unknown.", "Ce dossier n’a pas de run.json : la provenance de ses fichiers est inconnue.")))</p>\n"
        }
        out += "<dl class=\"provenance\">\n"
        for (k, v) in rows { out += "<dt>\(escaped(k))</dt><dd>\(escaped(v))</dd>\n" }
        out += "</dl>\n<p class=\"note\">\(escaped(l.pick("Written by beyondpoc from the files of this folder.", "Écrit par beyondpoc à partir des fichiers de ce dossier.")))</p>\n</footer>\n"
        return out
    }

    // MARK: - Run

    /// The headline outcomes: (metric, year or nil for a scalar, label).
    private var headlines: [(metric: String, year: Int?, label: String)] {
        var out: [(String, Int?, String)] = []
        let y = lastYear
        for id in ["solutions.sustainable", "solutions.active", "adoption.sites"] where folder.seriesOrder.contains(id) {
            out.append((id, y, catalog.label(id, l) + (y.map { l.pick(" in \($0)", " en \($0)") } ?? "")))
        }
        var scalarIDs = ["npv.spend.state"]
        scalarIDs += folder.scalarOrder.filter { $0.hasPrefix("npv.net.") && $0 != "npv.net.state" && $0 != "npv.net.private" }
        scalarIDs += ["cost_per_sustainable_solution", "breakeven_year", "solutions.sustainable.any", "net_benefit"]
        for id in scalarIDs where folder.scalarOrder.contains(id) { out.append((id, nil, catalog.label(id, l))) }
        return out
    }

    private func distribution(_ metric: String, year: Int?, variant: String) -> Distribution? {
        if let year { return folder.points(metric, variant: variant)?.first { $0.year == year }?.stats }
        return folder.scalars[variant]?[metric]
    }

    private func headlineTable() -> String {
        let lines = headlines
        guard !lines.isEmpty else { return "" }
        let variants = folder.variants
        let caption = escaped(l.pick("Mean over trials, and the range that holds 90% of them (p05 to p95)",
                                     "Moyenne sur les tirages et plage qui en contient 90 % (p05 à p95)"))
        let outcome = "<th>\(escaped(l.pick("outcome", "résultat")))</th>"
        if variants.count == 1 {
            var out = "<table class=\"headlines\">\n<caption>\(caption)</caption>\n<thead><tr>\(outcome)"
            for h in [l.pick("mean", "moyenne"), "p05", "p50", "p95", l.pick("unit", "unité")] { out += "<th>\(escaped(h))</th>" }
            out += "</tr></thead>\n<tbody>\n"
            for line in lines {
                guard let d = distribution(line.metric, year: line.year, variant: variants[0]) else { continue }
                let u = display(line.metric, [d.mean, d.p05, d.p95])
                out += "<tr><th>\(escaped(line.label))</th>"
                // The percentiles of a 0/1 flag are 0 or 1 and say nothing its mean does not.
                let shown = u.isProbability ? [d.mean] : [d.mean, d.p05, d.p50, d.p95]
                for i in 0..<4 { out += "<td>\(i < shown.count ? escaped(u.number(shown[i])) : "")</td>" }
                out += "<td>\(escaped(u.isYear ? "" : u.suffix))</td></tr>\n"
            }
            return out + "</tbody>\n</table>\n"
        }
        // Several variants: one column each, at most four per table so that a page holds it.
        var out = ""
        let perTable = 4
        for start in stride(from: 0, to: variants.count, by: perTable) {
            let chunk = Array(variants[start..<min(variants.count, start + perTable)])
            out += "<table class=\"headlines\">\n" + (start == 0 ? "<caption>\(caption)</caption>\n" : "") + "<thead><tr>\(outcome)"
            for v in chunk { out += "<th>\(escaped(variantName(v)))</th>" }
            out += "</tr></thead>\n<tbody>\n"
            for line in lines {
                let ds = chunk.map { distribution(line.metric, year: line.year, variant: $0) }
                let all = variants.compactMap { distribution(line.metric, year: line.year, variant: $0)?.mean }
                let u = display(line.metric, all)
                // The unit under the label, level with the ranges: a label may end in parentheses itself.
                out += "<tr><th>\(escaped(line.label))" + (u.isYear ? "" : "<br/><span class=\"range\">\(escaped(u.suffix))</span>") + "</th>"
                for d in ds {
                    guard let d else { out += "<td>—</td>"; continue }
                    let range = u.isProbability ? "" : "<br/><span class=\"range\">\(escaped(u.number(d.p05) + l.pick(" to ", " à ") + u.number(d.p95)))</span>"
                    out += "<td>\(escaped(u.number(d.mean)))\(range)</td>"
                }
                out += "</tr>\n"
            }
            out += "</tbody>\n</table>\n"
        }
        return out
    }

    /// Calibration targets on a yearly series, to draw over that series' fan chart.
    private func observed(_ metric: String) -> [ObservedRange] {
        folder.calibration.compactMap { r in r.metric == metric ? r.year.map { ObservedRange(year: $0, low: r.low, high: r.high) } : nil }
    }

    private func fanFigure(_ metric: String, variant: String, width: Double = 880, yDomain: (Double, Double)? = nil, titleOverride: String? = nil) -> String {
        guard let points = folder.points(metric, variant: variant), !points.isEmpty else { return "" }
        let u = display(metric, points.flatMap { [$0.stats.p05, $0.stats.p95] })
        let what = catalog.label(metric, l)
        let when = kind(metric) == "flow" ? l.pick("in each year", "chaque année") : l.pick("at the end of each year", "en fin d’année")
        let title = titleOverride ?? l.pick(
            "\(capitalised(what)) \(when) (\(variantName(variant))): mean, middle half and middle 90% of trials",
            "\(capitalised(what)) \(when) (\(variantName(variant))) : moyenne, moitié centrale et 90 % centraux des tirages")
        let svg = charts.fan(kind: "fan:\(metric)", title: title, points: points, unit: u, yLabel: seriesAxisTitle(metric, u),
                             width: width, plotHeight: width < 600 ? 180 : 230, yDomain: yDomain, observed: observed(metric))
        return figure(title, svg, cls: width < 600 ? "small" : "")
    }

    private func headlineSection() -> String {
        let table = headlineTable()
        guard !table.isEmpty else { return "" }
        return "<section class=\"headlines\">\n<h2>\(escaped(l.pick("Headline outcomes", "Résultats principaux")))</h2>\n" + table + "</section>\n"
    }

    private func runSection() -> String {
        var out = "<section class=\"run\">\n<h2>\(escaped(l.pick("What happens: outcomes over the years", "Ce qui se passe : résultats au fil des années")))</h2>\n"
        guard let v = folder.mainVariant, folder.series[v] != nil else { return out + "</section>\n" }
        for metric in ["solutions.launched", "solutions.active", "solutions.sustainable", "adoption.sites", "adoption.uses"] {
            out += fanFigure(metric, variant: v)
        }
        // Spending by payer, stacked: every `spend.<payer>.total`.
        let totals = folder.seriesOrder.filter { $0.hasPrefix("spend.") && $0.hasSuffix(".total") && $0.split(separator: ".").count == 3 }
        if !totals.isEmpty, let years = folder.points(totals[0], variant: v)?.map(\.year) {
            let layers = totals.map { id -> (label: String, means: [Double]) in
                let means = years.map { y in folder.points(id, variant: v)?.first { $0.year == y }?.stats.mean ?? .nan }
                return (capitalised(catalog.label(id, l)), means)
            }
            let sums = years.indices.map { i in layers.reduce(0) { $0 + max(0, $1.means[i].isFinite ? $1.means[i] : 0) } }
            let u = display(totals[0], sums)
            let title = l.pick("Spending per year by payer (\(variantName(v))): means, stacked",
                               "Dépense annuelle par payeur (\(variantName(v))) : moyennes empilées")
            out += figure(title, charts.stacked(kind: "stacked:spend", title: title, years: years, layers: layers, unit: u,
                                                yLabel: l.pick("\(u.suffix) per year", "\(u.suffix) par an")),
                          note: l.pick("The height of the pile is the mean total spending of all payers in the year.",
                                       "La hauteur de la pile est la dépense totale moyenne de tous les payeurs dans l’année."))
        }
        // Net cost by payer: small multiples on one scale.
        let nets = folder.seriesOrder.filter { $0.hasPrefix("net.") && $0.split(separator: ".").count == 2 }
        if !nets.isEmpty {
            let all = nets.flatMap { folder.points($0, variant: v) ?? [] }.flatMap { [$0.stats.p05, $0.stats.p95] }.filter(\.isFinite)
            let ticks = Ticks(min(0, all.min() ?? 0), max(0, all.max() ?? 1))
            out += "<h3>\(escaped(l.pick("Net cost per year by payer (spending minus savings; below zero the payer saves more than it spends)", "Coût net annuel par payeur (dépense moins économies ; sous zéro, le payeur économise plus qu’il ne dépense)")))</h3>\n<div class=\"grid\">\n"
            for id in nets {
                let what = capitalised(catalog.label(id, l))
                let title = l.pick("\(what) per year (\(variantName(v)))", "\(what), par an (\(variantName(v)))")
                out += fanFigure(id, variant: v, width: 430, yDomain: (ticks.lower, ticks.upper), titleOverride: title)
            }
            out += "</div>\n"
        }
        return out + "</section>\n"
    }

    // MARK: - Compare

    private func compareSection() -> String {
        var out = "<section class=\"compare\">\n<h2>\(escaped(l.pick("Mixes against the baseline: paired differences", "Les mix face à la référence : différences appariées")))</h2>\n"
        out += "<p>\(escaped(l.pick("Each mix ran on the same random numbers as the baseline, so each trial gives one paired difference (mix − baseline). The square is their mean, the whisker holds 95% of them; P(better) is the share of trials where the mix does better.", "Chaque mix a tourné sur les mêmes nombres aléatoires que la référence : chaque tirage donne une différence appariée (mix − référence). Le carré en est la moyenne, la moustache en contient 95 % ; P(mieux) est la part des tirages où le mix fait mieux.")))</p>\n"
        let last = folder.comparisons.compactMap(\.year).max()
        var wanted: [(String, Int?)] = []
        for id in ["solutions.sustainable", "solutions.active", "adoption.sites"] { wanted.append((id, last)) }
        let scalarIDs = Array(Set(folder.comparisons.filter { $0.year == nil }.map(\.metric)))
        var ordered = ["npv.spend.state"]
        ordered += scalarIDs.filter { $0.hasPrefix("npv.net.") && $0 != "npv.net.state" && $0 != "npv.net.private" }.sorted()
        ordered += ["cost_per_sustainable_solution", "net_benefit"]
        for id in ordered { wanted.append((id, nil)) }
        for (metric, year) in wanted {
            let rows = folder.comparisons.filter { $0.metric == metric && $0.year == year }
            guard !rows.isEmpty else { continue }
            out += forest(metric: metric, year: year, rows: rows)
        }
        // Trajectories of the mean of every variant.
        if folder.variants.count > 1, folder.seriesOrder.contains("solutions.sustainable") {
            let series = folder.variants.compactMap { v -> (label: String, points: [(Double, Double)])? in
                guard let p = folder.points("solutions.sustainable", variant: v) else { return nil }
                return (variantName(v), p.map { (Double($0.year), $0.stats.mean) })
            }
            let title = l.pick("Sustainable solutions at the end of each year: mean of every variant",
                               "Solutions pérennes en fin d’année : moyenne de chaque variante")
            out += figure(title, charts.lines(
                kind: "lines:solutions.sustainable", title: title, series: series,
                xLabel: l.pick("year", "année"), xFormat: { v, _ in self.l.number(v, decimals: 0, grouped: false) }, xIsYear: true,
                yLabel: l.pick("solutions at the end of the year", "solutions en fin d’année"),
                yFormat: { v, step in self.l.number(v, decimals: step < 1 ? 1 : 0) }))
        }
        return out + "</section>\n"
    }

    private func forest(metric: String, year: Int?, rows: [PairedDifference]) -> String {
        let u = display(metric, rows.flatMap { [$0.low95, $0.high95, $0.diffMean] })
        let direction = catalog.direction(metric)
        let better = direction == "higher" ? l.pick("higher is better", "plus haut est mieux")
            : direction == "lower" ? l.pick("lower is better", "plus bas est mieux") : l.pick("no better direction", "sans sens préféré")
        let what = catalog.label(metric, l) + (year.map { l.pick(" in \($0)", " en \($0)") } ?? "")
        let title = l.pick("\(capitalised(what)): difference of each mix from the baseline (\(better))",
                           "\(capitalised(what)) : écart de chaque mix à la référence (\(better))")
        let hasMCSE = rows.contains { $0.diffMCSE != nil }
        var legend = [
            LegendItem(swatch: .point(.filledSquare, Palette.main), label: l.pick("mean difference", "écart moyen")),
            LegendItem(swatch: .line(Palette.Stroke(colour: Palette.ink, dash: nil, marker: .none)), label: l.pick("95% of paired differences", "95 % des écarts appariés")),
        ]
        if hasMCSE {
            legend.append(LegendItem(swatch: .band("#c4601c"), label: l.pick("mean ± 1.96 Monte Carlo s.e.", "moyenne ± 1,96 erreur Monte-Carlo")))
        }
        let notes = rows.map { r -> String in
            // A mix that changes nothing for this metric is never better, but 0.00 would read as
            // "always worse": say so instead.
            let identical = r.diffMean == 0 && r.low95 == 0 && r.high95 == 0
            var n = identical ? l.pick("identical", "identique") : r.pBetter.map { l.number($0, decimals: 2) } ?? "—"
            if let m = r.diffMCSE { n += " · ±" + u.number(m) }
            return n
        }
        let yLabel = u.isYear ? l.pick("years", "années") : u.suffix
        let svg = charts.rows(
            kind: "forest:\(metric)", title: title, labels: rows.map(\.mix), rowTitle: l.pick("mix", "mix"), legend: legend,
            values: rows.flatMap { [$0.low95, $0.high95, $0.diffMean] },
            xLabel: l.pick("difference mix − baseline (\(yLabel))", "écart mix − référence (\(yLabel))"),
            xFormat: { v, step in u.isYear ? self.l.number(v, decimals: step < 1 ? 1 : 0) : u.tick(v, step: step) },
            notesHeader: hasMCSE ? l.pick("P(better) · MCSE", "P(mieux) · erreur MC") : l.pick("P(better)", "P(mieux)"), notes: notes,
            references: [ReferenceLine(value: 0, label: l.pick("no difference", "aucun écart"))]
        ) { x, i, cy in
            let r = rows[i]
            var g = Charts.whisker(x, low: r.low95, high: r.high95, y: cy, colour: "#444444")
            if let m = r.diffMCSE, r.diffMean.isFinite {
                g += Charts.bar(x, from: r.diffMean - 1.96 * m, to: r.diffMean + 1.96 * m, y: cy, height: 10, fill: "#c4601c", cls: "mcse")
            }
            if r.diffMean.isFinite { g += "<rect class=\"diff-mean\" x=\"\(px(x(r.diffMean) - 4.5))\" y=\"\(px(cy - 4.5))\" width=\"9\" height=\"9\" fill=\"\(Palette.main)\"/>" }
            return g
        }
        return figure(title, svg)
    }

    // MARK: - Sweep

    private func sweepSection() -> String {
        var out = "<section class=\"sweep\">\n<h2>\(escaped(l.pick("Splitting the budget: the frontier", "Répartir le budget : la frontière")))</h2>\n"
        let last = lastYear
        let title = l.pick("Every split of the budget: expected State spend against sustainable solutions (Pareto-efficient splits joined)",
                           "Chaque répartition du budget : dépense attendue de l’État et solutions pérennes (répartitions Pareto-efficaces reliées)")
        out += figure(title, charts.frontier(kind: "frontier", title: title, points: folder.frontier, lastYear: last),
                      note: l.pick("A split is Pareto-efficient when no other spends as little or less for as many or more sustainable solutions. Vertical bars: ± 1.96 Monte Carlo standard errors.",
                                   "Une répartition est Pareto-efficace quand aucune autre ne dépense autant ou moins pour autant ou plus de solutions pérennes. Barres verticales : ± 1,96 erreur Monte-Carlo."))
        let efficient = folder.frontier.filter(\.pareto).sorted { $0.publicSpend < $1.publicSpend }
        let spend = DisplayUnit(unit: "€", magnitude: efficient.map { abs($0.publicSpend) }.max() ?? 0, language: l)
        out += "<table class=\"frontier\">\n<caption>\(escaped(l.pick("The Pareto-efficient splits, cheapest first", "Les répartitions Pareto-efficaces, de la moins chère à la plus chère")))</caption>\n<thead><tr><th>\(escaped(l.pick("split", "répartition")))</th>"
        for id in folder.frontierInstruments { out += "<th>\(escaped(id))</th>" }
        out += "<th>\(escaped(l.pick("State spend (\(spend.suffix))", "dépense de l’État (\(spend.suffix))")))</th><th>\(escaped(l.pick("sustainable solutions", "solutions pérennes")))</th><th>\(escaped(l.pick("P(at least one)", "P(au moins une)")))</th></tr></thead>\n<tbody>\n"
        for p in efficient {
            out += "<tr><th>\(p.split)</th>"
            for s in p.shares { out += "<td>\(escaped(l.percent(s)))</td>" }
            // Two decimals: splits of one budget often spend within a few tenths of each other.
            out += "<td>\(escaped(l.number(p.publicSpend / spend.divisor, decimals: 2)))</td><td>\(escaped(l.number(p.sustainable, decimals: 2) + " ± " + l.number(1.96 * p.sustainableMCSE, decimals: 2)))</td><td>\(escaped(l.number(p.pAnySustainable, decimals: 3)))</td></tr>\n"
        }
        return out + "</tbody>\n</table>\n</section>\n"
    }

    // MARK: - Sensitivity

    private func metricTitle(_ metric: String, _ year: Int?) -> String {
        catalog.label(metric, l) + (year.map { l.pick(" in \($0)", " en \($0)") } ?? "")
    }

    private func sensitivitySection() -> String {
        var out = "<section class=\"sensitivity\">\n<h2>\(escaped(l.pick("What drives the results: sensitivity", "Ce qui pèse sur les résultats : sensibilité")))</h2>\n"
        var targets: [(String, Int?)] = []
        for r in folder.sensitivity where !targets.contains(where: { $0.0 == r.metric && $0.1 == r.year }) { targets.append((r.metric, r.year)) }
        let maxRows = 20
        for (metric, year) in targets {
            let rows = folder.sensitivity.filter { $0.metric == metric && $0.year == year }
            let what = metricTitle(metric, year)
            let tornado = rows.filter { $0.method == "tornado" }.sorted { $0.value > $1.value }
            if !tornado.isEmpty {
                let shown = Array(tornado.prefix(maxRows))
                let base = distribution(metric, year: year, variant: folder.mainVariant ?? "baseline")?.mean
                let mids = tornado.map { ($0.low + $0.high) / 2 }.filter(\.isFinite).sorted()
                let center = base ?? (mids.isEmpty ? 0 : mids[mids.count / 2])
                let u = display(metric, shown.flatMap { [$0.low, $0.high] } + [center])
                let title = l.pick("\(capitalised(what)): mean when one parameter is pinned at its 5th or 95th percentile (tornado)",
                                   "\(capitalised(what)) : moyenne quand un paramètre est fixé à son 5e ou 95e centile (tornade)")
                let svg = charts.rows(
                    kind: "tornado:\(metric)", title: title, labels: shown.map(\.parameter), rowTitle: l.pick("parameter", "paramètre"),
                    legend: [LegendItem(swatch: .fill(2), label: l.pick("parameter at its 5th percentile", "paramètre à son 5e centile")),
                             LegendItem(swatch: .fill(0), label: l.pick("at its 95th percentile", "à son 95e centile"))],
                    patternCount: 3, values: shown.flatMap { [$0.low, $0.high] } + [center], includeZero: false,
                    xLabel: l.pick("mean of \(catalog.label(metric, l)) (\(u.suffix))", "moyenne de \(catalog.label(metric, l)) (\(u.suffix))"),
                    xFormat: { v, s in u.tick(v, step: s) },
                    notesHeader: l.pick("swing", "écart"), notes: shown.map { u.number($0.value) },
                    references: [ReferenceLine(value: center, label: (base != nil ? l.pick("mean with every parameter drawn: ", "moyenne, tous paramètres tirés : ") : l.pick("base ≈ ", "base ≈ ")) + u.withUnit(center), dashed: false)]
                ) { x, i, cy in
                    let r = shown[i]
                    return Charts.bar(x, from: center, to: r.low, y: cy, height: 14, fill: Palette.fillAttribute(2, chart: ""), cls: "bar low")
                        + Charts.bar(x, from: center, to: r.high, y: cy, height: 14, fill: Palette.fillAttribute(0, chart: ""), cls: "bar high")
                }
                out += figure(title, svg, note: tornado.count > maxRows ? l.pick("\(tornado.count - maxRows) more parameters with smaller swings are not drawn.", "\(tornado.count - maxRows) autres paramètres, d’effet plus faible, ne sont pas tracés.") : nil)
            }
            for method in ["prcc", "src"] {
                let r = rows.filter { $0.method == method }.sorted { abs($0.value) > abs($1.value) }
                guard !r.isEmpty else { continue }
                let shown = Array(r.prefix(maxRows))
                let name = method == "prcc" ? l.pick("partial rank correlation", "corrélation partielle des rangs")
                    : l.pick("standardised regression coefficient", "coefficient de régression standardisé")
                let title = l.pick("\(capitalised(what)): \(name) of each parameter, with its 95% interval",
                                   "\(capitalised(what)) : \(name) de chaque paramètre, avec son intervalle à 95 %")
                let svg = charts.rows(
                    kind: "\(method):\(metric)", title: title, labels: shown.map(\.parameter), rowTitle: l.pick("parameter", "paramètre"),
                    legend: [LegendItem(swatch: .fill(2), label: name), LegendItem(swatch: .line(Palette.Stroke(colour: Palette.ink, dash: nil, marker: .none)), label: l.pick("95% interval", "intervalle à 95 %"))],
                    patternCount: 3, values: shown.flatMap { [$0.ciLow, $0.ciHigh, $0.value] }, domain: (-1, 1),
                    xLabel: name + " (−1 … 1)", xFormat: { v, _ in self.l.number(v, decimals: 1) },
                    notesHeader: "p", notes: shown.map { $0.pValue.isFinite ? ($0.pValue < 0.001 ? "< " + self.l.number(0.001, decimals: 3) : self.l.number($0.pValue, decimals: 3)) : "" },
                    references: [ReferenceLine(value: 0, label: "")]
                ) { x, i, cy in
                    let row = shown[i]
                    return Charts.bar(x, from: 0, to: row.value, y: cy, height: 12, fill: Palette.fillAttribute(2, chart: ""))
                        + Charts.whisker(x, low: row.ciLow, high: row.ciHigh, y: cy)
                }
                out += figure(title, svg)
            }
            let first = rows.filter { $0.method == "sobol.first" }
            let total = rows.filter { $0.method == "sobol.total" }
            if !first.isEmpty || !total.isEmpty {
                var parameters: [String] = []
                for r in total.sorted(by: { $0.value > $1.value }) + first.sorted(by: { $0.value > $1.value }) where !parameters.contains(r.parameter) {
                    parameters.append(r.parameter)
                }
                let shown = Array(parameters.prefix(maxRows))
                let title = l.pick("\(capitalised(what)): share of the variance due to each parameter (Sobol' indices, 95% intervals)",
                                   "\(capitalised(what)) : part de la variance due à chaque paramètre (indices de Sobol', intervalles à 95 %)")
                let all = (first + total).filter { shown.contains($0.parameter) }
                let hi = max(1, all.flatMap { [$0.value, $0.ciHigh] }.filter(\.isFinite).max() ?? 1)
                let lo = min(0, all.flatMap { [$0.value, $0.ciLow] }.filter(\.isFinite).min() ?? 0)
                let svg = charts.rows(
                    kind: "sobol:\(metric)", title: title, labels: shown, rowTitle: l.pick("parameter", "paramètre"),
                    legend: [LegendItem(swatch: .fill(0), label: l.pick("first order (alone)", "premier ordre (seul)")),
                             LegendItem(swatch: .fill(3), label: l.pick("total (with interactions)", "total (avec interactions)")),
                             LegendItem(swatch: .line(Palette.Stroke(colour: Palette.ink, dash: nil, marker: .none)), label: l.pick("95% interval", "intervalle à 95 %"))],
                    patternCount: 4, values: [], domain: (lo, hi),
                    xLabel: l.pick("Sobol' index (share of variance, 0–1)", "indice de Sobol' (part de la variance, 0–1)"),
                    xFormat: { v, _ in self.l.number(v, decimals: 1) },
                    notesHeader: l.pick("first · total", "premier · total"),
                    notes: shown.map { p in
                        let f = first.first { $0.parameter == p }?.value ?? .nan, t = total.first { $0.parameter == p }?.value ?? .nan
                        return self.l.number(f, decimals: 2) + " · " + self.l.number(t, decimals: 2)
                    },
                    references: [ReferenceLine(value: 0, label: "", dashed: false)], rowHeight: 30
                ) { x, i, cy in
                    var g = ""
                    if let f = first.first(where: { $0.parameter == shown[i] }) {
                        g += Charts.bar(x, from: 0, to: f.value, y: cy - 6, height: 10, fill: Palette.fillAttribute(0, chart: ""), cls: "bar first")
                        g += Charts.whisker(x, low: f.ciLow, high: f.ciHigh, y: cy - 6, cap: 3, width: 1.1)
                    }
                    if let t = total.first(where: { $0.parameter == shown[i] }) {
                        g += Charts.bar(x, from: 0, to: t.value, y: cy + 6, height: 10, fill: Palette.fillAttribute(3, chart: ""), cls: "bar total")
                        g += Charts.whisker(x, low: t.ciLow, high: t.ciHigh, y: cy + 6, cap: 3, width: 1.1)
                    }
                    return g
                }
                out += figure(title, svg)
            }
        }
        return out + "</section>\n"
    }

    // MARK: - Decide

    private func decideSection() -> String {
        var out = "<section class=\"decide\">\n<h2>\(escaped(l.pick("What to fund: net benefit and value of information", "Que financer : bénéfice net et valeur de l’information")))</h2>\n"
        if !folder.decision.isEmpty {
            let u = DisplayUnit(unit: "€", magnitude: folder.decision.flatMap { [abs($0.nbMean), abs($0.expectedLoss)] }.filter(\.isFinite).max() ?? 0, language: l)
            out += "<table class=\"decision\">\n<caption>\(escaped(l.pick("Net benefit of each variant (\(u.suffix)); P(best): share of trials where it is the best; expected loss: what choosing it forgoes on average", "Bénéfice net de chaque variante (\(u.suffix)) ; P(meilleure) : part des tirages où elle est la meilleure ; perte attendue : ce que son choix fait perdre en moyenne")))</caption>\n"
            out += "<thead><tr><th>\(escaped(l.pick("variant", "variante")))</th><th>\(escaped(l.pick("mean net benefit", "bénéfice net moyen")))</th><th>\(escaped(l.pick("sd", "écart-type")))</th><th>MCSE</th><th>\(escaped(l.pick("P(best)", "P(meilleure)")))</th><th>\(escaped(l.pick("expected loss", "perte attendue")))</th></tr></thead>\n<tbody>\n"
            for r in folder.decision {
                out += "<tr><th>\(escaped(variantName(r.variant)))</th>"
                for v in [r.nbMean, r.nbSD, r.nbMCSE] { out += "<td>\(escaped(u.number(v)))</td>" }
                out += "<td>\(escaped(l.percent(r.pBest, decimals: 1)))</td><td>\(escaped(u.number(r.expectedLoss)))</td></tr>\n"
            }
            out += "</tbody>\n</table>\n"
        }
        if !folder.acceptability.isEmpty {
            var names: [String] = []
            for r in folder.acceptability where !names.contains(r.variant) { names.append(r.variant) }
            let series = names.map { n in
                (label: variantName(n), points: folder.acceptability.filter { $0.variant == n }.sorted { $0.worth < $1.worth }.map { ($0.worth, $0.pBest) })
            }
            let u = DisplayUnit(unit: "€", magnitude: folder.acceptability.map { abs($0.worth) }.max() ?? 0, language: l)
            let title = l.pick("Probability that each variant is the best, by the worth of a sustainable solution (acceptability curves)",
                               "Probabilité que chaque variante soit la meilleure, selon la valeur d’une solution pérenne (courbes d’acceptabilité)")
            out += figure(title, charts.lines(
                kind: "acceptability", title: title, series: series,
                xLabel: l.pick("worth of one sustainable solution (\(u.suffix))", "valeur d’une solution pérenne (\(u.suffix))"),
                xFormat: { v, s in u.tick(v, step: s) },
                yLabel: l.pick("probability of being the best (0–1)", "probabilité d’être la meilleure (0–1)"),
                yFormat: { v, _ in self.l.number(v, decimals: 1) }, yDomain: (0, 1)))
        }
        let evpi = folder.voi.first { $0.scope == "all" }
        let partial = folder.voi.filter { $0.scope != "all" }.sorted { $0.evppi > $1.evppi }
        if !partial.isEmpty {
            let shown = Array(partial.prefix(20))
            let values = shown.flatMap { [$0.evppi, $0.evppi + 1.96 * ($0.evppiSE.isFinite ? $0.evppiSE : 0)] } + [evpi?.evppi ?? 0]
            let u = DisplayUnit(unit: "€", magnitude: values.filter(\.isFinite).map(abs).max() ?? 0, language: l)
            let title = l.pick("What perfect information on a parameter or group would be worth (EVPPI, ± 1.96 standard errors)",
                               "Ce que vaudrait une information parfaite sur un paramètre ou un groupe (EVPPI, ± 1,96 erreur type)")
            let labels = shown.map { r -> String in
                r.scope == "group" ? l.pick("group ", "groupe ") + r.name : r.name
            }
            let svg = charts.rows(
                kind: "evppi", title: title, labels: labels, rowTitle: l.pick("parameter or group", "paramètre ou groupe"),
                legend: [LegendItem(swatch: .fill(2), label: "EVPPI"),
                         LegendItem(swatch: .line(Palette.Stroke(colour: Palette.ink, dash: "4 3", marker: .none)), label: l.pick("EVPI (all parameters)", "EVPI (tous les paramètres)"))],
                patternCount: 3, values: values,
                xLabel: l.pick("expected value of partial perfect information (\(u.suffix))", "valeur attendue de l’information parfaite partielle (\(u.suffix))"),
                xFormat: { v, s in u.tick(v, step: s) },
                notesHeader: l.pick("share of EVPI", "part de l’EVPI"), notes: shown.map { self.l.percent($0.shareOfEVPI) },
                references: evpi.map { [ReferenceLine(value: $0.evppi, label: "EVPI " + u.withUnit($0.evppi))] } ?? []
            ) { x, i, cy in
                let r = shown[i]
                let se = r.evppiSE.isFinite ? r.evppiSE : 0
                return Charts.bar(x, from: 0, to: r.evppi, y: cy, height: 12, fill: Palette.fillAttribute(2, chart: ""))
                    + (se > 0 ? Charts.whisker(x, low: r.evppi - 1.96 * se, high: r.evppi + 1.96 * se, y: cy) : "")
            }
            out += figure(title, svg)
        } else if let evpi {
            let u = DisplayUnit(unit: "€", magnitude: abs(evpi.evppi), language: l)
            out += "<p>\(escaped(l.pick("Expected value of perfect information (EVPI): ", "Valeur attendue de l’information parfaite (EVPI) : ") + u.withUnit(evpi.evppi)))</p>\n"
        }
        return out + "</section>\n"
    }

    // MARK: - Calibration

    private func calibrationSection() -> String {
        var out = "<section class=\"calibration\">\n<h2>\(escaped(l.pick("Does the model reproduce what was observed?", "Le modèle reproduit-il ce qui a été observé ?")))</h2>\n"
        out += "<p>\(escaped(l.pick("For each observed fact: the observed range (hatched) over the model's range before conditioning (p05–p95 bar, median tick, mean diamond), and the share of trials inside the observed range.", "Pour chaque fait observé : la plage observée (hachurée) sur la plage du modèle avant conditionnement (barre p05–p95, trait de la médiane, losange de la moyenne), et la part des tirages dans la plage observée.")))</p>\n"
        for r in folder.calibration {
            let u = display(r.metric, [r.low, r.high, r.modelP05, r.modelP95])
            let what = metricTitle(r.metric, r.year)
            let title = l.pick("\(capitalised(what)): observed range and the model's", "\(capitalised(what)) : plage observée et celle du modèle")
            let unitText = u.isYear ? l.pick("year", "année") : u.suffix
            let svg = charts.rows(
                kind: "calibration:\(r.metric)", title: title,
                labels: [l.pick("observed", "observé"), l.pick("model", "modèle")], rowTitle: l.pick("source", "source"),
                legend: [LegendItem(swatch: .range, label: l.pick("observed range", "plage observée")),
                         LegendItem(swatch: .band(Palette.bandInner), label: l.pick("model p05–p95", "modèle p05–p95")),
                         LegendItem(swatch: .point(.diamond, Palette.main), label: l.pick("model mean", "moyenne du modèle"))],
                values: [r.low, r.high, r.modelP05, r.modelP95, r.modelMean], includeZero: false,
                xLabel: what + " (\(unitText))", xFormat: { v, s in u.isYear ? self.l.number(v, decimals: 0, grouped: false) : u.tick(v, step: s) },
                notesHeader: l.pick("inside", "dedans"), notes: [l.percent(r.shareInside), ""], rowHeight: 26
            ) { x, i, cy in
                if i == 0 {
                    let a = x(r.low), b = x(r.high)
                    return "<rect class=\"observed\" x=\"\(px(min(a, b)))\" y=\"\(px(cy - 8))\" width=\"\(px(max(2, abs(b - a))))\" height=\"16\" fill=\"url(#\(charts.lastID)-observed)\" stroke=\"\(Palette.ink)\" stroke-width=\"1.2\"/>"
                }
                var g = Charts.bar(x, from: r.modelP05, to: r.modelP95, y: cy, height: 14, fill: Palette.bandInner, cls: "model")
                if r.modelP50.isFinite { g += "<line x1=\"\(px(x(r.modelP50)))\" y1=\"\(px(cy - 9))\" x2=\"\(px(x(r.modelP50)))\" y2=\"\(px(cy + 9))\" stroke=\"\(Palette.ink)\" stroke-width=\"2\"/>" }
                if r.modelMean.isFinite { g += Palette.marker(.diamond, x: x(r.modelMean), y: cy, colour: Palette.main, size: 4.5) }
                return g
            }
            out += figure(title, svg)
        }
        return out + "</section>\n"
    }

    // MARK: - Style

    static let css = """

    :root { color-scheme: light; }
    body { font-family: system-ui, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #222222; background: #ffffff; margin: 0; line-height: 1.45; }
    main { max-width: 940px; margin: 0 auto; padding: 24px 28px 40px; }
    h1 { font-size: 1.6em; margin: 0 0 4px; }
    h2 { font-size: 1.3em; margin: 36px 0 10px; border-bottom: 2px solid #1f3b63; padding-bottom: 4px; }
    h3 { font-size: 1.05em; margin: 24px 0 8px; }
    .subtitle { color: #555555; margin: 0 0 10px; }
    .lede, .note { color: #444444; font-size: 0.92em; }
    .warnings { border-left: 4px solid #a83232; padding: 2px 12px; background: #f8f1f1; margin: 12px 0; font-size: 0.92em; }
    figure { margin: 18px 0 26px; }
    figcaption { font-weight: 600; margin-bottom: 6px; }
    svg.chart { display: block; max-width: 100%; height: auto; }
    svg.chart text { fill: #222222; }
    svg.chart .axis-label { font-weight: 600; }
    svg.chart .tick-label, svg.chart .note, svg.chart .point-label { font-variant-numeric: tabular-nums; }
    .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(400px, 1fr)); gap: 4px 18px; }
    .grid figure { margin: 8px 0 14px; }
    table { border-collapse: collapse; margin: 12px 0 20px; font-size: 0.93em; font-variant-numeric: tabular-nums; }
    caption { text-align: left; font-weight: 600; padding-bottom: 6px; }
    th, td { border-bottom: 1px solid #d5d5d5; padding: 4px 10px; vertical-align: top; }
    thead th { border-bottom: 2px solid #555555; text-align: right; }
    thead th:first-child, tbody th { text-align: left; font-weight: normal; }
    table.headlines tbody th { min-width: 15em; }
    td { text-align: right; }
    .range { color: #666666; font-size: 0.88em; white-space: nowrap; }
    footer { margin-top: 44px; font-size: 0.9em; }
    dl.provenance { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; }
    dl.provenance dt { color: #555555; }
    dl.provenance dd { margin: 0; overflow-wrap: anywhere; font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 0.92em; }
    @media print {
      @page { size: A4; margin: 14mm 12mm; }
      body { font-size: 10pt; }
      main { max-width: none; padding: 0; }
      h2 { break-after: avoid; }
      figure, table, .grid figure { break-inside: avoid; page-break-inside: avoid; }
      .grid { display: block; }
      svg.chart { width: 100%; }
      .warnings { background: none; }
    }

    """
}

/// The text with its first letter in capitals (labels start lower-case to sit inside sentences).
func capitalised(_ text: String) -> String {
    guard let first = text.first else { return text }
    return first.uppercased() + text.dropFirst()
}
