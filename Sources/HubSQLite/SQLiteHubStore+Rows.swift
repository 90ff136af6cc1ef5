import Foundation
import GRDB
import Hub

extension SQLiteHubStore {
    /// The invoice's summary when the scope sees it.
    static func summary(_ db: Database, id: String, scope: TenantScope) throws -> InvoiceSummary? {
        var conditions = ["id = ?"]
        var arguments: StatementArguments = [id]
        restrict(to: scope, &conditions, &arguments)
        return try Row.fetchOne(
            db.cachedStatement(sql: "SELECT * FROM invoices WHERE " + conditions.joined(separator: " AND ")), arguments: arguments
        ).map(summary)
    }

    /// Adds the condition that keeps to what a scope sees.
    static func restrict(to scope: TenantScope, _ conditions: inout [String], _ arguments: inout StatementArguments) {
        switch scope {
        case .all:
            break
        case .supplier(let organisationID):
            conditions.append("supplier_org = ?")
            arguments += [organisationID]
        case .buyer(let sirets):
            if sirets.isEmpty {
                conditions.append("0")
            } else {
                conditions.append("buyer_siret IN (\(sirets.map { _ in "?" }.joined(separator: ", ")))")
                for siret in sirets { arguments += [siret] }
            }
        }
    }

    static func summary(_ row: Row) throws -> InvoiceSummary {
        guard let status = InvoiceStatus(rawValue: row["status"]) else {
            throw HubError.storage("invoice \(row["id"] as String) has an unknown status \(row["status"] as Int)")
        }
        return InvoiceSummary(
            id: row["id"], supplierOrganisationID: row["supplier_org"], sellerIdentifier: row["seller_identifier"],
            sellerName: row["seller_name"], buyerSIRET: row["buyer_siret"], buyerName: row["buyer_name"],
            number: row["number"], issueDate: row["issue_date"], typeCode: row["type_code"],
            isCreditNote: row["credit_note"], currency: row["currency"], amountDue: row["amount_due"],
            buyerReference: row["buyer_reference"], purchaseOrderReference: row["order_reference"], status: status,
            syntax: row["syntax"], container: row["container"], documentSHA256: row["document_sha256"],
            documentSize: row["document_size"], receivedAt: Date(millis: row["received_at"]),
            fatalCount: row["fatal_count"], warningCount: row["warning_count"])
    }

    static func event(_ row: Row) throws -> LifecycleEvent {
        let from: Int? = row["from_status"]
        guard let to = InvoiceStatus(rawValue: row["to_status"]) else {
            throw HubError.storage("event \(row["sequence"] as Int64) has an unknown status \(row["to_status"] as Int)")
        }
        return LifecycleEvent(
            sequence: row["sequence"], invoiceID: row["invoice_id"], from: from.flatMap(InvoiceStatus.init(rawValue:)),
            to: to, at: Date(millis: row["at"]), actor: row["actor"], reason: row["reason"],
            previousHash: row["previous_hash"], hash: row["hash"])
    }
}

extension Date {
    /// Milliseconds since 1970, as stored.
    var millis: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }

    init(millis: Int64) { self.init(timeIntervalSince1970: Double(millis) / 1000) }
}
