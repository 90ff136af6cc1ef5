import Foundation
import Hub
import HubSQLite
import InvoiceIntake
import InvoiceModel

/// A database file in its own temporary folder, removed with the last reference to it.
final class TemporaryDatabase: Sendable {
    let folder: URL
    var path: String { folder.appendingPathComponent("hub.sqlite").path }

    init() {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("hermine-sqlite-tests-\(UUID().uuidString)")
    }

    deinit { try? FileManager.default.removeItem(at: folder) }
}

/// A store with one supplier, and a way to make deposits without parsing XML.
struct SQLiteFixture {
    let database: TemporaryDatabase
    let store: SQLiteHubStore
    var path: String { database.path }

    static let supplier = Organisation(
        id: "atelier-kerbrat", kind: .supplier, name: "Atelier Kerbrat",
        identifiers: [OrganisationIdentifier(scheme: "0009", value: "35260017500017")])

    init(database: TemporaryDatabase = TemporaryDatabase(), durability: SQLiteConfiguration.Durability = .full) async throws {
        self.database = database
        store = try SQLiteHubStore(SQLiteConfiguration(path: database.path, durability: durability))
        try await Tenancy(store: store).save(Self.supplier)
    }

    /// Writes a deposit through the domain's unit of work.
    static func accept(_ submission: Submission, into store: some HubStore) async throws -> AcceptResult {
        try await store.writeRetryingConflicts(size: submission.document.count) { tx in try Deposit.accept(submission, in: tx) }
    }

    /// A deposit of made-up bytes under this number.
    static func submission(number: String, status: InvoiceStatus = .deposited, key: String? = nil, padding: Int = 0)
        -> Submission
    {
        let filler = padding > 0 ? "<!--\(String(repeating: "x", count: padding))-->" : ""
        let bytes = Data("<Invoice><ID>\(number)</ID>\(filler)</Invoice>".utf8)
        let sha = SHA256Hex.digest(bytes)
        let summary = InvoiceSummary(
            id: InvoiceID.make(), supplierOrganisationID: supplier.id,
            sellerIdentifier: "35260017500017", sellerName: "Atelier Kerbrat", buyerSIRET: "21290198700017",
            buyerName: "Commune de Plouzané", number: number, issueDate: "2026-11-02", typeCode: "380",
            isCreditNote: false, currency: "EUR", amountDue: "120.00", buyerReference: "VOIRIE",
            purchaseOrderReference: "EJ-2026-001187", status: status, syntax: .ubl, container: .xml,
            documentSHA256: sha, documentSize: bytes.count, receivedAt: Date(), fatalCount: 0, warningCount: 0)
        return Submission(
            summary: summary, document: bytes, mediaType: "application/xml", invoiceJSON: Data("{}".utf8),
            report: ValidationReportRecord(
                valid: status == .deposited, ruleSet: "EN 16931", json: Data(#"{"syntax":"ubl","ruleSet":"EN 16931","findings":[]}"#.utf8)),
            actor: .organisation(.supplier, supplier.id), reason: "test deposit",
            idempotency: key.map { IdempotencyClaim(key: $0, requestSHA256: sha) })
    }

    /// Deposits `count` invoices and returns their ids.
    func deposit(_ count: Int, prefix: String = "T") async throws -> [InvoiceID] {
        var ids: [InvoiceID] = []
        for index in 0..<count {
            guard case .stored(let summary, _) = try await Self.accept(Self.submission(number: "\(prefix)-\(index)"), into: store) else {
                throw HubError.storage("not stored")
            }
            ids.append(summary.id)
        }
        return ids
    }
}
