import Foundation

/// How the values of one unit are shown: money scaled to M€ or k€ for the whole chart or table
/// row, counts as counts, 0/1 indicators as probabilities, years without a thousands separator.
struct DisplayUnit: Sendable {
    /// The unit as metrics.csv spells it (`€`, `solutions`, `sites`, `0/1`, …).
    let unit: String
    /// Values are divided by this before they are written (1e6 for M€).
    let divisor: Double
    /// What the reader sees after the number and in axis titles (`M€`, `solutions`, `probability`).
    let suffix: String
    let language: ReportLanguage

    /// The display for values of `unit` whose largest magnitude is `magnitude`.
    init(unit: String, magnitude: Double, language: ReportLanguage) {
        self.unit = unit
        self.language = language
        if unit.hasPrefix("€") {
            let m = magnitude.isFinite ? magnitude : 0
            if m >= 1e6 || m == 0 { divisor = 1e6; suffix = "M€" }
            else if m >= 1e3 { divisor = 1e3; suffix = "k€" }
            else { divisor = 1; suffix = "€" }
        } else if magnitude.isFinite, magnitude >= 1e6, unit != "year", unit != "0/1" {
            // 50,000,000 uses read better as 50 million uses (and fit beside the axis).
            divisor = 1e6
            let word = DisplayUnit.word(unit, language)
            let elided = word.first.map { "aeiouéh".contains($0) } ?? false
            suffix = language.pick("million \(word)", "millions " + (elided ? "d’" : "de ") + word)
        } else {
            divisor = 1
            suffix = DisplayUnit.word(unit, language)
        }
    }

    /// The reader's word for a unit of metrics.csv.
    static func word(_ unit: String, _ language: ReportLanguage) -> String {
        switch unit {
        case "solutions": return "solutions"
        case "projects": return language.pick("projects", "projets")
        case "participants": return "participants"
        case "sites": return "sites"
        case "uses": return language.pick("uses", "utilisations")
        case "year": return language.pick("year", "année")
        case "years": return language.pick("years", "années")
        case "0/1": return language.pick("probability", "probabilité")
        case "": return language.pick("value", "valeur")
        default: return unit
        }
    }

    var isYear: Bool { unit == "year" }
    var isProbability: Bool { unit == "0/1" }

    /// A value on its own (a table cell): about three significant digits, no unit.
    func number(_ x: Double) -> String {
        guard x.isFinite else { return "—" }
        if isYear { return language.number(x, decimals: 0, grouped: false) }
        if isProbability { return language.number(x, decimals: 2) }
        let v = x / divisor
        let a = abs(v)
        // Money: M€ with one decimal (1 234,5 M€; two below 1 M€, so 0,05 stays visible), k€ and €
        // whole; counts to about three digits.
        if unit.hasPrefix("€") { return language.number(v, decimals: divisor == 1e6 ? (a >= 1 ? 1 : 2) : 0) }
        let decimals = a >= 100 || (a == a.rounded() && divisor == 1) ? 0 : a >= 10 ? 1 : 2
        return language.number(v, decimals: decimals)
    }

    /// A value with its unit (`12,5 M€`, `8.1 solutions`); years and probabilities bare.
    func withUnit(_ x: Double) -> String {
        guard x.isFinite else { return "—" }
        if isYear || isProbability || unit.isEmpty { return number(x) }
        return number(x) + ReportLanguage.unitSpace + suffix
    }

    /// A tick label: as many decimals as the tick step needs.
    func tick(_ x: Double, step: Double) -> String {
        let v = x / divisor
        let s = step / divisor
        // The fewest decimals that write the step exactly (2.5 needs one, 0.25 two).
        var decimals = 0
        while decimals < 6, s > 0, abs(s * pow(10, Double(decimals)) - (s * pow(10, Double(decimals))).rounded()) > 1e-6 { decimals += 1 }
        return language.number(v, decimals: decimals, grouped: !isYear)
    }
}

/// What a metric is, from metrics.csv, with fallbacks for folders written before it existed.
struct MetricInfo: Sendable {
    var id: String
    var label: String?
    var unit: String
    var kind: String
    var direction: String
}

/// Labels, units and directions of the metrics a folder's files name.
struct MetricCatalog: Sendable {
    private var byID: [String: MetricInfo] = [:]
    /// True when the folder has its own metrics.csv.
    private(set) var fromFile = false

    init(rows: [MetricInfo] = []) {
        for row in rows { byID[row.id] = row }
        fromFile = !rows.isEmpty
    }

    func info(_ id: String) -> MetricInfo {
        if let known = byID[id] { return known }
        return MetricInfo(id: id, label: nil, unit: MetricCatalog.inferredUnit(id), kind: "", direction: "none")
    }

    func unit(_ id: String) -> String { info(id).unit }

