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

/// What a metric is: one line of the folder's metrics.csv (DESIGN §10).
struct MetricInfo: Sendable {
    var id: String
    var label: String
    /// `€`, `solutions`, `projects`, `participants`, `sites`, `uses`, `year`, `years` or `0/1`.
    var unit: String
    /// `flow`, `stock` or `scalar`.
    var kind: String
    /// `higher`, `lower` or `none`.
    var direction: String
}

/// Labels, units, kinds and directions of the metrics a folder's files name, as its metrics.csv
/// states them. Nothing here guesses a metric's meaning from its id: ``ResultFolder`` refuses a
/// folder whose files name a metric that metrics.csv does not describe.
struct MetricCatalog: Sendable {
    private var byID: [String: MetricInfo] = [:]

    init(rows: [MetricInfo] = []) {
        for row in rows where byID[row.id] == nil { byID[row.id] = row }
    }

    func contains(_ id: String) -> Bool { byID[id] != nil }

    /// metrics.csv's unit of `id` (empty for an id it does not list: a value without unit).
    func unit(_ id: String) -> String { byID[id]?.unit ?? "" }

    /// metrics.csv's kind of `id`: `flow`, `stock` or `scalar`.
    func kind(_ id: String) -> String { byID[id]?.kind ?? "" }

    /// metrics.csv's direction of `id`: `higher`, `lower` or `none`.
    func direction(_ id: String) -> String { byID[id]?.direction ?? "none" }

    /// The reader's name for a metric, starting lower-case so that it sits inside a sentence.
    ///
    /// metrics.csv's label in English. It is English only, so a French report words the documented
    /// ids it draws itself (DESIGN §5, notebooks-data/README.md) and falls back to the file's label
    /// for the others; the id itself when even that is empty.
    func label(_ id: String, _ language: ReportLanguage) -> String {
        if language == .fr, let french = MetricCatalog.frenchLabel(id) { return french }
        guard let label = byID[id]?.label, !label.isEmpty else { return id }
        return MetricCatalog.sentenceCase(label)
    }

    /// The label with its first letter lower-cased unless the first word is a proper name or an
    /// acronym (`State`, `NPV`), and payer ids' underscores read as spaces (`Assurance_maladie`).
    static func sentenceCase(_ label: String) -> String {
        let text = label.replacingOccurrences(of: "_", with: " ")
        let firstWord = text.prefix { $0 != " " }
        let properNames: Set<Substring> = ["State", "Assurance", "AI", "NPV"]
        guard let first = text.first, !properNames.contains(firstWord),
              firstWord.dropFirst().allSatisfy({ !$0.isUppercase }) else { return text }
        return first.lowercased() + text.dropFirst()
    }

    /// French words for the payers every scenario has, and for the Assurance Maladie and hospitals
    /// of the shipped ones; any other payer as written in its scenario.
    static func frenchPayer(_ payer: String) -> String {
        switch payer {
        case "state": return "État"
        case "private": return "privé"
        case "assurance_maladie": return "Assurance Maladie"
        case "hospitals": return "hôpitaux"
        default: return payer.replacingOccurrences(of: "_", with: " ")
        }
    }

    /// French wording of the documented ids the report draws and headlines: the fixed outcome ids,
    /// and the payer families `spend.<payer>.total`, `net.<payer>`, `savings.<payer>` and
    /// `npv.spend|net|savings.<payer>`. The unit, kind and direction still come from metrics.csv.
    static func frenchLabel(_ id: String) -> String? {
        switch id {
        case "solutions.launched": return "solutions lancées"
        case "solutions.active": return "solutions en service"
        case "solutions.sustainable": return "solutions pérennes"
        case "solutions.withdrawn": return "solutions retirées"
        case "solutions.cliff": return "solutions tombées de la falaise de la preuve de concept"
        case "adoption.sites": return "sites adoptants"
        case "adoption.uses": return "utilisations"
        case "cost_per_sustainable_solution": return "dépense de l’État par solution pérenne"
        case "breakeven_year": return "année d’équilibre"
        case "solutions.sustainable.any": return "au moins une solution pérenne"
        case "net_benefit": return "bénéfice net"
        default: break
        }
        let parts = id.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        if parts.count == 3, parts[0] == "npv" {
            let payer = frenchPayer(parts[2])
            switch parts[1] {
            case "spend": return "dépense — \(payer) (VAN)"
            case "net": return "coût net — \(payer) (VAN)"
            case "savings": return "économies — \(payer) (VAN)"
            default: return nil
            }
        }
        if parts.count == 3, parts[0] == "spend", parts[2] == "total" { return "dépense — \(frenchPayer(parts[1]))" }
        if parts.count == 2, parts[0] == "net" { return "coût net — \(frenchPayer(parts[1]))" }
        if parts.count == 2, parts[0] == "savings" { return "économies — \(frenchPayer(parts[1]))" }
        return nil
    }
}
