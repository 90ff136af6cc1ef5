import ArgumentParser
import Foundation
import HubServer

/// `hermine serve`: the hub's REST API over its store.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the hub: the REST API (/v1/invoices …) over its store (SQLite by default, or PostgreSQL).",
        discussion: """
            Settings come from these flags, then HERMINE_… environment variables, then a JSON config file \
            (--config or HERMINE_CONFIG), in that precedence; see the README for every key. SIGTERM or SIGINT \
            stops the hub gracefully.
            """)

    @Option(help: "Address to listen on (default 127.0.0.1).") var host: String?
    @Option(help: "Port to listen on; 0 lets the system choose (default 8080).") var port: Int?
    @Option(help: "A SQLite file (default data/hermine.sqlite) or postgres://user:password@host:5432/database.")
    var database: String?
    @Option(help: "SQLite: full (survives power loss) or normal (survives a crash of the hub).") var durability: String?
    @Option(name: .customLong("database-connections"), help: "PostgreSQL: transactions at once (default 16).")
    var databaseConnections: Int?
    @Flag(help: "Load the demo tenants, tokens and buyer directory of fixtures/ on first start.") var demo = false
    @Option(name: .customLong("max-body-size"), help: "Largest deposit, in bytes (default 120000000).") var maximumBodySize: Int?
    @Flag(name: .customLong("no-chorus-pro"), help: "Judge deposits by EN 16931 only (benchmarks on foreign corpora).")
    var noChorusPro = false
    @Flag(name: .customLong("any-seller"), help: "Let a supplier deposit invoices of any seller (benchmarks).")
    var anySeller = false
    @Option(name: .customLong("audit-checkpoint-ms"), help: "How often the audit seals the chains that grew (default 1000).")
    var auditCheckpointMilliseconds: Int?
    @Option(name: .customLong("portal-url"), help: "The national portal's API (Chorus Pro via PISTE, or hermine portal-sim).")
    var portalURL: String?
    @Option(name: .customLong("portal-token-url"), help: "Its OAuth2 token endpoint (default: <portal-url>/api/oauth/token).")
    var portalTokenURL: String?
    @Option(name: .customLong("delivery-workers"), help: "Deliveries sent at once by this node (default 64; 0: none).")
    var deliveryWorkers: Int?
    @Option(name: .customLong("portal-sim-port"), help: "The demo's built-in portal simulator's port (default 8081; 0: any).")
    var portalSimulatorPort: Int?
    @Option(name: .customLong("portal-sim-database"), help: "Its SQLite file (default: portal-sim.sqlite beside the hub's).")
    var portalSimulatorDatabase: String?
    @Option(
        name: .customLong("portal-sim-status-schedule"),
        help: "Seconds the demo's simulator keeps an accepted invoice at each automatic status (default 2; four numbers: one per step).")
    var portalSimulatorStatusSchedule: String?
    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error, critical.") var logLevel: String?
    @Option(help: "A JSON config file.") var config: String?

    func run() async throws {
        var flags = HubConfig.Flags()
        flags.host = host
        flags.port = port
        flags.database = database
        flags.durability = durability
        flags.databaseConnections = databaseConnections
        flags.demo = demo
        flags.maximumBodySize = maximumBodySize
        flags.noChorusPro = noChorusPro
        flags.anySeller = anySeller
        flags.auditCheckpointMilliseconds = auditCheckpointMilliseconds
        flags.logLevel = logLevel
        flags.portalURL = portalURL
        flags.portalTokenURL = portalTokenURL
        flags.deliveryWorkers = deliveryWorkers
        flags.portalSimulatorPort = portalSimulatorPort
        flags.portalSimulatorDatabase = portalSimulatorDatabase
        flags.portalSimulatorStatusSchedule = portalSimulatorStatusSchedule
        let settings: HubConfig
        do {
            settings = try await HubConfig.load(flags: flags, environment: ProcessInfo.processInfo.environment, configFile: config)
        } catch {
            throw ValidationError(error.description)
        }
        try await HubServer(config: settings).run()
    }
}
