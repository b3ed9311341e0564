import Foundation
import FundingModel
import Testing
@testable import Export

/// metrics.csv spells each catalog entry as `metric,label,unit,kind,direction` (DESIGN §10).
@Suite struct MetricsFileTests {
    let metrics = [
        Metric(id: "spend.state.total", label: "State spending", unit: .euro, kind: .flow, direction: .lower,
               missing: .zero, payer: "state", role: .spending, summary: "All spending booked to state."),
        Metric(id: "projects.active.poc", label: "Projects in poc", unit: .projects, kind: .stock, direction: .neither,
               missing: .zero, summary: "Projects in stage poc."),
        Metric(id: "x.any", label: "Breach, any year", unit: .flag, kind: .scalar, direction: .higher,
               missing: .undefined, summary: "A label with a separator."),
    ]

    @Test func standardDialect() {
        let text = String(decoding: MetricsFile(dialect: .standard).bytes(metrics), as: UTF8.self)
        #expect(text == """
            metric,label,unit,kind,direction
            spend.state.total,State spending,€,flow,lower
            projects.active.poc,Projects in poc,projects,stock,none
            x.any,"Breach, any year",0/1,scalar,higher

            """)
    }

    @Test func frenchExcelDialect() {
        let bytes = MetricsFile(dialect: .excelFR).bytes(metrics)
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(String(decoding: bytes.dropFirst(3), as: UTF8.self) == """
            metric;label;unit;kind;direction
            spend.state.total;State spending;€;flow;lower
            projects.active.poc;Projects in poc;projects;stock;none
            x.any;Breach, any year;0/1;scalar;higher

            """)
    }
}
