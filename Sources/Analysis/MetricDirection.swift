/// Which way each output metric is better (documented in notebooks-data/README.md).
///
/// More solutions beyond proof of concept, adoption, savings and revenue are better; less
/// spending, net cost, cliff falls, withdrawals, failures, cap breaches, cost per sustainable
/// solution and an earlier breakeven are better. Activity counts have no direction.
public enum MetricDirection {
    public static func better(_ metric: String) -> Better {
        let higher = ["solutions.launched", "solutions.active", "solutions.sustainable", "adoption.sites",
                      "adoption.uses", "solutions.sustainable.any"]
        let higherPrefixes = ["savings.", "revenue.", "npv.savings.", "npv.revenue."]
        let lower = ["solutions.withdrawn", "solutions.cliff", "cost_per_sustainable_solution", "breakeven_year"]
        let lowerPrefixes = ["spend.", "net.", "npv.spend.", "npv.net.", "cap.breached.", "projects.failed."]
        if higher.contains(metric) || higherPrefixes.contains(where: metric.hasPrefix) { return .higher }
        if lower.contains(metric) || lowerPrefixes.contains(where: metric.hasPrefix) { return .lower }
        return .neither
    }
}
