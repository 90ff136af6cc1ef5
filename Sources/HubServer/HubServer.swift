import Foundation
import Hub
import HubHTTP
import HubMail
import HubSQLite
import Hummingbird
import InvoiceIntake
import Logging
import PortalClient
import PortalSimulator
import Prometheus
import ServiceLifecycle
import UnixSignals

#if canImport(Glibc)
import CMalloc
#endif

/// `hermine serve`: the hub assembled from its settings and run as one `ServiceGroup` — the store's own
/// services (connection pool or log checkpoints), the audit checkpointer, the portal client, the delivery
/// workers and the status sync, and the HTTP server — stopped gracefully on SIGTERM or SIGINT (the HTTP server
/// first, the store last). The demo without a portal's address runs the portal simulator in the same process.
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
        // The XML reader takes what the HTTP layer lets through: one setting, the deposit limit.
        let intake = try Intake(maximumDocumentSize: config.maximumBodySize)
        guard config.portal == nil, config.demo else {
            try await serve(intake: intake, portal: config.portal, logger: logger)
            return
        }
        // The demo's own portal: the simulator with its demo credentials, in this process, stopped with the hub.
        let simulator = try PortalSimulator(
            configuration: PortalSimulatorConfiguration(
                port: config.demoPortalPort, databasePath: simulatorDatabase, statusSchedule: config.demoPortalStatusSchedule), intake: intake,
            logger: logger)
        let (ports, listening) = AsyncStream.makeStream(of: Int.self)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await simulator.run(onListening: { port in listening.yield(port) }) }
            var next = ports.makeAsyncIterator()
            guard let port = await next.next() else { return }
            let url = "http://127.0.0.1:\(port)"
            announce("demo: the portal simulator listens on \(url) (hermine portal-sim's demo credentials)")
            try await serve(intake: intake, portal: .demo(url: URL(string: url)!), logger: logger)
            group.cancelAll()
        }
    }

    /// The demo simulator's file: as set, else beside the hub's SQLite file, else under `data/`.
    private var simulatorDatabase: String {
        if let path = config.demoPortalDatabase { return path }
        guard case .sqlite(let sqlite) = config.database else { return "data/portal-sim.sqlite" }
        return URL(fileURLWithPath: sqlite.path).deletingLastPathComponent().appendingPathComponent("portal-sim.sqlite").path
    }

    /// The hub's service group, with the portal at `portal` (none: accepted invoices stay where they are).
    private func serve(intake: Intake, portal: PortalSettings?, logger: Logger) async throws {
        let store = try await config.database.open(logger: logger)
        var policy = config.policy
        if portal == nil {
            policy.destinations = []
            logger.notice("no national portal configured (portal.url): accepted invoices are kept, not sent")
        }
        // Each server has its own registry: what /metrics shows is this process's (and its store's).
        var metricsFactory = PrometheusMetricsFactory(registry: PrometheusCollectorRegistry())
        // A deposit's validation takes milliseconds: buckets from half a millisecond to a large invoice's seconds.
        metricsFactory.durationHistogramBuckets["hermine_validation_seconds"] = [
            .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
            .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2), .seconds(5),
        ]
        let services = try HubServices(
            store: store, ingestion: Ingestion(intake: intake, store: store, policy: policy, logger: logger, metrics: HubMetrics(factory: metricsFactory)),
            mapper: intake.binder.mapper, channelPolicy: config.delivery.channelPolicy)
        var workers: [any Service] = [AuditCheckpointer(store: store, interval: config.auditCheckpointInterval, logger: logger)]
        if let mail = config.delivery.mail {
            workers.append(
                MailDeliveryWorker(
                    store: store, mailer: try SMTPMailer(settings: mail), retry: config.delivery.retry,
                    digestWindow: config.delivery.mailDigestWindow, logger: logger))
            logger.info("sending alert mails", metadata: ["smtp": "\(mail)"])
        } else {
            logger.notice("no SMTP server configured (mail.url): e-mail alerts wait in the outbox")
        }
        if config.delivery.channelWorkers > 0 {
            let pusher = HTTPChannelPusher(
                requestTimeout: config.delivery.channelTimeout, maximumConnectionsPerHost: config.delivery.channelWorkers)
            workers.append(PusherShutdown(pusher: pusher))
            workers.append(
                ChannelDeliveryWorker(
                    store: store, documents: services.channels.documents, pusher: pusher, policy: config.delivery.channelPolicy,
                    retry: config.delivery.retry, concurrency: config.delivery.channelWorkers, logger: logger))
        }
        if let portal {
            let (login, password) = portal.login
            var client = ChorusProConfiguration(
                baseURL: portal.url, tokenURL: portal.tokenURL, clientID: portal.clientID, clientSecret: portal.clientSecret,
                login: login, password: password, syntaxes: try FlowSyntaxTable.load(), requestTimeout: portal.timeout)
            client.maximumConnections = max(config.delivery.workers + config.delivery.syncWorkers, 4)
            let chorusPro = try ChorusProClient(configuration: client, logger: logger)
            workers.append(chorusPro)
            if config.delivery.workers > 0 {
                workers.append(
                    PortalDeliveryWorker(
                        store: store, portal: chorusPro, policy: config.delivery.retry, concurrency: config.delivery.workers,
                        logger: logger))
            }
            workers.append(
                PortalStatusSync(
                    store: store, portal: chorusPro, map: try PortalStatusMap.standard(),
                    firstInterval: config.delivery.syncFirstInterval, maximumInterval: config.delivery.syncMaximumInterval,
                    concurrency: config.delivery.syncWorkers, logger: logger))
            logger.info("delivering to the national portal", metadata: ["portal": "\(portal)"])
        }
        let api = HubAPIConfiguration(
            maximumBodySize: config.maximumBodySize, openAPIDocument: try HubAPIConfiguration.bundledOpenAPIDocument(),
            metrics: metricsFactory.registry)
        let (host, database, announce, demo, signIn) = (
            config.host, config.database.description, self.announce, config.demo, config.console.signIn
        )
        let log = logger
        let console = ConsoleConfiguration(
            accounts: Accounts(store: store, policy: config.console.signIn), pages: try await ConsolePages.load(),
            secureCookies: config.console.secureCookies)
        let app = buildApplication(
            services: services, configuration: api, console: console, address: .hostname(host, port: config.port), logger: logger,
            onListening: { port in
                // The demo is loaded once the store's services run (PostgreSQL's pool needs them).
                if demo {
                    do { try await Self.loadDemo(into: store, signIn: signIn, announce: announce) } catch {
                        log.critical("the demo data could not be loaded", metadata: ["error": "\(error)"])
                    }
                }
                announce("hermine listening on http://\(host):\(port) (database \(database))")
            })
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: (store.services + workers).map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) }
                    + [.init(service: app)],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }

    /// Loads fixtures/ the first time, then announces the demo tokens and the console's demo users.
    static func loadDemo(into store: any HubStore, signIn: SignInPolicy, announce: @Sendable (String) -> Void) async throws {
        let folder = try DemoData.fixturesFolder()
        if try await !DemoData.isLoaded(in: store, fixtures: folder) {
            let loaded = try await DemoData.load(into: store, fixtures: folder)
            announce("demo: loaded \(loaded.organisations.count) organisations and \(loaded.directoryEntries) directory structures")
        }
        try await DemoData.loadChannels(into: store, fixtures: folder)
        let tenants = try TenantsFile.read(folder.appendingPathComponent("tenants.json"))
        for tenant in tenants.organisations {
            if let token = tenant.demoToken { announce("demo token for \(tenant.id) (\(tenant.kind.role.rawValue)): \(token)") }
        }
        for (organisation, role, user) in try await DemoData.loadUsers(into: store, fixtures: folder, policy: signIn) {
            announce("demo console user for \(organisation) (\(role.rawValue)): \(user.email) / \(user.password)")
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

extension PortalSettings {
    /// The demo simulator at `url`, with its credentials.
    static func demo(url: URL) -> PortalSettings {
        PortalSettings(
            url: url, tokenURL: url.appendingPathComponent("api/oauth/token"), clientID: demoClientID, clientSecret: demoClientSecret,
            account: demoAccount, timeout: .seconds(30))
    }
}

/// Closes the channel pusher's connections once the service group shuts down.
private struct PusherShutdown: Service {
    let pusher: HTTPChannelPusher

    func run() async throws {
        try? await gracefulShutdown()
        try await pusher.shutdown()
    }
}
