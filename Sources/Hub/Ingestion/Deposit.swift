/// A deposit's unit of work: the hub's rules for replays and duplicates, then every row the deposit
/// implies, in one transaction: its outbox rows among them.
public enum Deposit {
    /// Answers a replay when the supplier already used the idempotency key, a duplicate when the duplicate
    /// rule finds the original; otherwise writes the document, the invoice with its model and report, its
    /// first lifecycle event, the idempotency record and its deliveries (the portal's, and what `Outbox` says the first event owes).
    public static func accept(_ submission: Submission, in tx: any StoreWrites, chain: EventChain = .standard) throws -> AcceptResult {
        let summary = submission.summary
        if let claim = submission.idempotency,
            let record = try tx.idempotencyRecord(key: claim.key, supplier: summary.supplierOrganisationID)
        {
            return .replay(record)
        }
        if let original = try DuplicateRule.original(of: summary, in: tx) { return .duplicate(original: original) }

        try tx.insert(StoredDocument(sha256: summary.documentSHA256, bytes: submission.document, mediaType: submission.mediaType))
        let event = chain.next(
            after: .empty, invoiceID: summary.id, from: nil, to: summary.status, at: summary.receivedAt,
            actor: submission.actor, reason: submission.reason)
        var stored = summary
        stored.chain = event.head
        try tx.insert(stored, model: submission.invoiceJSON, report: submission.report)
        try tx.append(event)
        if let claim = submission.idempotency {
            try tx.insert(
                IdempotencyRecord(
                    key: claim.key, supplierOrganisationID: summary.supplierOrganisationID, requestSHA256: claim.requestSHA256,
                    invoiceID: summary.id, status: summary.status, createdAt: summary.receivedAt))
        }
        for destination in submission.destinations {
            try tx.insert(Delivery.new(invoiceID: summary.id, to: destination, at: summary.receivedAt))
        }
        try Outbox.owe(after: event, of: stored, in: tx)
        if stored.status == .rejected {
            try tx.recordRejection(of: stored.id, rules: submission.report.fatalRules, at: stored.receivedAt)
        }
        try CorrectionRule.link(stored, actor: submission.actor, in: tx, chain: chain)
        return .stored(stored, event)
    }
}

/// A deposit under the number of an earlier deposit of the same supplier and year that was rejected corrects it:
/// the rejected invoice leaves the operators' queue, names its correction, and its history says so.
enum CorrectionRule {
    static func link(_ correction: InvoiceSummary, actor: Actor, in tx: any StoreWrites, chain: EventChain) throws {
        guard let number = correction.number, let year = correction.issueYear else { return }
        for original in try tx.invoices(supplier: correction.supplierOrganisationID, number: number, year: year)
        where original.id != correction.id && original.status == .rejected {
            if let done = try tx.resolution(of: original.id.rawValue), done.kind.settles { continue }
            guard let locked = try tx.lock(original.id) else { continue }
            try InvoiceLifecycle.appendNote(
                to: locked, "corrected by \(correction.id)", actor: actor, at: correction.receivedAt, in: tx, chain: chain)
            try tx.save(
                QueueResolution(
                    subject: original.id.rawValue, kind: .corrected, actor: actor, comment: "", replacement: correction.id.rawValue,
                    at: correction.receivedAt))
        }
    }
}

/// The duplicate rule: a supplier deposits an invoice number once a year. A credit note is never a
/// duplicate, and an invoice whose earlier deposit was rejected (213) may be deposited again. The stores
/// back it with a unique index over live invoices (supplier, number, year).
enum DuplicateRule {
    /// The live invoice that makes `summary` a duplicate, if any.
    static func original(of summary: InvoiceSummary, in tx: any StoreReads) throws -> InvoiceSummary? {
        guard !summary.isCreditNote, let number = summary.number, let year = summary.issueYear else { return nil }
        return try tx.invoices(supplier: summary.supplierOrganisationID, number: number, year: year).first(where: isLive)
    }

    /// Whether an invoice holds its number: not a credit note, not rejected.
    static func isLive(_ invoice: InvoiceSummary) -> Bool { !invoice.isCreditNote && invoice.status != .rejected }
}
