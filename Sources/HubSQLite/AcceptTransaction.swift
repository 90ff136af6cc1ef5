import Foundation
import GRDB
import Hub

/// The writes of one deposit, inside a transaction the caller holds.
enum AcceptTransaction {
    /// Checks for a replay or a duplicate, then writes document, invoice, model, report, first event and
    /// idempotency record.
    static func run(_ db: Database, _ submission: Submission) throws -> AcceptResult {
        let summary = submission.summary
        if let claim = submission.idempotency,
            let record = try idempotencyRecord(db, key: claim.key, supplier: summary.supplierOrganisationID)
        {
            return .replay(record)
        }
        if !summary.isCreditNote, let number = summary.number, let year = summary.issueYear,
            let original = try Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT * FROM invoices WHERE supplier_org = ? AND number = ? AND issue_year = ?
                        AND credit_note = 0 AND status <> 213 LIMIT 1
                        """),
                arguments: [summary.supplierOrganisationID, number, year])
        {
            return .duplicate(original: try SQLiteHubStore.summary(original))
        }

        let now = summary.receivedAt.millis
        try db.cachedStatement(
            sql: """
                INSERT INTO documents (sha256, bytes, size, media_type, stored_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (sha256) DO NOTHING
                """
        ).execute(arguments: [summary.documentSHA256, submission.document, submission.document.count, submission.mediaType, now])
        try db.cachedStatement(
            sql: """
                INSERT INTO invoices (id, supplier_org, seller_identifier, seller_name, buyer_siret, buyer_name, number,
                    issue_date, issue_year, type_code, credit_note, currency, amount_due, buyer_reference, order_reference,
                    status, syntax, container, document_sha256, document_size, received_at, fatal_count, warning_count)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            summary.id, summary.supplierOrganisationID, summary.sellerIdentifier, summary.sellerName, summary.buyerSIRET,
            summary.buyerName, summary.number, summary.issueDate, summary.issueYear, summary.typeCode,
            summary.isCreditNote, summary.currency, summary.amountDue, summary.buyerReference,
            summary.purchaseOrderReference, summary.status.rawValue, summary.syntax, summary.container,
            summary.documentSHA256, summary.documentSize, now, summary.fatalCount, summary.warningCount,
        ])
        let seq = db.lastInsertedRowID
        try db.cachedStatement(sql: "INSERT INTO invoice_models (invoice_seq, json) VALUES (?, ?)")
            .execute(arguments: [seq, submission.invoiceJSON])
        try db.cachedStatement(sql: "INSERT INTO validation_reports (invoice_seq, valid, rule_set, json) VALUES (?, ?, ?, ?)")
            .execute(arguments: [seq, submission.report.valid, submission.report.ruleSet, submission.report.json])
        let event = try appendEvent(
            db, invoiceID: summary.id, from: nil, to: summary.status, at: summary.receivedAt, actor: submission.actor,
            reason: submission.reason)
        if let claim = submission.idempotency {
            try db.cachedStatement(
                sql: """
                    INSERT INTO idempotency_keys (supplier_org, key, request_sha256, invoice_id, status, created_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """
            ).execute(arguments: [
                summary.supplierOrganisationID, claim.key, claim.requestSHA256, summary.id, summary.status.rawValue, now,
            ])
        }
        return .stored(summary, event)
    }

    /// Appends an event to the log, chained to the last one.
    static func appendEvent(
        _ db: Database, invoiceID: String, from: InvoiceStatus?, to: InvoiceStatus, at: Date, actor: String, reason: String
    ) throws -> LifecycleEvent {
        let last = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT sequence, hash FROM lifecycle_events ORDER BY sequence DESC LIMIT 1"))
        let previous = last.map { (sequence: $0["sequence"] as Int64, hash: $0["hash"] as String) }
        let event = EventChain.standard.next(
            after: previous, invoiceID: invoiceID, from: from, to: to, at: at, actor: actor, reason: reason)
        try db.cachedStatement(
            sql: """
                INSERT INTO lifecycle_events (sequence, invoice_id, from_status, to_status, at, actor, reason, previous_hash, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            event.sequence, event.invoiceID, event.from?.rawValue, event.to.rawValue, event.at.millis, event.actor,
            event.reason, event.previousHash, event.hash,
        ])
        return event
    }

    static func idempotencyRecord(_ db: Database, key: String, supplier: String) throws -> IdempotencyRecord? {
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM idempotency_keys WHERE supplier_org = ? AND key = ?"),
                arguments: [supplier, key]),
            let status = InvoiceStatus(rawValue: row["status"])
        else { return nil }
        return IdempotencyRecord(
            key: key, supplierOrganisationID: supplier, requestSHA256: row["request_sha256"], invoiceID: row["invoice_id"],
            status: status, createdAt: Date(millis: row["created_at"]))
    }
}
