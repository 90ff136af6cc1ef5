import AsyncHTTPClient
public import Foundation
import Hub
import HubHTTP
import HubSQLite
import Hummingbird
public import InvoiceIntake
import InvoiceRules
import Logging
import NIOCore
import NIOHTTP1

/// How fast the console's heaviest pages answer over a large store: a supplier's list of 500 invoices and the
/// operators' dashboard, queue and reconciliation over `invoices` invoices, asked over loopback HTTP of a
/// `hermine serve`-like application on an embedded SQLite file (`hermine bench console`).
///
/// The store is filled through `Deposit.accept` itself, in batches of a thousand (the demo invoice and its rejected
/// twin under new numbers, received over 60 days): 80 % accepted, of which most were delivered to the portal and
/// made available, 20 % rejected.
public enum ConsoleBenchmark {
    /// One page's answer times.
    public struct Timing: Sendable, CustomStringConvertible {
        /// What was asked.
        public let page: String
        /// Bytes of the answer.
        public let bytes: Int
        /// Median, 95th percentile and slowest, in milliseconds.
        public let median: Double, p95: Double, slowest: Double

        public var description: String {
            page.padding(toLength: 44, withPad: " ", startingAt: 0)
                + String(format: "%9.1f %9.1f %9.1f %10d", median, p95, slowest, bytes)
        }
    }

