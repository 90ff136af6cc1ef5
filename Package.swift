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
        .library(name: "HubPostgres", targets: ["HubPostgres"]),
        .library(name: "HubHTTP", targets: ["HubHTTP"]),
        .library(name: "HubServer", targets: ["HubServer"]),
        .library(name: "PortalSimulator", targets: ["PortalSimulator"]),
        .library(name: "PortalClient", targets: ["PortalClient"]),
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
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.30.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.30.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.0.0"),
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
        .target(name: "FacturX", dependencies: ["CZlib", "InvoiceModel", "StableJSON"], swiftSettings: strict),
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
        .target(name: "HermineBench", dependencies: ["InvoiceIntake", "InvoiceXML", "InvoiceRules", "InvoiceModel", "FacturX"], swiftSettings: strict),
        // Hub domain: tenants, buyer directory, Chorus Pro rules, ingestion, lifecycle; storage behind `HubStore`.
        .target(
            name: "Hub",
            dependencies: [
                "InvoiceModel", "InvoiceRules", "InvoiceIntake", "InvoiceMapping", "FacturX", "StableJSON",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        // Adapter: the embedded SQLite store.
        .target(
            name: "HubSQLite",
            dependencies: [
                "Hub", "InvoiceModel", "InvoiceIntake",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        // Adapter: PostgreSQL, for several hub nodes sharing one database.
        .target(
            name: "HubPostgres",
            dependencies: [
                "Hub", "InvoiceModel", "InvoiceIntake",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        // Edge: the REST API (Hummingbird 2).
        .target(
            name: "HubHTTP",
            dependencies: [
                "Hub", "InvoiceModel", "InvoiceRules", "InvoiceIntake", "InvoiceMapping", "StableJSON",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strict
        ),
        // Edge: the hub assembled from its settings (store, services, HTTP) and run as one ServiceGroup.
        .target(
            name: "HubServer",
            dependencies: [
                "Hub", "HubSQLite", "HubPostgres", "HubHTTP", "InvoiceIntake", "InvoiceRules", "InvoiceMapping", "CMalloc",
                "PortalClient", "PortalSimulator", "HubMail",
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: strict
        ),
        // Adapter: the national portal's API (Chorus Pro through PISTE) as the hub's `NationalPortal`.
        // libcurl's SMTP client behind one C call (its variadic curl_easy_setopt cannot be called from Swift).
        .target(name: "CCurl", linkerSettings: [.linkedLibrary("curl")]),
        .target(
            name: "HubMail",
            dependencies: [
                "Hub", "CCurl", "InvoiceModel",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "PortalClient",
            dependencies: [
                "Hub", "InvoiceModel", "InvoiceIntake", "StableJSON",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        // A Chorus-like national portal (its API shape, checks, statuses and faults) as its own server.
        .target(
            name: "PortalSimulator",
            dependencies: [
                "Hub", "InvoiceModel", "InvoiceRules", "InvoiceIntake", "StableJSON",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            ],
            swiftSettings: strict
        ),
        // Edge: the command line (argument parsing only).
        .executableTarget(
            name: "hermine",
            dependencies: [
                "InvoiceIntake", "InvoiceRules", "InvoiceMapping", "InvoiceXML", "InvoiceModel", "HermineBench", "FacturX",
                "Hub", "HubSQLite", "HubServer", "PortalSimulator", "PortalClient",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        // What the test targets share: where the project's and the shared material's files are.
        .target(name: "TestSupport", path: "Tests/TestSupport", swiftSettings: strict),
        // What the hub's test targets share: its fixtures, and the stores to run against (SQLite, PostgreSQL).
        .target(
            name: "HubTestSupport",
            dependencies: [
                "TestSupport", "Hub", "HubSQLite", "HubPostgres", "InvoiceRules", "InvoiceIntake",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Tests/HubTestSupport",
            swiftSettings: strict
        ),
        .testTarget(name: "StableJSONTests", dependencies: ["StableJSON"], swiftSettings: strict),
        .testTarget(
            name: "InvoiceModelTests",
            dependencies: ["TestSupport", "InvoiceModel", "StableJSON", "InvoiceMapping"],
            swiftSettings: strict
        ),
        .testTarget(name: "InvoiceXMLTests", dependencies: ["InvoiceXML"], swiftSettings: strict),
        .testTarget(
            name: "FacturXTests",
            dependencies: ["TestSupport", "FacturX", "InvoiceModel"],
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
            exclude: ["conformance-known-differences.tsv", "schema-known-differences.tsv", "Golden"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "HubTests",
            dependencies: ["TestSupport", "HubTestSupport", "Hub", "InvoiceModel", "InvoiceRules"],
            swiftSettings: strict
        ),
        // One contract test body per behaviour, run against SQLite and a PostgreSQL server.
        .testTarget(
            name: "HubStoreTests",
            dependencies: [
                "TestSupport", "HubTestSupport", "Hub", "HubSQLite", "HubPostgres", "InvoiceModel", "InvoiceRules",
                "InvoiceIntake",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            exclude: ["shipped-migrations.tsv"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "HubSQLiteTests",
            dependencies: [
                "Hub", "HubSQLite", "InvoiceIntake", "InvoiceModel", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "HubHTTPTests",
            dependencies: [
                "TestSupport", "HubTestSupport", "Hub", "HubServer", "HubHTTP", "HubPostgres", "InvoiceModel", "InvoiceRules",
                "InvoiceMapping", "InvoiceIntake", "PortalClient", "HubMail",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            exclude: ["Golden"],
            swiftSettings: strict
        ),
        // What the portal's test targets share: a simulator served in process, the invoices they deposit.
        .target(
            name: "PortalTestSupport",
            dependencies: [
                "TestSupport", "PortalSimulator", "InvoiceIntake",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Tests/PortalTestSupport",
            swiftSettings: strict
        ),
        .testTarget(
            name: "PortalSimulatorTests",
            dependencies: [
                "TestSupport", "PortalTestSupport", "PortalSimulator", "Hub",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            exclude: ["shipped-migrations.tsv"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "PortalClientTests",
            dependencies: [
                "PortalTestSupport", "PortalClient", "PortalSimulator", "Hub", "InvoiceModel", "InvoiceIntake",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        // The hub, the portal simulator and their clients as separate processes on loopback.
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "HubTestSupport", "TestSupport", "Hub", "InvoiceIntake", "InvoiceModel",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
    ]
)
