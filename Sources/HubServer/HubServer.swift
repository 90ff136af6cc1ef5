import Foundation
import Hub
import HubHTTP
import Hummingbird
import InvoiceIntake
import Logging
import ServiceLifecycle
import UnixSignals

#if canImport(Glibc)
import CMalloc
#endif

/// `hermine serve`: the hub assembled from its settings and run as one `ServiceGroup` — the store's own
/// services (connection pool or log checkpoints), the audit checkpointer, and the HTTP server — stopped
/// gracefully on SIGTERM or SIGINT (the HTTP server first, the store last).
public struct HubServer: Sendable {
    /// The settings.
    public let config: HubConfig
    /// Where the lines scripts wait for go (`hermine listening on …`, the demo tokens); standard output by
    /// default.
    public let announce: @Sendable (String) -> Void

    /// Creates the server.
    public init(config: HubConfig, announce: @escaping @Sendable (String) -> Void = HubServer.standardOutput) {
        self.config = config
        self.announce = announce
    }

    /// Writes a line on standard output at once (scripts and tests wait for it).
    public static let standardOutput: @Sendable (String) -> Void = { line in
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    /// Runs the hub until it is told to stop.
    public func run() async throws {
        var logger = Logger(label: "hermine")
        logger.logLevel = config.logLevel
        Self.keepLargeAllocationsOnTheHeap()

        let store = try await config.database.open(logger: logger)
        let log = logger
        let intake = try Intake()
        let services = HubServices(
            store: store, ingestion: Ingestion(intake: intake, store: store, policy: config.policy, logger: logger),
            mapper: intake.binder.mapper)
        let api = HubAPIConfiguration(
            maximumBodySize: config.maximumBodySize, openAPIDocument: try HubAPIConfiguration.bundledOpenAPIDocument())
        let host = config.host
        let database = config.database.description
        let announce = self.announce
        let demo = config.demo
        let app = buildApplication(
            services: services, configuration: api, address: .hostname(host, port: config.port), logger: logger,
            onListening: { port in
                // The demo is loaded once the store's services run (PostgreSQL's pool needs them).
                if demo {
                    do { try await Self.loadDemo(into: store, announce: announce) } catch {
                        log.critical("the demo data could not be loaded", metadata: ["error": "\(error)"])
                    }
                }
                announce("hermine listening on http://\(host):\(port) (database \(database))")
            })
        let checkpointer = AuditCheckpointer(store: store, interval: config.auditCheckpointInterval, logger: logger)
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: store.services.map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) }
                    + [.init(service: checkpointer), .init(service: app)],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }

    /// Loads fixtures/ the first time, then announces the demo tokens.
    static func loadDemo(into store: any HubStore, announce: @Sendable (String) -> Void) async throws {
        let folder = try DemoData.fixturesFolder()
        if try await !DemoData.isLoaded(in: store, fixtures: folder) {
            let loaded = try await DemoData.load(into: store, fixtures: folder)
            announce("demo: loaded \(loaded.organisations.count) organisations and \(loaded.directoryEntries) directory structures")
        }
        let tenants = try TenantsFile.read(folder.appendingPathComponent("tenants.json"))
        for tenant in tenants.organisations {
            if let token = tenant.demoToken { announce("demo token for \(tenant.id) (\(tenant.kind.role.rawValue)): \(token)") }
        }
    }

    /// Request bodies, XML trees and database pages of hundreds of kilobytes are allocated and freed at a
    /// high rate. glibc maps every block over 128 KB afresh and unmaps it when freed, so each deposit paid
    /// page faults (about 5% of the CPU under the load benchmark): keep blocks up to 64 MB on the heap
    /// and give memory back to the system only past 128 MB free.
    private static func keepLargeAllocationsOnTheHeap() {
        #if canImport(Glibc)
        _ = mallopt(M_MMAP_THRESHOLD, 64 << 20)
        _ = mallopt(M_TRIM_THRESHOLD, 128 << 20)
        #endif
    }
}
