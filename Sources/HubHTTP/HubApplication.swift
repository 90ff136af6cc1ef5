public import Foundation
import HTTPTypes
public import Hub
public import Hummingbird
public import InvoiceMapping
import InvoiceModel
public import Logging
public import Prometheus
import NIOCore

/// What the API needs from the hub: its store and the services built on it.
public struct HubServices: Sendable {
    /// Where everything is kept.
    public let store: any HubStore
    /// Deposits.
    public let ingestion: Ingestion
    /// Tokens.
    public let tenancy: Tenancy
    /// Status changes.
    public let lifecycle: InvoiceLifecycle
    /// Scoped reads of invoices, their documents, events and models.
    public let invoices: InvoiceReader
    /// Writes normalised invoices as UBL or CII.
    public let mapper: InvoiceMapper
    /// The outbox, as people see it.
    public let deliveries: Deliveries
    /// The buyers' channels and inboxes.
    public let channels: BuyerChannels
    /// The suppliers' webhooks.
    public let subscriptions: Subscriptions
    /// The organisations' e-mail alert settings.
    public let alerts: Alerts
    /// The operators' dashboard, queue and reconciliation.
    public let operations: Operations
    /// How the portal's statuses read as lifecycle statuses (the reconciliation report).
    public let portalStatusMap: PortalStatusMap

    /// Creates the services over one store; channels may use what `channelPolicy` allows.
    /// - Throws: `MappingError` when `mappings/accounting-csv.tsv` cannot be read.
    public init(store: any HubStore, ingestion: Ingestion, mapper: InvoiceMapper, channelPolicy: ChannelPolicy = ChannelPolicy()) throws {
        self.store = store
        self.ingestion = ingestion
        self.mapper = mapper
        tenancy = Tenancy(store: store)
        lifecycle = InvoiceLifecycle(store: store)
        invoices = InvoiceReader(store: store, intake: ingestion.intake)
        deliveries = Deliveries(store: store)
        subscriptions = Subscriptions(store: store, policy: channelPolicy)
        alerts = Alerts(store: store)
        operations = Operations(store: store)
        portalStatusMap = try PortalStatusMap.standard()
        channels = BuyerChannels(
            store: store, policy: channelPolicy, documents: ChannelDocuments(reader: invoices, mapper: mapper, csv: try AccountingCSV()))
    }
}

/// What the API itself is configured with.
public struct HubAPIConfiguration: Sendable {
    /// The largest request body of a deposit, in bytes.
    public var maximumBodySize: Int
    /// The OpenAPI document served at `/openapi.json`.
    public var openAPIDocument: Data
    /// What `/metrics` emits beside the store's figures (the registry `HubMetrics` writes into).
    public var metrics: PrometheusCollectorRegistry

    /// Creates a configuration.
    public init(maximumBodySize: Int, openAPIDocument: Data, metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.maximumBodySize = maximumBodySize
        self.openAPIDocument = openAPIDocument
        self.metrics = metrics
    }

    /// The OpenAPI document of the project (`api/openapi.json`, found as `formats/` is).
    public static func bundledOpenAPIDocument() throws -> Data {
        try Data(contentsOf: Resources.root().appendingPathComponent("api/openapi.json"))
    }
}

/// The API's routes: `/health` and `/openapi.json` open to all, `/v1/…` behind a bearer token; with a console
/// configuration, the web console's pages beside them (`/`, `/sign-in`, `/invoices`…).
public func buildRouter(
    services: HubServices, configuration: HubAPIConfiguration, console: ConsoleConfiguration? = nil
) -> Router<HubRequestContext> {
    let router = Router(context: HubRequestContext.self, options: .autoGenerateHeadEndpoints)
    // Added before any route, so that it wraps them all and the "no such route" answer.
    router.add(middleware: ErrorMiddleware())
    router.get("health") { _, _ in
        JSONResponse.make(data: Data(#"{"status":"ok"}"#.utf8))
    }
    let document = configuration.openAPIDocument
    router.get("openapi.json") { _, _ in
        JSONResponse.make(data: document)
    }
    MetricsRoute(registry: configuration.metrics, operations: services.operations).register(on: router)
    let v1 = router.group("v1").add(middleware: AuthenticationMiddleware(tenancy: services.tenancy))
    InvoiceRoutes(services: services, configuration: configuration).register(on: v1)
    DeliveryRoutes(services: services).register(on: v1)
    ChannelRoutes(services: services).register(on: v1)
    SubscriptionRoutes(services: services).register(on: v1)
    AlertRoutes(services: services).register(on: v1)
    if let console {
        ConsoleRoutes(services: services, console: console, maximumBodySize: configuration.maximumBodySize).register(on: router)
    }
    return router
}

/// The hub's HTTP application, listening on `address`; `onListening` gets the port once it is bound
/// (the one the system chose when `address` asks for port 0).
public func buildApplication(
    services: HubServices, configuration: HubAPIConfiguration, console: ConsoleConfiguration? = nil, address: BindAddress,
    logger: Logger = Logger(label: "hermine.http"), onListening: @escaping @Sendable (Int) async -> Void = { _ in }
) -> some ApplicationProtocol {
    Application(
        router: buildRouter(services: services, configuration: configuration, console: console),
        server: .http1(configuration: .init(additionalChannelHandlers: [ContinueHandler()])),
        configuration: ApplicationConfiguration(address: address, serverName: "hermine"),
        onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) },
        logger: logger)
}
