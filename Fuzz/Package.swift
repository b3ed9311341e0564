// swift-tools-version:6.0
import PackageDescription

// A libFuzzer target for the scenario language, in its own package so that normal builds and
// tests never see the fuzzer sanitizer. Build and run: see README.md.
let package = Package(
    name: "beyondpoc-fuzz",
    dependencies: [.package(name: "beyondpoc", path: "..")],
    targets: [
        .executableTarget(
            name: "fuzz-scenario",
            dependencies: [.product(name: "BeyondPoC", package: "beyondpoc")]),
    ],
    swiftLanguageModes: [.v6]
)
