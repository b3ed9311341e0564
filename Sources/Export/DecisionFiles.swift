import Analysis

/// decision.csv and voi.csv (DESIGN §8.2): the bytes of each, in a dialect.
public enum DecisionFiles {
    /// `variant,nb_mean,nb_sd,nb_mcse,p_best,expected_loss`, one row per option.
    public static func decisionCSV(_ report: ValueOfInformationReport, dialect: CSVDialect) -> [UInt8] {
        let f = CSVFormatter(dialect: dialect)
        var text = f.line(["variant", "nb_mean", "nb_sd", "nb_mcse", "p_best", "expected_loss"])
        for (name, d) in zip(report.variants, report.decisions) {
            text += f.line([f.text(name), f.number(d.mean), f.number(d.standardDeviation), f.number(d.meanStandardError),
                            f.number(d.probabilityBest), f.number(d.expectedLoss)])
        }
        return dialect.preamble + Array(text.utf8)
    }

    /// `scope,name,parameters,evppi,evppi_se,share_of_evpi`: the EVPI (`all,EVPI`), then every
    /// parameter, then every group; `parameters` joins the names with `+`.
    public static func voiCSV(_ report: ValueOfInformationReport, dialect: CSVDialect) -> [UInt8] {
        let f = CSVFormatter(dialect: dialect)
        var text = f.line(["scope", "name", "parameters", "evppi", "evppi_se", "share_of_evpi"])
        let evpi = report.evpi.value
        for row in report.rows {
            text += f.line([row.scope.rawValue, f.text(row.name), f.text(row.parameters.joined(separator: "+")),
                            f.number(row.value), f.number(row.standardError), f.number(row.share(ofEVPI: evpi))])
        }
        return dialect.preamble + Array(text.utf8)
    }

    /// acceptability.csv: `worth,variant,p_best,nb_mean`, one row per worth and option, worths in
    /// increasing order: the acceptability curve (p_best) and the expected-value frontier (nb_mean).
    public static func acceptabilityCSV(_ points: [AcceptabilityPoint], variants: [String], dialect: CSVDialect) -> [UInt8] {
        let f = CSVFormatter(dialect: dialect)
        var text = f.line(["worth", "variant", "p_best", "nb_mean"])
        for point in points {
            for (v, name) in variants.enumerated() {
                text += f.line([f.number(point.worth), f.text(name), f.number(point.probabilityBest[v]), f.number(point.meanNetBenefit[v])])
            }
        }
        return dialect.preamble + Array(text.utf8)
    }
}
