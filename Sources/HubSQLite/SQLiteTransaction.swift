import Foundation
import GRDB
import Hub
import InvoiceIntake
import InvoiceModel

/// The primitive operations of a unit of work, on one SQLite connection inside its transaction. They store
/// and read; they decide nothing (the rules are the domain's, in `Hub`).
struct SQLiteTransaction: StoreWrites {
    let db: Database

    // MARK: Tenants

    func organisation(id: String) throws -> Organisation? {
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT kind, name FROM organisations WHERE id = ?"), arguments: [id]),
            let kind = OrganisationKind(rawValue: row["kind"])
        else { return nil }
        let identifiers = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT scheme, value FROM organisation_identifiers WHERE organisation_id = ? ORDER BY position"),
            arguments: [id]
        ).map { OrganisationIdentifier(scheme: $0["scheme"], value: $0["value"]) }
        return Organisation(id: id, kind: kind, name: row["name"], identifiers: identifiers)
    }

    func organisations() throws -> [Organisation] {
        try String.fetchAll(db, sql: "SELECT id FROM organisations ORDER BY id").compactMap { try organisation(id: $0) }
    }

    func owner(of identifier: OrganisationIdentifier) throws -> String? {
        try String.fetchOne(
            db.cachedStatement(sql: "SELECT organisation_id FROM organisation_identifiers WHERE scheme = ? AND value = ?"),
            arguments: [identifier.scheme, identifier.value])
    }

    func credential(tokenHash: String) throws -> Credential? {
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM credentials WHERE token_sha256 = ?"), arguments: [tokenHash]),
            let role = Role(rawValue: row["role"])
        else { return nil }
        let revoked: Int64? = row["revoked_at"]
        return Credential(
            id: row["id"], organisationID: row["organisation_id"], role: role, tokenHash: row["token_sha256"],
            label: row["label"], createdAt: Date(millisecondsSince1970: row["created_at"]),
            revokedAt: revoked.map(Date.init(millisecondsSince1970:)))
    }

    func upsert(_ organisation: Organisation) throws {
        try db.execute(
            sql: """
                INSERT INTO organisations (id, kind, name) VALUES (?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, name = excluded.name
                """,
            arguments: [organisation.id, organisation.kind.rawValue, organisation.name])
        try db.execute(sql: "DELETE FROM organisation_identifiers WHERE organisation_id = ?", arguments: [organisation.id])
        for (position, identifier) in organisation.identifiers.enumerated() {
            try db.execute(
                sql: "INSERT INTO organisation_identifiers (organisation_id, position, scheme, value) VALUES (?, ?, ?, ?)",
                arguments: [organisation.id, position, identifier.scheme, identifier.value])
        }
    }

    func insert(_ credential: Credential) throws {
        try db.execute(
            sql: """
                INSERT INTO credentials (id, organisation_id, role, token_sha256, label, created_at, revoked_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                credential.id, credential.organisationID, credential.role.rawValue, credential.tokenHash, credential.label,
                credential.createdAt.millisecondsSince1970, credential.revokedAt?.millisecondsSince1970,
            ])
    }

    // MARK: Directory

    func directoryEntry(identifier: String) throws -> BuyerDirectoryEntry? {
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM directory_entries WHERE identifier = ?"), arguments: [identifier])
        else { return nil }
        let services = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT code, name, active FROM directory_services WHERE identifier = ? ORDER BY position"),
            arguments: [identifier]
        ).map { BuyerService(code: $0["code"], name: $0["name"], active: $0["active"]) }
        return BuyerDirectoryEntry(
            identifier: row["identifier"], identifierType: BuyerIdentifierType(rawValue: row["identifier_type"]) ?? .other,
            name: row["name"], active: row["active"], serviceCodeRequired: row["service_code_required"],
            engagementRequired: row["engagement_required"], services: services)
    }

    func directoryCount() throws -> Int {
        try Int.fetchOne(db, sql: "SELECT count(*) FROM directory_entries") ?? 0
    }

    func replace(_ entry: BuyerDirectoryEntry) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO directory_entries (identifier, identifier_type, name, active, service_code_required, engagement_required)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (identifier) DO UPDATE SET identifier_type = excluded.identifier_type, name = excluded.name,
                    active = excluded.active, service_code_required = excluded.service_code_required,
                    engagement_required = excluded.engagement_required
                """
        ).execute(arguments: [
            entry.identifier, entry.identifierType.rawValue, entry.name, entry.active, entry.serviceCodeRequired,
            entry.engagementRequired,
        ])
        try db.cachedStatement(sql: "DELETE FROM directory_services WHERE identifier = ?").execute(arguments: [entry.identifier])
        let insert = try db.cachedStatement(
            sql: "INSERT INTO directory_services (identifier, position, code, name, active) VALUES (?, ?, ?, ?, ?)")
        for (position, service) in entry.services.enumerated() {
            try insert.execute(arguments: [entry.identifier, position, service.code, service.name, service.active])
        }
    }

    func removeAllDirectoryEntries() throws {
        try db.execute(sql: "DELETE FROM directory_services")
        try db.execute(sql: "DELETE FROM directory_entries")
    }

    // MARK: Invoices

    func invoice(_ id: InvoiceID) throws -> InvoiceSummary? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM invoices WHERE id = ?"), arguments: [id.rawValue]).map(Self.summary)
    }

    func lock(_ id: InvoiceID) throws -> InvoiceSummary? {
        // A write transaction holds SQLite's one write lock: no other writer runs until it ends.
        try invoice(id)
    }

    func invoices(supplier: String, number: String, year: Int) throws -> [InvoiceSummary] {
        try Row.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM invoices WHERE supplier_org = ? AND number = ? AND issue_year = ? ORDER BY seq"),
            arguments: [supplier, number, year]
        ).map(Self.summary)
    }

    func invoices(_ query: InvoiceQuery, scope: TenantScope) throws -> InvoicePage {
        var conditions: [String] = []
        var arguments = StatementArguments()
        switch scope {
        case .all:
            break
        case .supplier(let organisationID):
            conditions.append("supplier_org = ?")
            arguments += [organisationID]
        case .buyer(let sirets):
            conditions.append(sirets.isEmpty ? "0" : "buyer_siret IN (\(sirets.map { _ in "?" }.joined(separator: ", ")))")
            for siret in sirets { arguments += [siret] }
            // InvoiceSummary.isRejectedAtDeposit: the supplier's business, not the buyer's.
            conditions.append("NOT (status = 213 AND chain_length <= 1)")
        }
        if !query.statuses.isEmpty {
            conditions.append("status IN (\(query.statuses.map { _ in "?" }.joined(separator: ", ")))")
            for status in query.statuses.sorted() { arguments += [status.rawValue] }
        }
        if let seller = query.seller { conditions.append("seller_identifier = ?"); arguments += [seller] }
        if let buyer = query.buyer { conditions.append("buyer_siret = ?"); arguments += [buyer] }
        if let number = query.number { conditions.append("number = ?"); arguments += [number] }
        if let from = query.issuedFrom { conditions.append("issue_date >= ?"); arguments += [from.description] }
        if let to = query.issuedTo { conditions.append("issue_date <= ?"); arguments += [to.description] }
        if let supplier = query.supplierOrganisationID { conditions.append("supplier_org = ?"); arguments += [supplier] }
        if let text = query.textPattern, let amount = query.amountPattern {
            // The pattern is lowercased; so are the columns (ASCII letters: SQLite's lower()).
            let columns = ["number", "buyer_name", "buyer_siret"]
            conditions.append(
                "(" + columns.map { "lower(\($0)) LIKE ? ESCAPE '\\'" }.joined(separator: " OR ") + " OR amount_due LIKE ? ESCAPE '\\')")
            for _ in columns { arguments += [text] }
            arguments += [amount]
        }
        if let cursor = query.cursor { conditions.append("seq < ?"); arguments += [cursor.sequence] }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        arguments += [query.limit + 1]
        let rows = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM invoices \(filter) ORDER BY seq DESC LIMIT ?"), arguments: arguments)
        let page = rows.prefix(query.limit)
        let next = rows.count > query.limit ? page.last.map { InvoiceCursor(sequence: $0["seq"]) } : nil
        return InvoicePage(invoices: try page.map(Self.summary), nextCursor: next)
    }

    func model(of id: InvoiceID) throws -> Data? {
        try Data.fetchOne(
            db.cachedStatement(sql: "SELECT m.json FROM invoice_models m JOIN invoices i ON i.seq = m.invoice_seq WHERE i.id = ?"),
            arguments: [id.rawValue])
    }

    func report(of id: InvoiceID) throws -> Data? {
        try Data.fetchOne(
            db.cachedStatement(sql: "SELECT r.json FROM validation_reports r JOIN invoices i ON i.seq = r.invoice_seq WHERE i.id = ?"),
            arguments: [id.rawValue])
    }

    func document(sha256: String) throws -> StoredDocument? {
        try Row.fetchOne(
            db.cachedStatement(sql: "SELECT bytes, media_type FROM documents WHERE sha256 = ?"), arguments: [sha256]
        ).map { StoredDocument(sha256: sha256, bytes: $0["bytes"], mediaType: $0["media_type"]) }
    }

    func idempotencyRecord(key: String, supplier: String) throws -> IdempotencyRecord? {
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM idempotency_keys WHERE supplier_org = ? AND key = ?"),
                arguments: [supplier, key]),
            let status = InvoiceStatus(rawValue: row["status"])
        else { return nil }
        return IdempotencyRecord(
            key: key, supplierOrganisationID: supplier, requestSHA256: row["request_sha256"],
            invoiceID: InvoiceID(rawValue: row["invoice_id"]), status: status,
            createdAt: Date(millisecondsSince1970: row["created_at"]))
    }

    func insert(_ document: StoredDocument) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO documents (sha256, bytes, size, media_type, stored_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (sha256) DO NOTHING
                """
        ).execute(arguments: [
            document.sha256, document.bytes, document.bytes.count, document.mediaType, Date().millisecondsSince1970,
        ])
    }

    func insert(_ summary: InvoiceSummary, model: Data, report: ValidationReportRecord) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO invoices (id, supplier_org, seller_identifier, seller_name, buyer_siret, buyer_name, number,
                    issue_date, issue_year, type_code, credit_note, currency, amount_due, buyer_reference, order_reference,
                    status, syntax, container, document_sha256, document_size, received_at, fatal_count, warning_count,
                    chain_length, chain_head)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            summary.id.rawValue, summary.supplierOrganisationID, summary.sellerIdentifier, summary.sellerName,
            summary.buyerSIRET, summary.buyerName, summary.number, summary.issueDate, summary.issueYear, summary.typeCode,
            summary.isCreditNote, summary.currency, summary.amountDue, summary.buyerReference,
            summary.purchaseOrderReference, summary.status.rawValue, summary.syntax.rawValue, summary.container.rawValue,
            summary.documentSHA256, summary.documentSize, summary.receivedAt.millisecondsSince1970, summary.fatalCount,
            summary.warningCount, summary.chain.length, summary.chain.hash,
        ])
        let seq = db.lastInsertedRowID
        try db.cachedStatement(sql: "INSERT INTO invoice_models (invoice_seq, json) VALUES (?, ?)").execute(arguments: [seq, model])
        try db.cachedStatement(sql: "INSERT INTO validation_reports (invoice_seq, valid, rule_set, json) VALUES (?, ?, ?, ?)")
            .execute(arguments: [seq, report.valid, report.ruleSet, report.json])
    }

    func update(_ id: InvoiceID, status: InvoiceStatus, chain: ChainHead) throws {
        try db.cachedStatement(sql: "UPDATE invoices SET status = ?, chain_length = ?, chain_head = ? WHERE id = ?")
            .execute(arguments: [status.rawValue, chain.length, chain.hash, id.rawValue])
    }

    func insert(_ record: IdempotencyRecord) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO idempotency_keys (supplier_org, key, request_sha256, invoice_id, status, created_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            record.supplierOrganisationID, record.key, record.requestSHA256, record.invoiceID.rawValue, record.status.rawValue,
            record.createdAt.millisecondsSince1970,
        ])
    }

    // MARK: Lifecycle log

    func events(of id: InvoiceID) throws -> [LifecycleEvent] {
        try Row.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM invoice_events WHERE invoice_id = ? ORDER BY position"), arguments: [id.rawValue]
        ).map(Self.event)
    }

    func events(after lower: InvoiceID?, through upper: InvoiceID?) throws -> [LifecycleEvent] {
        let (range, arguments) = Self.range("invoice_id", lower, upper)
        return try Row.fetchAll(
            db, sql: "SELECT * FROM invoice_events WHERE \(range) ORDER BY invoice_id, position, seq", arguments: arguments
        ).map(Self.event)
    }

    func chainStates(after id: InvoiceID?, limit: Int) throws -> [ChainState] {
        try Row.fetchAll(
            db.cachedStatement(sql: "SELECT id, status, chain_length, chain_head FROM invoices WHERE id > ? ORDER BY id LIMIT ?"),
            arguments: [id?.rawValue ?? "", limit]
        ).map { row in
            let id = InvoiceID(rawValue: row["id"])
            guard let status = InvoiceStatus(rawValue: row["status"]) else {
                throw HubError.storage("invoice \(id) has an unknown status \(row["status"] as Int)")
            }
            return ChainState(invoiceID: id, status: status, head: ChainHead(length: row["chain_length"], hash: row["chain_head"]))
        }
    }

    func hashes(at places: [EventPosition]) throws -> [EventPosition: String] {
        let select = try db.cachedStatement(sql: "SELECT hash FROM invoice_events WHERE invoice_id = ? AND position = ?")
        var hashes: [EventPosition: String] = [:]
        for place in places {
            hashes[place] = try String.fetchOne(select, arguments: [place.invoiceID.rawValue, place.position])
        }
        return hashes
    }

    func chainsGrown(after mark: Int64, limit: Int) throws -> (heads: [SealedHead], through: Int64) {
        // One writer: events take their seq in the order they are committed, so none can appear below the last.
        var heads: [InvoiceID: SealedHead] = [:]
        var through = mark
        let rows = try Row.fetchCursor(
            db.cachedStatement(sql: "SELECT seq, invoice_id, position, hash FROM invoice_events WHERE seq > ? ORDER BY seq LIMIT ?"),
            arguments: [mark, limit])
        while let row = try rows.next() {
            let id = InvoiceID(rawValue: row["invoice_id"])
            heads[id] = SealedHead(invoiceID: id, length: row["position"], hash: row["hash"])
            through = row["seq"]
        }
        return (Array(heads.values), through)
    }

    func lastCheckpoint() throws -> AuditCheckpoint? {
        try Row.fetchOne(db, sql: "SELECT * FROM audit_checkpoints ORDER BY sequence DESC LIMIT 1").map { try Self.checkpoint($0, heads: false) }
    }

    func checkpoints(after sequence: Int64, limit: Int) throws -> [AuditCheckpoint] {
        try Row.fetchAll(
            db, sql: "SELECT * FROM audit_checkpoints WHERE sequence > ? ORDER BY sequence LIMIT ?", arguments: [sequence, limit]
        ).map { try Self.checkpoint($0, heads: true) }
    }

    func append(_ event: LifecycleEvent) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO invoice_events (invoice_id, position, from_status, to_status, at, actor, reason, previous_hash, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            event.invoiceID.rawValue, event.position, event.from?.rawValue, event.to.rawValue, event.at.millisecondsSince1970,
            event.actor.description, event.reason, event.previousHash, event.hash,
        ])
    }

    func insert(_ checkpoint: AuditCheckpoint) throws {
        try db.cachedStatement(
            sql: "INSERT INTO audit_checkpoints (sequence, at, through_seq, heads, previous_hash, hash) VALUES (?, ?, ?, ?, ?, ?)"
        ).execute(arguments: [
            checkpoint.sequence, checkpoint.at.millisecondsSince1970, checkpoint.through, checkpoint.headLines,
            checkpoint.previousHash, checkpoint.hash,
        ])
    }

    // MARK: Rows

    static func summary(_ row: Row) throws -> InvoiceSummary {
        guard let status = InvoiceStatus(rawValue: row["status"]), let syntax = InvoiceSyntax(rawValue: row["syntax"]),
            let container = InvoiceContainer(rawValue: row["container"])
        else {
            throw HubError.storage("invoice \(row["id"] as String) has an unknown status, syntax or container")
        }
        return InvoiceSummary(
            id: InvoiceID(rawValue: row["id"]), supplierOrganisationID: row["supplier_org"],
            sellerIdentifier: row["seller_identifier"], sellerName: row["seller_name"], buyerSIRET: row["buyer_siret"],
            buyerName: row["buyer_name"], number: row["number"], issueDate: row["issue_date"], typeCode: row["type_code"],
            isCreditNote: row["credit_note"], currency: row["currency"], amountDue: row["amount_due"],
            buyerReference: row["buyer_reference"], purchaseOrderReference: row["order_reference"], status: status,
            syntax: syntax, container: container, documentSHA256: row["document_sha256"],
            documentSize: row["document_size"], receivedAt: Date(millisecondsSince1970: row["received_at"]),
            fatalCount: row["fatal_count"], warningCount: row["warning_count"],
            chain: ChainHead(length: row["chain_length"], hash: row["chain_head"]))
    }

    static func event(_ row: Row) throws -> LifecycleEvent {
        let from: Int? = row["from_status"]
        let actorText: String = row["actor"]
        guard let to = InvoiceStatus(rawValue: row["to_status"]), let actor = Actor(actorText) else {
            throw HubError.storage("event \(row["position"] as Int) of \(row["invoice_id"] as String) cannot be read")
        }
        return LifecycleEvent(
            invoiceID: InvoiceID(rawValue: row["invoice_id"]), position: row["position"],
            from: from.flatMap(InvoiceStatus.init(rawValue:)), to: to, at: Date(millisecondsSince1970: row["at"]), actor: actor,
            reason: row["reason"], previousHash: row["previous_hash"], hash: row["hash"])
    }

    static func checkpoint(_ row: Row, heads: Bool) throws -> AuditCheckpoint {
        let sequence: Int64 = row["sequence"]
        return AuditCheckpoint(
            sequence: sequence, at: Date(millisecondsSince1970: row["at"]), through: row["through_seq"],
            heads: heads ? AuditCheckpoint.heads(fromLines: row["heads"]) : [],
            previousHash: row["previous_hash"], hash: row["hash"])
    }

    /// `column > lower AND column <= upper`, either bound absent.
    static func range(_ column: String, _ lower: InvoiceID?, _ upper: InvoiceID?) -> (String, StatementArguments) {
        var conditions = ["\(column) > ?"]
        var arguments: StatementArguments = [lower?.rawValue ?? ""]
        if let upper {
            conditions.append("\(column) <= ?")
            arguments += [upper.rawValue]
        }
        return (conditions.joined(separator: " AND "), arguments)
    }
}
