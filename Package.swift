// swift-tools-version: 6.1
import PackageDescription

/// Strict settings for every target (see ../shared/design/STYLE.md).
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Hermine",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "hermine", targets: ["hermine"]),
        .library(name: "InvoiceRules", targets: ["InvoiceRules"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // Core: Foundation, libxml2 and zlib only.
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "InvoiceModel", swiftSettings: strict),
        .target(name: "InvoiceXML", dependencies: ["CLibXML2"], swiftSettings: strict),
        .target(name: "InvoiceMapping", dependencies: ["InvoiceModel", "InvoiceXML"], swiftSettings: strict),
        .target(name: "FacturX", dependencies: ["CZlib"], swiftSettings: strict),
        .target(
            name: "InvoiceRules",
            dependencies: ["InvoiceModel", "InvoiceXML", "InvoiceMapping", "FacturX"],
            swiftSettings: strict
        ),
        .target(name: "HermineBench", dependencies: ["InvoiceRules", "InvoiceXML", "FacturX"], swiftSettings: strict),
        // Edge: the command line.
        .executableTarget(
            name: "hermine",
            dependencies: [
                "InvoiceRules", "InvoiceMapping", "InvoiceXML", "InvoiceModel", "HermineBench", "FacturX",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "InvoiceModelTests", dependencies: ["InvoiceModel"], swiftSettings: strict),
        .testTarget(name: "InvoiceXMLTests", dependencies: ["InvoiceXML"], swiftSettings: strict),
        .testTarget(
            name: "FacturXTests",
            dependencies: ["FacturX"],
            exclude: ["Fixtures"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "InvoiceMappingTests",
            dependencies: ["InvoiceMapping", "InvoiceModel", "InvoiceXML", "InvoiceRules"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "InvoiceRulesTests",
            dependencies: ["InvoiceRules", "InvoiceMapping", "InvoiceModel", "InvoiceXML", "FacturX"],
            swiftSettings: strict
        ),
    ]
)
