import Foundation
import Hub
import InvoiceIntake
import InvoiceModel
import Logging
import PostgresNIO

/// The primitive operations of a unit of work, on one PostgreSQL connection inside its transaction, run on a
/// thread of the store's pool. They store and read; they decide nothing (the rules are the domain's, in `Hub`).
///
/// Statements whose answer the unit of work does not need (inserts, updates) are pipelined: sent at once, in
/// order, their answers awaited before the next read, and before the commit returns. The connection runs them
/// in the order sent, so a read sees every write before it; a deposit's writes cost one round trip, not one
/// each. A failed statement fails the transaction, and its error is thrown at the next wait.
final class PostgresTransaction: StoreWrites {
    let connection: PostgresConnection
    let logger: Logger
    /// Statements sent whose answers have not been awaited yet, in order.
    private var pending: [EventLoopFuture<PostgresQueryResult>] = []

    init(connection: PostgresConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    /// Sends a statement whose answer is not needed; its outcome is awaited by the next read or `flush`.
    func execute(_ query: PostgresQuery) {
        pending.append(connection.query(query, logger: logger))
    }

    /// Runs a query and returns its rows (after every statement sent before it).
    func rows(_ query: PostgresQuery) throws -> [PostgresRandomAccessRow] {
        let answer = connection.query(query, logger: logger)
        try flush()
        return try answer.wait().rows.map { $0.makeRandomAccess() }
    }

    /// Waits for the answers of the statements sent; throws the first failure.
    func flush() throws {
        defer { pending.removeAll() }
        for statement in pending { _ = try statement.wait() }
    }

    /// Waits for every statement sent, ignoring failures (before a rollback).
    func discard() {
        for statement in pending { _ = try? statement.wait() }
        pending.removeAll()
    }

    // MARK: Tenants

    func organisation(id: String) throws -> Organisation? {
        guard let row = try rows("SELECT kind, name FROM organisations WHERE id = \(id)").first,
            let kind = OrganisationKind(rawValue: try row["kind"].decode(String.self))
        else { return nil }
        let identifiers = try rows(
            "SELECT scheme, value FROM organisation_identifiers WHERE organisation_id = \(id) ORDER BY position"
        ).map { OrganisationIdentifier(scheme: try $0["scheme"].decode(String.self), value: try $0["value"].decode(String.self)) }
        return Organisation(id: id, kind: kind, name: try row["name"].decode(String.self), identifiers: identifiers)
    }

    func organisations() throws -> [Organisation] {
        try rows("SELECT id FROM organisations ORDER BY id").compactMap { try organisation(id: try $0["id"].decode(String.self)) }
    }

    func owner(of identifier: OrganisationIdentifier) throws -> String? {
        try rows(
            "SELECT organisation_id FROM organisation_identifiers WHERE scheme = \(identifier.scheme) AND value = \(identifier.value)"
        ).first.map { try $0["organisation_id"].decode(String.self) }
    }

    func credential(tokenHash: String) throws -> Credential? {
        guard let row = try rows("SELECT * FROM credentials WHERE token_sha256 = \(tokenHash)").first,
            let role = Role(rawValue: try row["role"].decode(String.self))
        else { return nil }
        return Credential(
            id: try row["id"].decode(String.self), organisationID: try row["organisation_id"].decode(String.self), role: role,
            tokenHash: try row["token_sha256"].decode(String.self), label: try row["label"].decode(String.self),
            createdAt: Date(millisecondsSince1970: try row["created_at"].decode(Int64.self)),
            revokedAt: try row["revoked_at"].decode(Int64?.self).map(Date.init(millisecondsSince1970:)))
    }

    func upsert(_ organisation: Organisation) throws {
        execute(
            """
            INSERT INTO organisations (id, kind, name) VALUES (\(organisation.id), \(organisation.kind.rawValue), \(organisation.name))
            ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, name = excluded.name
            """)
        execute("DELETE FROM organisation_identifiers WHERE organisation_id = \(organisation.id)")
        for (position, identifier) in organisation.identifiers.enumerated() {
            execute(
                """
                INSERT INTO organisation_identifiers (organisation_id, position, scheme, value)
                VALUES (\(organisation.id), \(position), \(identifier.scheme), \(identifier.value))
                """)
        }
    }

    func insert(_ credential: Credential) throws {
        execute(
            """
            INSERT INTO credentials (id, organisation_id, role, token_sha256, label, created_at, revoked_at)
            VALUES (\(credential.id), \(credential.organisationID), \(credential.role.rawValue), \(credential.tokenHash),
                \(credential.label), \(credential.createdAt.millisecondsSince1970), \(credential.revokedAt?.millisecondsSince1970))
            """)
    }

    // MARK: Directory

    func directoryEntry(identifier: String) throws -> BuyerDirectoryEntry? {
        guard let row = try rows("SELECT * FROM directory_entries WHERE identifier = \(identifier)").first else { return nil }
        let services = try rows(
            "SELECT code, name, active FROM directory_services WHERE identifier = \(identifier) ORDER BY position"
        ).map {
            BuyerService(
                code: try $0["code"].decode(String.self), name: try $0["name"].decode(String.self),
                active: try $0["active"].decode(Bool.self))
        }
        return BuyerDirectoryEntry(
            identifier: try row["identifier"].decode(String.self),
            identifierType: BuyerIdentifierType(rawValue: try row["identifier_type"].decode(String.self)) ?? .other,
            name: try row["name"].decode(String.self), active: try row["active"].decode(Bool.self),
            serviceCodeRequired: try row["service_code_required"].decode(Bool.self),
            engagementRequired: try row["engagement_required"].decode(Bool.self), services: services)
    }

    func directoryCount() throws -> Int {
        try rows("SELECT count(*) AS n FROM directory_entries").first.map { try $0["n"].decode(Int.self) } ?? 0
    }

    func replace(_ entry: BuyerDirectoryEntry) throws {
        execute(
            """
            INSERT INTO directory_entries (identifier, identifier_type, name, active, service_code_required, engagement_required)
            VALUES (\(entry.identifier), \(entry.identifierType.rawValue), \(entry.name), \(entry.active),
                \(entry.serviceCodeRequired), \(entry.engagementRequired))
            ON CONFLICT (identifier) DO UPDATE SET identifier_type = excluded.identifier_type, name = excluded.name,
                active = excluded.active, service_code_required = excluded.service_code_required,
                engagement_required = excluded.engagement_required
            """)
        execute("DELETE FROM directory_services WHERE identifier = \(entry.identifier)")
        for (position, service) in entry.services.enumerated() {
            execute(
                """
                INSERT INTO directory_services (identifier, position, code, name, active)
                VALUES (\(entry.identifier), \(position), \(service.code), \(service.name), \(service.active))
                """)
        }
    }

    func removeAllDirectoryEntries() throws {
        execute("DELETE FROM directory_services")
        execute("DELETE FROM directory_entries")
    }

    // MARK: Invoices

    func invoice(_ id: InvoiceID) throws -> InvoiceSummary? {
        try rows("SELECT * FROM invoices WHERE id = \(id.rawValue)").first.map(Self.summary)
    }

    func lock(_ id: InvoiceID) throws -> InvoiceSummary? {
        try rows("SELECT * FROM invoices WHERE id = \(id.rawValue) FOR UPDATE").first.map(Self.summary)
    }

    func invoices(supplier: String, number: String, year: Int) throws -> [InvoiceSummary] {
        try rows(
            "SELECT * FROM invoices WHERE supplier_org = \(supplier) AND number = \(number) AND issue_year = \(year) ORDER BY seq"
        ).map(Self.summary)
    }

    func invoices(_ query: InvoiceQuery, scope: TenantScope) throws -> InvoicePage {
        var conditions: [String] = []
        var binds = PostgresBindings()
        func bind(_ value: some PostgresDynamicTypeEncodable) -> String {
            binds.append(value)
            return "$\(binds.count)"
        }
        switch scope {
        case .all:
            break
        case .supplier(let organisationID):
            conditions.append("supplier_org = \(bind(organisationID))")
        case .buyer(let sirets):
            conditions.append(sirets.isEmpty ? "FALSE" : "buyer_siret IN (\(sirets.map { bind($0) }.joined(separator: ", ")))")
            // InvoiceSummary.isRejectedAtDeposit: the supplier's business, not the buyer's.
            conditions.append("NOT (status = 213 AND chain_length <= 1)")
        }
        if !query.statuses.isEmpty {
            conditions.append("status IN (\(query.statuses.sorted().map { bind($0.rawValue) }.joined(separator: ", ")))")
        }
        if let seller = query.seller { conditions.append("seller_identifier = \(bind(seller))") }
        if let buyer = query.buyer { conditions.append("buyer_siret = \(bind(buyer))") }
        if let number = query.number { conditions.append("number = \(bind(number))") }
        if let from = query.issuedFrom { conditions.append("issue_date >= \(bind(from.description))") }
        if let to = query.issuedTo { conditions.append("issue_date <= \(bind(to.description))") }
        if let supplier = query.supplierOrganisationID { conditions.append("supplier_org = \(bind(supplier))") }
        if let text = query.textPattern, let amount = query.amountPattern {
            let columns = ["number", "buyer_name", "buyer_siret"]
            let pattern = bind(text)
            conditions.append(
                "(" + columns.map { "lower(\($0)) LIKE \(pattern)" }.joined(separator: " OR ") + " OR amount_due LIKE \(bind(amount)))")
        }
        if let cursor = query.cursor { conditions.append("seq < \(bind(cursor.sequence))") }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let limit = bind(query.limit + 1)
        let found = try rows(PostgresQuery(unsafeSQL: "SELECT * FROM invoices \(filter) ORDER BY seq DESC LIMIT \(limit)", binds: binds))
        let page = found.prefix(query.limit)
        let next = found.count > query.limit ? try page.last.map { InvoiceCursor(sequence: try $0["seq"].decode(Int64.self)) } : nil
        return InvoicePage(invoices: try page.map(Self.summary), nextCursor: next)
    }

    func model(of id: InvoiceID) throws -> Data? {
        try rows(
            "SELECT m.json FROM invoice_models m JOIN invoices i ON i.seq = m.invoice_seq WHERE i.id = \(id.rawValue)"
        ).first.map { try $0["json"].decode(Data.self) }
    }

    func report(of id: InvoiceID) throws -> Data? {
        try rows(
            "SELECT r.json FROM validation_reports r JOIN invoices i ON i.seq = r.invoice_seq WHERE i.id = \(id.rawValue)"
        ).first.map { try $0["json"].decode(Data.self) }
    }

    func document(sha256: String) throws -> StoredDocument? {
        try rows("SELECT bytes, media_type FROM documents WHERE sha256 = \(sha256)").first.map {
            StoredDocument(sha256: sha256, bytes: try $0["bytes"].decode(Data.self), mediaType: try $0["media_type"].decode(String.self))
        }
    }

    func idempotencyRecord(key: String, supplier: String) throws -> IdempotencyRecord? {
        guard let row = try rows("SELECT * FROM idempotency_keys WHERE supplier_org = \(supplier) AND key = \(key)").first,
            let status = InvoiceStatus(rawValue: try row["status"].decode(Int.self))
        else { return nil }
        return IdempotencyRecord(
            key: key, supplierOrganisationID: supplier, requestSHA256: try row["request_sha256"].decode(String.self),
            invoiceID: InvoiceID(rawValue: try row["invoice_id"].decode(String.self)), status: status,
            createdAt: Date(millisecondsSince1970: try row["created_at"].decode(Int64.self)))
    }

    func insert(_ document: StoredDocument) throws {
        let now = Date().millisecondsSince1970
        try execute(
            """
            INSERT INTO documents (sha256, bytes, size, media_type, stored_at)
            VALUES (\(document.sha256), \(document.bytes), \(document.bytes.count), \(document.mediaType), \(now))
            ON CONFLICT (sha256) DO NOTHING
            """)
    }

    func insert(_ summary: InvoiceSummary, model: Data, report: ValidationReportRecord) throws {
        // One statement for the three rows, so that the pipeline need not wait for the invoice's sequence.
        try execute(
            """
            WITH invoice AS (
            INSERT INTO invoices (id, supplier_org, seller_identifier, seller_name, buyer_siret, buyer_name, number,
                issue_date, issue_year, type_code, credit_note, currency, amount_due, buyer_reference, order_reference,
                status, syntax, container, document_sha256, document_size, received_at, fatal_count, warning_count,
                chain_length, chain_head)
            VALUES (\(summary.id.rawValue), \(summary.supplierOrganisationID), \(summary.sellerIdentifier),
                \(summary.sellerName), \(summary.buyerSIRET), \(summary.buyerName), \(summary.number), \(summary.issueDate),
                \(summary.issueYear), \(summary.typeCode), \(summary.isCreditNote), \(summary.currency), \(summary.amountDue),
                \(summary.buyerReference), \(summary.purchaseOrderReference), \(summary.status.rawValue), \(summary.syntax.rawValue),
                \(summary.container.rawValue), \(summary.documentSHA256), \(summary.documentSize),
                \(summary.receivedAt.millisecondsSince1970), \(summary.fatalCount), \(summary.warningCount),
                \(summary.chain.length), \(summary.chain.hash))
            RETURNING seq),
            model AS (INSERT INTO invoice_models (invoice_seq, json) SELECT seq, \(model) FROM invoice)
            INSERT INTO validation_reports (invoice_seq, valid, rule_set, json)
            SELECT seq, \(report.valid), \(report.ruleSet), \(report.json) FROM invoice
            """)
    }

    func update(_ id: InvoiceID, status: InvoiceStatus, chain: ChainHead) throws {
        execute(
            """
            UPDATE invoices SET status = \(status.rawValue), chain_length = \(chain.length), chain_head = \(chain.hash)
            WHERE id = \(id.rawValue)
            """)
    }

    func insert(_ record: IdempotencyRecord) throws {
        execute(
            """
            INSERT INTO idempotency_keys (supplier_org, key, request_sha256, invoice_id, status, created_at)
            VALUES (\(record.supplierOrganisationID), \(record.key), \(record.requestSHA256), \(record.invoiceID.rawValue),
                \(record.status.rawValue), \(record.createdAt.millisecondsSince1970))
            """)
    }

    // MARK: Lifecycle log

    func events(of id: InvoiceID) throws -> [LifecycleEvent] {
        try rows("SELECT * FROM invoice_events WHERE invoice_id = \(id.rawValue) ORDER BY position").map(Self.event)
    }

    func events(after lower: InvoiceID?, through upper: InvoiceID?) throws -> [LifecycleEvent] {
        let lower = lower?.rawValue ?? ""
        if let upper {
            return try rows(
                """
                SELECT * FROM invoice_events WHERE invoice_id > \(lower) AND invoice_id <= \(upper.rawValue)
                ORDER BY invoice_id, position, seq
                """
            ).map(Self.event)
        }
        return try rows("SELECT * FROM invoice_events WHERE invoice_id > \(lower) ORDER BY invoice_id, position, seq").map(Self.event)
    }

    func chainStates(after id: InvoiceID?, limit: Int) throws -> [ChainState] {
        try rows(
            """
            SELECT id, status, chain_length, chain_head FROM invoices WHERE id > \(id?.rawValue ?? "")
            ORDER BY id LIMIT \(limit)
            """
        ).map { row in
            let id = InvoiceID(rawValue: try row["id"].decode(String.self))
            let code = try row["status"].decode(Int.self)
            guard let status = InvoiceStatus(rawValue: code) else { throw HubError.storage("invoice \(id) has an unknown status \(code)") }
            return ChainState(
                invoiceID: id, status: status,
                head: ChainHead(length: try row["chain_length"].decode(Int.self), hash: try row["chain_head"].decode(String.self)))
        }
    }

    func hashes(at places: [EventPosition]) throws -> [EventPosition: String] {
        guard !places.isEmpty else { return [:] }
        let ids = places.map(\.invoiceID.rawValue)
        let positions = places.map(\.position)
        var hashes: [EventPosition: String] = [:]
        for row in try rows(
            """
            SELECT e.invoice_id, e.position, e.hash FROM invoice_events e
            JOIN unnest(\(ids)::text[], \(positions)::bigint[]) AS p(invoice_id, position)
                ON e.invoice_id = p.invoice_id AND e.position = p.position
            """)
        {
            let place = EventPosition(
                invoiceID: InvoiceID(rawValue: try row["invoice_id"].decode(String.self)), position: try row["position"].decode(Int.self))
            hashes[place] = try row["hash"].decode(String.self)
        }
        return hashes
    }

    func chainsGrown(after mark: Int64, limit: Int) throws -> (heads: [SealedHead], through: Int64) {
        // Concurrent transactions take their seq before they commit, so in any order: first wait for those that
        // appended events, and hold new ones back until this unit of work ends (a SHARE lock lets no writer in,
        // and several sealers at once). Every seq below the highest is then committed and seen.
        execute("LOCK TABLE invoice_events IN SHARE MODE")
        var heads: [InvoiceID: SealedHead] = [:]
        var through = mark
        for row in try rows(
            "SELECT seq, invoice_id, position, hash FROM invoice_events WHERE seq > \(mark) ORDER BY seq LIMIT \(limit)")
        {
            let id = InvoiceID(rawValue: try row["invoice_id"].decode(String.self))
            heads[id] = SealedHead(invoiceID: id, length: try row["position"].decode(Int.self), hash: try row["hash"].decode(String.self))
            through = try row["seq"].decode(Int64.self)
        }
        return (Array(heads.values), through)
    }

    func lastCheckpoint() throws -> AuditCheckpoint? {
        try rows("SELECT * FROM audit_checkpoints ORDER BY sequence DESC LIMIT 1").first.map { try Self.checkpoint($0, heads: false) }
    }

    func checkpoints(after sequence: Int64, limit: Int) throws -> [AuditCheckpoint] {
        try rows("SELECT * FROM audit_checkpoints WHERE sequence > \(sequence) ORDER BY sequence LIMIT \(limit)").map {
            try Self.checkpoint($0, heads: true)
        }
    }

    func append(_ event: LifecycleEvent) throws {
        execute(
            """
            INSERT INTO invoice_events (invoice_id, position, from_status, to_status, at, actor, reason, previous_hash, hash)
            VALUES (\(event.invoiceID.rawValue), \(event.position), \(event.from?.rawValue), \(event.to.rawValue),
                \(event.at.millisecondsSince1970), \(event.actor.description), \(event.reason), \(event.previousHash), \(event.hash))
            """)
    }

    func insert(_ checkpoint: AuditCheckpoint) throws {
        execute(
            """
            INSERT INTO audit_checkpoints (sequence, at, through_seq, heads, previous_hash, hash)
            VALUES (\(checkpoint.sequence), \(checkpoint.at.millisecondsSince1970), \(checkpoint.through), \(checkpoint.headLines),
                \(checkpoint.previousHash), \(checkpoint.hash))
            """)
    }

    // MARK: Rows

    static func summary(_ row: PostgresRandomAccessRow) throws -> InvoiceSummary {
        let id = InvoiceID(rawValue: try row["id"].decode(String.self))
        guard let status = InvoiceStatus(rawValue: try row["status"].decode(Int.self)),
            let syntax = InvoiceSyntax(rawValue: try row["syntax"].decode(String.self)),
            let container = InvoiceContainer(rawValue: try row["container"].decode(String.self))
        else { throw HubError.storage("invoice \(id) has an unknown status, syntax or container") }
        return InvoiceSummary(
            id: id, supplierOrganisationID: try row["supplier_org"].decode(String.self),
            sellerIdentifier: try row["seller_identifier"].decode(String?.self), sellerName: try row["seller_name"].decode(String?.self),
            buyerSIRET: try row["buyer_siret"].decode(String?.self), buyerName: try row["buyer_name"].decode(String?.self),
            number: try row["number"].decode(String?.self), issueDate: try row["issue_date"].decode(String?.self),
            typeCode: try row["type_code"].decode(String?.self), isCreditNote: try row["credit_note"].decode(Bool.self),
            currency: try row["currency"].decode(String?.self), amountDue: try row["amount_due"].decode(String?.self),
            buyerReference: try row["buyer_reference"].decode(String?.self),
            purchaseOrderReference: try row["order_reference"].decode(String?.self), status: status,
            syntax: syntax, container: container,
            documentSHA256: try row["document_sha256"].decode(String.self), documentSize: try row["document_size"].decode(Int.self),
            receivedAt: Date(millisecondsSince1970: try row["received_at"].decode(Int64.self)),
            fatalCount: try row["fatal_count"].decode(Int.self), warningCount: try row["warning_count"].decode(Int.self),
            chain: ChainHead(length: try row["chain_length"].decode(Int.self), hash: try row["chain_head"].decode(String.self)))
    }

    static func event(_ row: PostgresRandomAccessRow) throws -> LifecycleEvent {
        let id = InvoiceID(rawValue: try row["invoice_id"].decode(String.self))
        let position = try row["position"].decode(Int.self)
        guard let to = InvoiceStatus(rawValue: try row["to_status"].decode(Int.self)),
            let actor = Actor(try row["actor"].decode(String.self))
        else { throw HubError.storage("event \(position) of \(id) cannot be read") }
        return LifecycleEvent(
            invoiceID: id, position: position, from: try row["from_status"].decode(Int?.self).flatMap(InvoiceStatus.init(rawValue:)),
            to: to, at: Date(millisecondsSince1970: try row["at"].decode(Int64.self)), actor: actor,
            reason: try row["reason"].decode(String.self), previousHash: try row["previous_hash"].decode(String.self),
            hash: try row["hash"].decode(String.self))
    }

    static func checkpoint(_ row: PostgresRandomAccessRow, heads: Bool) throws -> AuditCheckpoint {
        let sequence = try row["sequence"].decode(Int64.self)
        return AuditCheckpoint(
            sequence: sequence, at: Date(millisecondsSince1970: try row["at"].decode(Int64.self)),
            through: try row["through_seq"].decode(Int64.self),
            heads: heads ? AuditCheckpoint.heads(fromLines: try row["heads"].decode(String.self)) : [],
            previousHash: try row["previous_hash"].decode(String.self), hash: try row["hash"].decode(String.self))
    }
}
