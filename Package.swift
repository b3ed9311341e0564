// swift-tools-version:6.0
import PackageDescription

// Dependencies point one way (DESIGN §1):
// beyondpoc -> ScenarioLanguage -> FundingModel -> MonteCarlo -> COpenBLAS;
// Analysis and Export read FundingModel's outputs; Export swaps output folders through CFileSystem
// and compresses per-trial files through the system zlib (CZlib); Report reads the result files
// (Foundation only).
let package = Package(
    name: "beyondpoc",
    products: [
        .executable(name: "beyondpoc", targets: ["BeyondPoCCLI"]),
        // `import BeyondPoC` re-exports every module below; each can also be imported alone.
        .library(
            name: "BeyondPoC",
            targets: ["BeyondPoC", "MonteCarlo", "FundingModel", "ScenarioLanguage", "Analysis", "Export", "Report"]),
    ],
    dependencies: [
        // The CLI's argument parsing, help and usage errors (exit 64); the only external dependency.
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "COpenBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]),
        // The system zlib, for `--per-trial --gzip` (.csv.gz that pandas and R read directly).
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]),
        .target(name: "MonteCarlo", dependencies: ["COpenBLAS"]),
        .target(name: "FundingModel", dependencies: ["MonteCarlo"]),
        .target(name: "ScenarioLanguage", dependencies: ["FundingModel", "MonteCarlo"]),
        .target(name: "Analysis", dependencies: ["FundingModel", "MonteCarlo", "COpenBLAS"]),
        // One C function: the atomic folder swap (renameat2 RENAME_EXCHANGE), which Swift cannot
        // reach (syscall is variadic; glibc declares renameat2 only under _GNU_SOURCE).
        .target(name: "CFileSystem"),
        .target(name: "Export", dependencies: ["Analysis", "FundingModel", "MonteCarlo", "CFileSystem", "CZlib"]),
        // Report reads result folders (CSV and run.json) and draws them; it never simulates.
        .target(name: "Report"),
        .target(
            name: "BeyondPoC",
            dependencies: ["MonteCarlo", "FundingModel", "ScenarioLanguage", "Analysis", "Export", "Report"]),
        // The module is not called `beyondpoc`: on a case-insensitive file system its build
        // products would collide with the `BeyondPoC` library's.
        .executableTarget(
            name: "BeyondPoCCLI",
            dependencies: [
                "ScenarioLanguage", "FundingModel", "Analysis", "Export", "MonteCarlo", "Report",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/beyondpoc"),
        .testTarget(
            name: "MonteCarloTests", dependencies: ["MonteCarlo", "COpenBLAS"],
            resources: [.copy("Fixtures")]),
        .testTarget(name: "FundingModelTests", dependencies: ["FundingModel", "MonteCarlo"]),
        .testTarget(
            name: "ScenarioLanguageTests", dependencies: ["ScenarioLanguage", "FundingModel", "MonteCarlo"],
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "AnalysisTests", dependencies: ["Analysis", "ScenarioLanguage", "FundingModel", "MonteCarlo"]),
        .testTarget(name: "ExportTests", dependencies: ["Export", "Analysis", "FundingModel"]),
        .testTarget(name: "BeyondPoCCLITests", dependencies: ["BeyondPoCCLI", "Analysis", "MonteCarlo"]),
        .testTarget(name: "ReportTests", dependencies: ["Report"]),
    ],
    swiftLanguageModes: [.v6]
)
