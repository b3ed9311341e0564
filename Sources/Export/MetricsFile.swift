import FundingModel

/// metrics.csv (DESIGN §10): what every metric of a command's files is, so that no reader (a
/// report, a notebook, an Excel user) guesses a label, a unit or a direction from an id.
///
/// One line per metric: `metric` (its id), `label` (a short human label, usable as an axis title),
/// `unit` (€, solutions, projects, participants, sites, uses, year, years or 0/1), `kind` (flow,
/// stock or scalar) and `direction` (higher, lower or none).
public struct MetricsFile: Sendable {
    public let formatter: CSVFormatter

    public init(dialect: CSVDialect) {
        formatter = CSVFormatter(dialect: dialect)
    }

    public static let header = ["metric", "label", "unit", "kind", "direction"]

    public func bytes(_ metrics: [Metric]) -> [UInt8] {
        var text = formatter.line(MetricsFile.header)
        // Ids and the enumerated columns are spelled as in the other files; only labels need quoting.
        for m in metrics {
            text += formatter.line([
                m.id, formatter.text(m.label), m.unit.rawValue,
                m.kind.rawValue, m.direction.rawValue,
            ])
        }
        return formatter.dialect.preamble + Array(text.utf8)
    }
}