    /// The unit a metric id implies by its family (DESIGN §5, notebooks-data/README.md), when metrics.csv
    /// is absent or does not list it.
    static func inferredUnit(_ id: String) -> String {
        let money = ["spend.", "net.", "savings.", "revenue.", "npv.", "opex.", "savings_cash.", "cost_per_"]
        if money.contains(where: { id.hasPrefix($0) }) || id == "net_benefit" { return "€" }
        if id == "solutions.sustainable.any" || id.hasPrefix("cap.breached") { return "0/1" }
        if id.hasPrefix("solutions.") { return "solutions" }
        if id == "adoption.sites" { return "sites" }
        if id == "adoption.uses" { return "uses" }
        if id.hasPrefix("projects.") || id.hasPrefix("assessment.") && id != "assessment.wait" { return "projects" }
        if id == "assessment.wait" { return "years" }
        if id.hasPrefix("participants.") { return "participants" }
        if id == "breakeven_year" { return "year" }
        return ""
    }

    /// The reader's name for a metric: built-in wording for the metrics the report draws (in both
    /// languages), else metrics.csv's label, else the id itself.
    func label(_ id: String, _ language: ReportLanguage) -> String {
        if let known = MetricCatalog.builtInLabel(id, language) { return known }
        if let label = byID[id]?.label, !label.isEmpty { return label }
        return id
    }

    static func payerName(_ payer: String, _ language: ReportLanguage) -> String {
        switch payer {
        case "state": return language.pick("State", "État")
        case "private": return language.pick("private", "privé")
        case "assurance_maladie": return "Assurance Maladie"
        case "hospitals": return language.pick("hospitals", "hôpitaux")
        default: return payer.replacingOccurrences(of: "_", with: " ")
        }
    }

    static func builtInLabel(_ id: String, _ l: ReportLanguage) -> String? {
        switch id {
        case "solutions.launched": return l.pick("solutions launched", "solutions lancées")
        case "solutions.active": return l.pick("solutions in use", "solutions en service")
        case "solutions.sustainable": return l.pick("sustainable solutions", "solutions pérennes")
        case "solutions.withdrawn": return l.pick("solutions withdrawn", "solutions retirées")
        case "solutions.cliff": return l.pick("solutions off the proof-of-concept cliff", "solutions tombées de la falaise de la preuve de concept")
        case "adoption.sites": return l.pick("adopting site-solutions", "couples site-solution adoptants")
        case "adoption.uses": return l.pick("uses of AI solutions", "utilisations de solutions d’IA")
        case "cost_per_sustainable_solution": return l.pick("State spend per sustainable solution", "dépense de l’État par solution pérenne")
        case "breakeven_year": return l.pick("breakeven year", "année d’équilibre")
        case "solutions.sustainable.any": return l.pick("probability of at least one sustainable solution", "probabilité d’au moins une solution pérenne")
        case "net_benefit": return l.pick("net benefit", "bénéfice net")
        default: break
        }
        let parts = id.split(separator: ".").map(String.init)
        if parts.count == 3, parts[0] == "npv" {
            let payer = payerName(parts[2], l)
            switch parts[1] {
            case "spend": return l.pick("spend by \(payer) (NPV)", "dépense — \(payer) (VAN)")
            case "net": return l.pick("net cost to \(payer) (NPV)", "coût net — \(payer) (VAN)")
            case "savings": return l.pick("savings to \(payer) (NPV)", "économies — \(payer) (VAN)")
            default: return nil
            }
        }
        if parts.count == 3, parts[0] == "spend", parts[2] == "total" {
            return l.pick("spend by \(payerName(parts[1], l))", "dépense — \(payerName(parts[1], l))")
        }
        if parts.count == 2, parts[0] == "net" { return l.pick("net cost to \(payerName(parts[1], l))", "coût net — \(payerName(parts[1], l))") }
        if parts.count == 2, parts[0] == "savings" { return l.pick("savings to \(payerName(parts[1], l))", "économies — \(payerName(parts[1], l))") }
        return nil
    }

    /// `higher`, `lower` or `none`: from metrics.csv, else the README's table.
    func direction(_ id: String) -> String {
        if let d = byID[id]?.direction, !d.isEmpty { return d }
        let higher = ["solutions.launched", "solutions.active", "solutions.sustainable", "adoption.sites", "adoption.uses",
                      "solutions.sustainable.any", "net_benefit"]
        if higher.contains(id) || id.hasPrefix("savings") || id.hasPrefix("revenue.") || id.hasPrefix("npv.savings.")
            || id.hasPrefix("npv.revenue.") { return "higher" }
        let lowerPrefixes = ["spend.", "net.", "npv.spend.", "npv.net.", "projects.failed.", "cap.breached."]
        if lowerPrefixes.contains(where: { id.hasPrefix($0) })
            || ["solutions.withdrawn", "solutions.cliff", "cost_per_sustainable_solution", "breakeven_year"].contains(id) {
            return "lower"
        }
        return "none"
    }
}
