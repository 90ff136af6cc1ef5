import Foundation
import HTTPTypes
import Hub
import HubHTTP
import HubTestSupport
import Hummingbird
import HummingbirdTesting
import InvoiceIntake
import InvoiceMapping
import NIOCore
import Prometheus
import TestSupport

/// The hub's API over a fresh store of one kind with the demo tenants and directory, served on a loopback
/// port for the length of a test: requests cross real HTTP.
struct LiveHub {
    let harness: StoreHarness
    let services: HubServices
    let configuration: HubAPIConfiguration

    init(
        _ kind: StoreKind, maximumBodySize: Int = IngestionPolicy.standard.maximumDocumentSize,
        metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry()
    ) async throws {
        harness = try await HubFixtures.demoStore(kind)
        var policy = IngestionPolicy.standard
        policy.maximumDocumentSize = maximumBodySize
        let measured = HubMetrics(factory: PrometheusMetricsFactory(registry: metrics))
        services = try HubServices(
            store: harness.store, ingestion: Ingestion(intake: HubFixtures.intake, store: harness.store, policy: policy, metrics: measured),
            mapper: HubFixtures.intake.binder.mapper)
        configuration = HubAPIConfiguration(
            maximumBodySize: maximumBodySize,
            openAPIDocument: try Data(contentsOf: APIFixtures.root.appendingPathComponent("api/openapi.json")), metrics: metrics)
    }

    /// Serves the API while `test` runs.
    ///
    /// Server and client run on threads of their own (`HTTPTestExecutor`): the package's other tests keep
    /// the two threads of Swift's shared pool busy with thousands of validations, and a handler queued
    /// behind them would time out.
    func run(console: ConsoleConfiguration? = nil, _ test: @Sendable (HubClient) async throws -> Void) async throws {
        let app = buildApplication(
            services: services, configuration: configuration, console: console, address: .hostname("127.0.0.1", port: 0))
        try await withTaskExecutorPreference(HTTPTestExecutor.shared) {
            try await app.test(.live) { client in try await test(HubClient(client: client)) }
        }
    }
}

/// Requests as the API's users make them.
struct HubClient: Sendable {
    let client: any TestClientProtocol

    var port: Int { client.port ?? 0 }

    func post(
        _ path: String = "/v1/invoices", token: String?, body: Data, contentType: String? = "application/xml",
        headers extra: HTTPFields = [:]
    ) async throws -> TestResponse {
        var headers = extra
        if let token { headers[.authorization] = "Bearer \(token)" }
        if let contentType { headers[.contentType] = contentType }
        return try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(bytes: body))
    }

    func get(_ path: String, token: String?) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await client.execute(uri: path, method: .get, headers: headers)
    }

    /// Deposits and returns the new invoice's id (expects 201 or 422).
    func deposit(_ body: Data, token: String = APIFixtures.kerbratToken) async throws -> (status: Int, id: String) {
        let response = try await post(token: token, body: body)
        let id = try response.object()["id"] as? String ?? ""
        return (response.status.code, id)
    }
}

extension TestResponse {
    /// The body as a JSON object.
    func object() throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any] ?? [:]
    }

    /// `error.code` of an error answer.
    var errorCode: String? {
        ((try? object())?["error"] as? [String: Any])?["code"] as? String
    }

    /// The ids of a listing's invoices.
    var listedIDs: [String] {
        (((try? object())?["invoices"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String }
    }

    var bytes: Data { Data(body.readableBytesView) }
}

/// The project's fixtures, as the API tests use them.
enum APIFixtures {
    /// The repository's root.
    static let root = ProjectFiles.packageRoot
    static let folder = ProjectFiles.fixtures

    static let kerbratToken = "hmn_demo_atelier_kerbrat"
    static let breizhToken = "hmn_demo_breizh_numerique"
    static let plouzaneToken = "hmn_demo_commune_plouzane"
    static let operatorToken = "hmn_demo_operator"

    static func bytes(_ path: String) throws -> Data { try HubFixtures.bytes(path) }

    /// Atelier Kerbrat's valid invoice to the Commune de Plouzané, under another number.
    static func kerbratInvoice(number: String) throws -> Data { try HubFixtures.kerbratInvoice(number: number) }

    /// Atelier Kerbrat's invoice whose totals are wrong (rejected), under another number.
    static func kerbratRejected(number: String) throws -> Data { try HubFixtures.kerbratRejected(number: number) }

    /// Breizh Numérique's valid CII invoice.
    static func breizhInvoice() throws -> Data { try HubFixtures.bytes(HubFixtures.breizhInvoice) }

    /// Atelier Kerbrat's invoice addressed to the Département du Finistère (service ROUTES).
    static func kerbratToFinistere(number: String) throws -> Data {
        try HubFixtures.edited(
            HubFixtures.kerbratInvoice,
            [
                ("<cbc:ID>FA-2026-0142</cbc:ID>", "<cbc:ID>\(number)</cbc:ID>"), ("21290198700017", "22290001100016"),
                ("<cbc:BuyerReference>VOIRIE</cbc:BuyerReference>", "<cbc:BuyerReference>ROUTES</cbc:BuyerReference>"),
                ("Commune de Plouzané", "Département du Finistère"),
            ])
    }
}
