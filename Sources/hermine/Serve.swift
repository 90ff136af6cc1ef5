import ArgumentParser
import Configuration
import Foundation
import Hub
import HubHTTP
import HubSQLite
import Hummingbird
import InvoiceIntake
import Logging

#if canImport(Glibc)
import CMalloc
#endif

/// `hermine serve`: the hub's REST API over the embedded SQLite store.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the hub: the REST API (/v1/invoices …) over the embedded SQLite store.",
        discussion: """
            Settings come from these flags, then HERMINE_… environment variables, then a JSON config file \
            (--config or HERMINE_CONFIG), in that precedence; see the README for every key.
            """)

    @Option(help: "Address to listen on (default 127.0.0.1).") var host: String?
    @Option(help: "Port to listen on; 0 lets the system choose (default 8080).") var port: Int?
    @Option(help: "The SQLite database file (default data/hermine.sqlite).") var database: String?
    @Option(help: "full (survives power loss) or normal (survives a crash of the hub).") var durability: String?
    @Flag(help: "Load the demo tenants, tokens and buyer directory of fixtures/ on first start.") var demo = false
    @Option(name: .customLong("max-body-size"), help: "Largest deposit, in bytes (default 120000000).") var maximumBodySize: Int?
    @Flag(name: .customLong("no-chorus-pro"), help: "Judge deposits by EN 16931 only (benchmarks on foreign corpora).")
    var noChorusPro = false
    @Flag(name: .customLong("any-seller"), help: "Let a supplier deposit invoices of any seller (benchmarks).")
    var anySeller = false
    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error, critical.") var logLevel: String?
    @Option(help: "A JSON config file.") var config: String?

    /// The flags given, as configuration values (flags not given are absent, so lower layers show through).
    var overrides: [AbsoluteConfigKey: ConfigValue] {
        var values: [AbsoluteConfigKey: ConfigValue] = [:]
        if let host { values["http.host"] = ConfigValue(.string(host), isSecret: false) }
        if let port { values["http.port"] = ConfigValue(.int(port), isSecret: false) }
        if let database { values["database.path"] = ConfigValue(.string(database), isSecret: false) }
        if let durability { values["database.durability"] = ConfigValue(.string(durability), isSecret: false) }
        if demo { values["demo"] = ConfigValue(.bool(true), isSecret: false) }
        if let maximumBodySize { values["limits.body"] = ConfigValue(.int(maximumBodySize), isSecret: false) }
        if noChorusPro { values["ingestion.chorusPro"] = ConfigValue(.bool(false), isSecret: false) }
        if anySeller { values["ingestion.sellerMustBeDepositor"] = ConfigValue(.bool(false), isSecret: false) }
        if let logLevel { values["log.level"] = ConfigValue(.string(logLevel), isSecret: false) }
        return values
    }

    func run() async throws {
        let settings: ServeSettings
        do {
            settings = try await ServeSettings.load(
                overrides: overrides, environment: ProcessInfo.processInfo.environment, configFile: config)
        } catch let error as ServeSettingsError {
            throw ValidationError(error.description)
        }
        var logger = Logger(label: "hermine")
        logger.logLevel = settings.logLevel
        Self.keepLargeAllocationsOnTheHeap()

        let store = try SQLiteHubStore(SQLiteConfiguration(path: settings.databasePath, durability: settings.durability))
        if settings.demo { try await loadDemo(into: store) }
        let intake = try Intake()
        let services = HubServices(
            store: store, ingestion: Ingestion(intake: intake, store: store, policy: settings.policy, logger: logger),
            mapper: intake.binder.mapper)
        let api = HubAPIConfiguration(
            maximumBodySize: settings.maximumBodySize, openAPIDocument: try HubAPIConfiguration.bundledOpenAPIDocument())
        let host = settings.host
        let database = settings.databasePath
        let app = buildApplication(
            services: services, configuration: api, address: .hostname(host, port: settings.port), logger: logger,
            onListening: { port in
                // One line scripts and tests wait for; stdout is flushed so they see it at once.
                FileHandle.standardOutput.write(
                    Data("hermine listening on http://\(host):\(port) (database \(database))\n".utf8))
            })
        try await app.runService()
    }

    /// Request bodies, XML trees and SQLite pages of hundreds of kilobytes are allocated and freed at a
    /// high rate. glibc maps every block over 128 KB afresh and unmaps it when freed, so each deposit paid
    /// page faults (about 5% of the CPU under the load benchmark): keep blocks up to 64 MB on the heap
    /// and give memory back to the system only past 128 MB free.
    private static func keepLargeAllocationsOnTheHeap() {
        #if canImport(Glibc)
        _ = mallopt(M_MMAP_THRESHOLD, 64 << 20)
        _ = mallopt(M_TRIM_THRESHOLD, 128 << 20)
        #endif
    }

    /// Loads fixtures/ the first time, then prints the demo tokens.
    private func loadDemo(into store: SQLiteHubStore) async throws {
        let folder = try DemoData.fixturesFolder()
        if try await !DemoData.isLoaded(in: store, fixtures: folder) {
            let loaded = try await DemoData.load(into: store, fixtures: folder)
            print("demo: loaded \(loaded.organisations.count) organisations and \(loaded.directoryEntries) directory structures")
        }
        let tenants = try TenantsFile.read(folder.appendingPathComponent("tenants.json"))
        for tenant in tenants.organisations {
            if let token = tenant.demoToken { print("demo token for \(tenant.id) (\(tenant.kind.role.rawValue)): \(token)") }
        }
    }
}
