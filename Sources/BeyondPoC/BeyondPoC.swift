// The library in one import: `import BeyondPoC` gives a program everything the command line uses —
// the scenario language (compile a file, check reports), the typed scenario and its model, the
// Monte Carlo engine, the analyses, the result files and their report.
@_exported import Analysis
@_exported import Export
@_exported import FundingModel
@_exported import MonteCarlo
@_exported import Report
@_exported import ScenarioLanguage
