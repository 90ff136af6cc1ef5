import Foundation
import Hub
public import Hummingbird
public import InvoiceIntake
import InvoiceModel
public import Logging
public import ServiceLifecycle
public import UnixSignals

/// A Chorus-like national portal with Chorus Pro's API shape (PISTE), for tests, demos and load tests:
/// `hermine portal-sim`.
///
/// - `POST /api/oauth/token`: OAuth2 client credentials; tokens expire (`tokenLifetime`).
/// - `POST /cpro/factures/v1/deposer/flux`, `/cpro/transverses/v1/consulterCRDetaille`,
///   `/cpro/factures/v1/rechercher/fournisseur` (10 a page), `/cpro/factures/v1/consulter/historique`: each
///   checks the bearer token and the `cpro-account` header, and answers `codeRetour` and `libelle`.
/// - A deposit is recorded and answered at once (group commit); a `FlowProcessor` service judges each flow
///   after `processingDelay` with Hermine's `Intake` and `ChorusProRules` against the simulator's directory
///   (`IN_INTEGRE`, the invoice created as `DEPOSEE`, or `IN_REJETE` with the reasons); a
///   `StatusProgression` service moves accepted invoices along `statusSchedule`.
/// - `/simulator/…` (`SimulatorRoutes`): stats, faults, the buyer's hand on invoices, the directory.
///
/// ```swift
/// let simulator = try PortalSimulator(configuration: PortalSimulatorConfiguration(port: 0, databasePath: path))
/// try await simulator.run { port in print("listening on \(port)") }     // until cancelled or signalled
/// ```
public struct PortalSimulator: Sendable {
    /// The settings it runs with.
    public let configuration: PortalSimulatorConfiguration
    /// Its copy of the buyer directory.
    public let directory: SimulatorDirectory
    let store: SimulatorStore
    let deposits: DepositLog
    let tokens: TokenIssuer
    let faults: Faults
    let inspection: FlowInspection
    let logger: Logger

    /// Opens the simulator's file (its flows, invoices and statuses survive a restart), reads its directory and
    /// loads the rules.
    /// - Parameters:
    ///   - intake: the rules and bindings to judge flows with; loaded from `formats/` and `mappings/` by default.
    /// - Throws: `PortalSimulatorError`: a setting out of range, an unreadable directory, rules that do not load,
    ///   a file that does not open.
    public init(
        configuration: PortalSimulatorConfiguration, intake: Intake? = nil,
        logger: Logger = Logger(label: "hermine.portal-sim")
    ) throws(PortalSimulatorError) {
        try configuration.faults.validate()
        guard configuration.tokenLifetime >= .seconds(1) else { throw .invalidSetting("the token lifetime must be 1 s or more") }
        guard configuration.processingDelay >= .zero else { throw .invalidSetting("the processing delay cannot be negative") }
        guard (0...65_535).contains(configuration.port) else { throw .invalidSetting("no port \(configuration.port)") }
        self.configuration = configuration
        self.logger = logger
        directory = try SimulatorDirectory(file: try configuration.resolvedDirectoryFile())
        let rules: Intake
        if let intake {
            rules = intake
        } else {
            do { rules = try Intake() } catch { throw .resources(error.description) }
        }
        store = try SimulatorStore(path: configuration.databasePath)
        deposits = DepositLog(store: store, lastSequence: try store.lastFlowSequence())
        tokens = TokenIssuer(lifetime: configuration.tokenLifetime)
        faults = Faults(configuration.faults)
        inspection = FlowInspection(intake: rules, rules: ChorusProRules(), directory: directory)
    }

