import ArgumentParser
import Foundation
import PortalSimulator

/// `hermine portal-sim`: a Chorus-like national portal (Chorus Pro's API through PISTE) with fault injection.
struct PortalSim: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "portal-sim",
        abstract: "Run a Chorus-like national portal: Chorus Pro's API (PISTE), its checks and statuses, and faults.",
        discussion: """
            Demo credentials by default: client hermine-demo / hermine-demo-secret, cpro-account \
            hermine-demo:hermine-demo-password. Secrets may come from HERMINE_PORTAL_SIM_CLIENT_SECRET and \
            HERMINE_PORTAL_SIM_CPRO_ACCOUNT instead of flags. Faults change at run time through \
            POST /simulator/faults; see docs/portal.md. SIGTERM or SIGINT stops it gracefully.
            """)

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on; 0 lets the system choose.") var port = 8081
    @Option(help: "The simulator's SQLite file (its flows, invoices and statuses survive a restart).")
    var database = "data/portal-sim.sqlite"
    @Option(help: "The buyer directory it checks invoices against (default fixtures/directory.csv).") var directory: String?
    @Option(name: .customLong("fail-rate"), help: "Share of calls answered 500, 503 or 429 (0…1).") var failRate = 0.0
    @Option(name: .customLong("latency-ms"), help: "Latency added to a share of calls, in milliseconds.") var latencyMs = 0
    @Option(name: .customLong("latency-rate"), help: "Share of calls that get --latency-ms (0…1).") var latencyRate = 1.0
    @Option(
        name: .customLong("drop-after-commit-rate"),
        help: "Share of deposits whose connection is closed unanswered once the flow is recorded (0…1).")
    var dropAfterCommitRate = 0.0
    @Option(name: .customLong("processing-delay-ms"), help: "How long a flow waits before it is processed.")
    var processingDelayMs = 1000
    @Option(
        name: .customLong("status-schedule"),
        help: "Seconds at each automatic status (DEPOSEE, MISE_A_DISPOSITION, SERVICE_FAIT, MANDATEE): one number or four.")
    var statusSchedule = "2"
    @Flag(name: .customLong("no-status-progression"), help: "Invoices move only by POST /simulator/invoices/{id}/status.")
    var noStatusProgression = false
    @Option(name: .customLong("client-id"), help: "The OAuth2 client id it accepts.") var clientID = PortalCredentials.demo.clientID
    @Option(name: .customLong("client-secret"), help: "The OAuth2 client secret it accepts.") var clientSecret: String?
    @Option(name: .customLong("cpro-account"), help: "The technical account it accepts, login:password.") var cproAccount: String?
    @Option(name: .customLong("token-lifetime"), help: "Seconds an access token lives.") var tokenLifetime = 3600
    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error, critical.") var logLevel = "info"

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        var credentials = PortalCredentials.demo
        credentials.clientID = clientID
        credentials.clientSecret = clientSecret ?? environment["HERMINE_PORTAL_SIM_CLIENT_SECRET"] ?? credentials.clientSecret
        if let text = cproAccount ?? environment["HERMINE_PORTAL_SIM_CPRO_ACCOUNT"] {
            guard let account = PortalCredentials.account(text) else {
                throw ValidationError("--cpro-account takes login:password")
            }
            (credentials.login, credentials.password) = account
        }
        let configuration: PortalSimulatorConfiguration
        do {
            configuration = PortalSimulatorConfiguration(
                host: host, port: port, databasePath: database, directoryFile: directory.map { URL(fileURLWithPath: $0) },
                credentials: credentials, tokenLifetime: .seconds(tokenLifetime),
                processingDelay: .milliseconds(processingDelayMs),
                statusSchedule: noStatusProgression ? nil : try StatusSchedule.parse(statusSchedule),
                faults: FaultSettings(
                    failRate: failRate, latencyMs: latencyMs, latencyRate: latencyRate, dropAfterCommitRate: dropAfterCommitRate))
            try await PortalSimulator.run(configuration: configuration, logLevel: logLevel)
        } catch let error as PortalSimulatorError {
            switch error {
            case .invalidSetting: throw ValidationError(error.description)
            default: throw error
            }
        }
    }
}
