import ArgumentParser
import Export

@main
struct BeyondPoC: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "beyondpoc",
        abstract: "Monte Carlo projections of public funding for AI in health: how many solutions get beyond proof of concept, when, at what cost.",
        discussion: """
            Exit codes: 0 ok, 64 usage, 65 bad scenario, 66 missing file, 73 cannot write output, 130 interrupted.
            """,
        version: toolVersion,
        subcommands: [Check.self, Run.self, Compare.self, Sweep.self, Decide.self, Voi.self, ReportCommand.self, Merge.self])
}

/// The exit codes of DESIGN §5 (sysexits.h values).
enum Exit {
    static let badScenario = ExitCode(65)
    static let missingFile = ExitCode(66)
    static let cannotWrite = ExitCode(73)
    static let interrupted = ExitCode(130)
}