    /// The routes: the token endpoint and `/cpro/…` behind the faults (and, for `/cpro/…`, the tokens and the
    /// technical account), `/simulator/…` open.
    public func buildRouter() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        // Added before any route, so that it wraps them all and the "no such route" answer.
        router.add(middleware: CproErrorMiddleware())
        TokenRoute(tokens: tokens, credentials: configuration.credentials)
            .register(on: router.group("api/oauth").add(middleware: FaultMiddleware(faults: faults)))
        CproRoutes(simulator: self).register(
            on: router.group("cpro").add(middleware: FaultMiddleware(faults: faults))
                .add(middleware: CproAuthMiddleware(tokens: tokens, account: configuration.credentials.cproAccount)))
        SimulatorRoutes(simulator: self).register(on: router.group("simulator"))
        return router
    }

    /// The HTTP application on the configured address; `onListening` gets the port once it is bound (the one the
    /// system chose for port 0).
    public func buildApplication(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        Application(
            router: buildRouter(),
            server: .http1(configuration: .init(additionalChannelHandlers: [ConnectionDropHandler()])),
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port), serverName: "hermine-portal-sim"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) },
            logger: logger)
    }

    /// The background work: flow processing, and the status schedule unless it is off.
    public var services: [any Service] {
        var services: [any Service] = [
            FlowProcessor(
                store: store, inspection: inspection, delay: configuration.processingDelay, batchSize: 64, logger: logger)
        ]
        if let schedule = configuration.statusSchedule {
            services.append(StatusProgression(store: store, schedule: schedule, logger: logger))
        }
        return services
    }

    /// The server and its services as one `ServiceGroup`, which stops gracefully (the server first) on one of
    /// `signals` or `triggerGracefulShutdown()`.
    public func serviceGroup(
        gracefulShutdownSignals signals: [UnixSignal] = [], onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> ServiceGroup {
        ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: services.map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) }
                    + [.init(service: buildApplication(onListening: onListening))],
                gracefulShutdownSignals: signals, logger: logger))
    }

    /// Runs `serviceGroup` until it is cancelled or gets one of `signals`.
    public func run(
        gracefulShutdownSignals signals: [UnixSignal] = [], onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) async throws {
        try await serviceGroup(gracefulShutdownSignals: signals, onListening: onListening).run()
    }

    /// `hermine portal-sim`: opens the simulator, announces `hermine portal-sim listening on http://…` on
    /// standard output once it listens, and runs until SIGTERM or SIGINT.
    /// - Parameter logLevel: `trace`, `debug`, `info`, `notice`, `warning`, `error` or `critical`.
    /// - Throws: `PortalSimulatorError` when it cannot start (`.invalidSetting` for a setting out of range).
    public static func run(configuration: PortalSimulatorConfiguration, logLevel: String = "info") async throws {
        guard let level = Logger.Level(rawValue: logLevel) else {
            throw PortalSimulatorError.invalidSetting("unknown log level \(logLevel)")
        }
        var logger = Logger(label: "hermine.portal-sim")
        logger.logLevel = level
        let simulator = try PortalSimulator(configuration: configuration, logger: logger)
        let host = configuration.host
        let database = configuration.databasePath
        try await simulator.run(gracefulShutdownSignals: [.sigterm, .sigint]) { port in
            let line = "hermine portal-sim listening on http://\(host):\(port) (database \(database); \(configuration.credentials))\n"
            FileHandle.standardOutput.write(Data(line.utf8))
        }
    }

    /// What it holds, and the faults it injected: `GET /simulator/stats`.
    public func stats() async throws(PortalSimulatorError) -> SimulatorStats {
        var stats = try await store.stats()
        stats.faults = faults.counts
        return stats
    }

    /// The faults in force.
    public var faultSettings: FaultSettings { faults.settings }

    /// Changes the faults (`POST /simulator/faults`).
    /// - Throws: `PortalSimulatorError.invalidSetting`; nothing changes then.
    public func applyFaults(_ change: FaultChange) throws(PortalSimulatorError) {
        try faults.apply(change)
        if change.expireTokens == true { tokens.expireAll() }
    }

    /// Moves an invoice to `status` as the buyer would (`POST /simulator/invoices/{id}/status`).
    /// - Throws: `.unknownInvoice`, `.transitionRefused` for a change a real portal would not make.
    public func setStatus(of invoiceID: Int64, to status: ChorusInvoiceStatus, comment: String? = nil)
        async throws(PortalSimulatorError)
    {
        try await store.setStatus(of: invoiceID, to: status, comment: comment, at: PortalTime.now())
    }

    /// Every migration of its file shipped, in order: name and SQL (never edited once shipped; a test pins their
    /// SHA-256).
    public static var migrations: [(name: String, sql: String)] { SimulatorMigrations.shipped }

    /// How many access tokens it issued since it started.
    public var tokensIssued: Int { tokens.issuedCount }
}