    /// Fills a store in `folder` with `invoices` invoices, then asks each page `samples` times.
    public static func run(invoices: Int, samples: Int, folder: URL, intake: Intake, log: @Sendable (String) -> Void) async throws -> [Timing] {
        let path = folder.appendingPathComponent("bench.sqlite").path
        var configuration = SQLiteConfiguration(path: path)
        configuration.durability = .normal
        return try await StoreLocation.sqlite(configuration).withStore { store in
            _ = try await DemoData.load(into: store, fixtures: try DemoData.fixturesFolder())
            let policy = SignInPolicy(bcryptCost: 4)
            try await DemoData.loadUsers(into: store, fixtures: try DemoData.fixturesFolder(), policy: policy)
            let started = Date()
            try await fill(store, invoices: invoices, intake: intake)
            log(String(format: "filled %d invoices in %.1f s", invoices, Date().timeIntervalSince(started)))

            let services = try HubServices(
                store: store, ingestion: Ingestion(intake: intake, store: store), mapper: intake.binder.mapper)
            let console = ConsoleConfiguration(accounts: Accounts(store: store, policy: policy), pages: try await ConsolePages.load())
            let api = HubAPIConfiguration(maximumBodySize: 1_000_000, openAPIDocument: Data("{}".utf8))
            let port = PortBox()
            let app = buildApplication(
                services: services, configuration: api, console: console, address: .hostname("127.0.0.1", port: 0),
                logger: Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() }), onListening: { await port.set($0) })
            return try await withThrowingTaskGroup(of: [Timing].self) { group in
                group.addTask {
                    try await app.runService()
                    return []
                }
                let base = "http://127.0.0.1:\(await port.wait())"
                let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))
                defer { group.cancelAll() }
                do {
                    let supplier = try await signIn(client, base, "contact@atelier-kerbrat.example", "kerbrat-demo-2026")
                    let operatorCookie = try await signIn(client, base, "support@hermine.example", "operateur-demo-2026")
                    var timings: [Timing] = []
                    for (page, cookie) in [
                        ("/invoices?limit=500", supplier), ("/operations", operatorCookie), ("/operations/queue", operatorCookie),
                        ("/operations/reconciliation", operatorCookie), ("/invoices?q=BENCH-00042&limit=500", supplier),
                    ] {
                        timings.append(try await time(client, base + page, cookie: cookie, samples: samples, name: page))
                    }
                    try await client.shutdown()
                    return timings
                } catch {
                    try? await client.shutdown()
                    throw error
                }
            }
        }
    }

    /// Deposits `count` invoices straight into the store, a thousand per unit of work.
    static func fill(_ store: any HubStore, invoices count: Int, intake: Intake) async throws {
        let folder = try DemoData.fixturesFolder()
        let ingestion = Ingestion(intake: intake, store: store)
        let kerbrat = try await Tenancy(store: store).organisation(id: "atelier-kerbrat")!
        // One real deposit of each kind gives the stored forms (model, report) that the copies reuse.
        let valid = try Data(contentsOf: folder.appendingPathComponent("invoices/atelier-kerbrat-FA-2026-0142.xml"))
        let rejected = String(decoding: valid, as: UTF8.self).replacingOccurrences(of: "<cbc:ID>FA-2026-0142</cbc:ID>", with: "<cbc:ID>BENCH-REJ</cbc:ID>")
            .replacingOccurrences(of: "<cbc:PayableAmount currencyID=\"EUR\">2130.00", with: "<cbc:PayableAmount currencyID=\"EUR\">2131.00")
        var templates: [(InvoiceSummary, Data, ValidationReportRecord)] = []
        for bytes in [valid, Data(rejected.utf8)] {
            guard let stored = try await ingestion.ingest(bytes, from: kerbrat).invoice else { throw HubError.storage("the bench's template was refused") }
            let (model, report) = try await store.read { tx in (try tx.model(of: stored.summary.id), try tx.report(of: stored.summary.id)) }
            let record = ValidationReportRecord(
                valid: stored.report.valid, ruleSet: stored.report.ruleSet.description, json: report ?? Data(), fatalRules: Set(stored.report.fatal))
            templates.append((stored.summary, model ?? Data(), record))
        }
        let now = Date()
        var generator = SystemRandomNumberGenerator()
        for batch in stride(from: 0, to: count, by: 1_000) {
            var submissions: [Submission] = []
            for index in batch..<min(batch + 1_000, count) {
                let isRejected = index % 5 == 4
                let (template, model, report) = templates[isRejected ? 1 : 0]
                let received = now.addingTimeInterval(-Double(generator.next(upperBound: UInt64(60 * 86_400))))
                let summary = InvoiceSummary(
                    id: InvoiceID.make(at: received), supplierOrganisationID: template.supplierOrganisationID,
                    sellerIdentifier: template.sellerIdentifier, sellerName: template.sellerName, buyerSIRET: template.buyerSIRET,
                    buyerName: template.buyerName, number: String(format: "BENCH-%06d", index), issueDate: template.issueDate,
                    typeCode: template.typeCode, isCreditNote: false, currency: template.currency,
                    amountDue: String(format: "%d.%02d", 100 + index % 9_000, index % 100), buyerReference: template.buyerReference,
                    purchaseOrderReference: template.purchaseOrderReference, status: template.status, syntax: template.syntax,
                    container: template.container, documentSHA256: template.documentSHA256, documentSize: template.documentSize,
                    receivedAt: received, fatalCount: template.fatalCount, warningCount: template.warningCount)
                submissions.append(
                    Submission(
                        summary: summary, document: valid, mediaType: "application/xml", invoiceJSON: model, report: report,
                        actor: .organisation(.supplier, "atelier-kerbrat"), reason: isRejected ? "rejected" : "accepted",
                        idempotency: nil, destinations: isRejected ? [] : [.portal]))
            }
            try await store.write { [submissions] tx in
                for (offset, submission) in submissions.enumerated() {
                    guard case .stored(let stored, _) = try Deposit.accept(submission, in: tx) else { continue }
                    guard stored.status == .deposited, offset % 8 != 0 else { continue }
                    // Delivered to the portal within seconds, then issued and made available there.
                    if var delivery = try tx.deliveries(of: stored.id).first(where: { $0.destination == .portal }) {
                        delivery.state = .done
                        delivery.attempts = 1
                        delivery.updatedAt = delivery.createdAt.addingTimeInterval(Double(1 + offset % 30))
                        try tx.update(delivery)
                        try tx.save(
                            PortalTracking(
                                invoiceID: stored.id, flow: "FLOW-\(stored.id)", flowState: "IN_INTEGRE", portalInvoiceID: "CPP-\(stored.id)",
                                portalStatus: "MISE_A_DISPOSITION", historySeen: 2, changedAt: delivery.updatedAt,
                                nextPollAt: now.addingTimeInterval(3_600), quietPolls: 0, lease: nil, final: false))
                    }
                    var current = stored
                    for status in [InvoiceStatus.issued, .madeAvailable] {
                        let event = try InvoiceLifecycle.append(to: current, status, actor: .portal, reason: "", at: stored.receivedAt, in: tx)
                        current.status = status
                        current.chain = event.head
                    }
                }
            }
        }
    }

    static func signIn(_ client: HTTPClient, _ base: String, _ email: String, _ password: String) async throws -> String {
        let page = try await client.execute(HTTPClientRequest(url: base + "/sign-in"), timeout: .seconds(30))
        let cookie = page.headers["set-cookie"].first { $0.hasPrefix("hermine_signin=") }?.split(separator: ";").first.map(String.init) ?? ""
        let html = String(buffer: try await page.body.collect(upTo: 1 << 20))
        guard let token = html.firstMatch(of: /name="_csrf" value="([^"]+)"/)?.1 else { throw HubError.storage("no sign-in form") }
        var request = HTTPClientRequest(url: base + "/sign-in")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "Cookie", value: cookie)
        let escape = { (text: String) in text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "" }
        request.body = .bytes(ByteBuffer(string: "_csrf=\(escape(String(token)))&email=\(escape(email))&password=\(escape(password))"))
        let answer = try await client.execute(request, timeout: .seconds(30))
        guard let session = answer.headers["set-cookie"].first(where: { $0.hasPrefix("hermine_session=") }) else {
            throw HubError.storage("the bench's sign-in was refused (\(answer.status))")
        }
        return String(session.split(separator: ";")[0])
    }

    static func time(_ client: HTTPClient, _ url: String, cookie: String, samples: Int, name: String) async throws -> Timing {
        var times: [Double] = []
        var bytes = 0
        for sample in 0...samples {
            var request = HTTPClientRequest(url: url)
            request.headers.add(name: "Cookie", value: cookie)
            let start = ContinuousClock.now
            let answer = try await client.execute(request, timeout: .seconds(60))
            let body = try await answer.body.collect(upTo: 64 << 20)
            let elapsed = ContinuousClock.now - start
            guard answer.status == .ok else { throw HubError.storage("\(name) answered \(answer.status)") }
            bytes = body.readableBytes
            // The first answer warms the caches; it is not counted.
            if sample > 0 { times.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000) }
        }
        times.sort()
        let percentile = { (p: Double) in times[min(times.count - 1, Int((Double(times.count) * p).rounded(.up)) - 1)] }
        return Timing(page: name, bytes: bytes, median: percentile(0.5), p95: percentile(0.95), slowest: times.last ?? 0)
    }
}

/// The port the application bound, once it has.
private actor PortBox {
    private var port: Int?
    private var waiting: [CheckedContinuation<Int, Never>] = []

    func set(_ value: Int) {
        port = value
        for continuation in waiting { continuation.resume(returning: value) }
        waiting = []
    }

    func wait() async -> Int {
        if let port { return port }
        return await withCheckedContinuation { waiting.append($0) }
    }
}
