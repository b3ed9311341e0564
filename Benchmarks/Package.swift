// swift-tools-version:6.0
import PackageDescription

// Benchmarks live in their own package so that CI and the tests never build them.
// Run: swift run -c release --package-path Benchmarks beyondpoc-bench [group ...]
let package = Package(
    name: "beyondpoc-benchmarks",
    dependencies: [.package(name: "beyondpoc", path: "..")],
    targets: [
        .executableTarget(
            name: "beyondpoc-bench",
            dependencies: [.product(name: "BeyondPoC", package: "beyondpoc")]),
    ],
    swiftLanguageModes: [.v6]
)
