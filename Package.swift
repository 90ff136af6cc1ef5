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
        .library(name: "InvoiceIntake", targets: ["InvoiceIntake"]),
        .library(name: "Hub", targets: ["Hub"]),
        .library(name: "HubSQLite", targets: ["HubSQLite"]),
        .library(name: "HubHTTP", targets: ["HubHTTP"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.20.0"),
        .package(url: "https://github.com/apple/swift-configuration", from: "1.0.0"),
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.30.0"),
        .package(url: "https://github.com/apple/swift-system", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.34.0"),
    ],
    targets: [
        // Core: Foundation, libxml2 and zlib only.
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        // glibc's mallopt, for the server's allocator tuning.
        .systemLibrary(name: "CMalloc"),
        .target(name: "StableJSON", swiftSettings: strict),
        .target(name: "InvoiceModel", dependencies: ["StableJSON"], swiftSettings: strict),
        .target(name: "InvoiceXML", dependencies: ["CLibXML2"], swiftSettings: strict),
        .target(name: "InvoiceMapping", dependencies: ["InvoiceModel", "InvoiceXML", "StableJSON"], swiftSettings: strict),
        .target(name: "FacturX", dependencies: ["CZlib", "InvoiceModel"], swiftSettings: strict),
        .target(
            name: "InvoiceRules",
            dependencies: ["InvoiceModel", "InvoiceXML"],
            swiftSettings: strict
        ),
        // The one pipeline from bytes to report: sniff, unwrap, parse, bind, validate.
        .target(
            name: "InvoiceIntake",
            dependencies: ["InvoiceModel", "InvoiceXML", "InvoiceMapping", "FacturX", "InvoiceRules", "StableJSON"],
            swiftSettings: strict
        ),
        .target(name: "HermineBench", dependencies: ["InvoiceIntake", "InvoiceXML", "FacturX"], swiftSettings: strict),
        // Hub domain: tenants, buyer directory, Chorus Pro rules, ingestion, lifecycle; storage behind `HubStore`.
        .target(
            name: "Hub",
            dependencies: [
                "InvoiceModel", "InvoiceRules", "InvoiceIntake", "FacturX", "StableJSON",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // Adapter: the embedded SQLite store.
        .target(
            name: "HubSQLite",
            dependencies: [
                "Hub", "InvoiceModel", "InvoiceRules",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // Edge: the REST API (Hummingbird 2).
        .target(
            name: "HubHTTP",
            dependencies: [
                "Hub", "InvoiceModel", "InvoiceRules", "InvoiceIntake", "InvoiceMapping",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            ],
            swiftSettings: strict
        ),
        // Edge: the command line.
        .executableTarget(
            name: "hermine",
            dependencies: [
                "InvoiceIntake", "InvoiceRules", "InvoiceMapping", "InvoiceXML", "InvoiceModel", "HermineBench", "FacturX",
                "Hub", "HubSQLite", "HubHTTP", "CMalloc",
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        // What the test targets share: where the project's and the shared material's files are.
        .target(name: "TestSupport", path: "Tests/TestSupport", swiftSettings: strict),
        .testTarget(name: "StableJSONTests", dependencies: ["StableJSON"], swiftSettings: strict),
        .testTarget(
            name: "InvoiceModelTests",
            dependencies: ["TestSupport", "InvoiceModel", "StableJSON", "InvoiceMapping"],
            swiftSettings: strict
        ),
        .testTarget(name: "InvoiceXMLTests", dependencies: ["InvoiceXML"], swiftSettings: strict),
        .testTarget(
            name: "FacturXTests",
            dependencies: ["FacturX", "InvoiceModel"],
            exclude: ["Fixtures"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "InvoiceMappingTests",
            dependencies: ["TestSupport", "InvoiceMapping", "InvoiceModel", "InvoiceXML", "InvoiceIntake", "InvoiceRules"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "InvoiceRulesTests",
            dependencies: ["TestSupport", "InvoiceRules", "InvoiceModel", "InvoiceXML", "StableJSON"],
            exclude: ["Fixtures", "unimplemented-rules.txt"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "InvoiceIntakeTests",
            dependencies: [
                "TestSupport", "InvoiceIntake", "InvoiceRules", "InvoiceMapping", "InvoiceModel", "InvoiceXML", "FacturX", "StableJSON",
            ],
            exclude: ["conformance-known-differences.tsv", "Golden"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "HubTests",
            dependencies: [
                "TestSupport", "Hub", "HubSQLite", "InvoiceModel", "InvoiceRules", "InvoiceIntake",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "HubSQLiteTests",
            dependencies: ["Hub", "HubSQLite", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "HubHTTPTests",
            dependencies: [
                "TestSupport", "Hub", "HubSQLite", "HubHTTP", "InvoiceModel", "InvoiceRules", "InvoiceIntake", "hermine",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: strict
        ),
    ]
)
