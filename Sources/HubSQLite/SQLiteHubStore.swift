public import Foundation
public import GRDB
public import Hub
public import InvoiceModel
public import InvoiceRules

/// The embedded store: one SQLite file in WAL mode, through a GRDB `DatabasePool` (one writer, concurrent
/// readers). Migrations run when it opens. Deposits are written by group commit: those that arrive while a
/// transaction is being written share the next one, each in its own savepoint, so one flush to disk
/// serves many deposits while each stays all-or-nothing.
public final class SQLiteHubStore: HubStore {
    /// The database.
    public let pool: DatabasePool
    /// How it was opened.
    public let configuration: SQLiteConfiguration
    private let batcher: AcceptBatcher
    private let checkpointer: Checkpointer

    /// Opens (creating it and its folder if needed) and migrates the database.
    /// - Throws: `HubError.storage` when the file cannot be opened or migrated.
    public init(_ configuration: SQLiteConfiguration = SQLiteConfiguration()) throws {
        self.configuration = configuration
        let folder = URL(fileURLWithPath: configuration.path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            var config = Configuration()
            config.maximumReaderCount = max(1, configuration.readers)
            config.busyMode = .timeout(10)
            let synchronous = configuration.durability == .full ? "FULL" : "NORMAL"
            config.prepareDatabase { db in
                try db.execute(sql: "PRAGMA synchronous = \(synchronous)")
            }
            config.label = "hermine"
            pool = try DatabasePool(path: configuration.path, configuration: config)
            // The pool sets NORMAL on its writer once WAL is on, after `prepareDatabase`: set it again on
            // the one connection that writes (the setting is per connection and the writer is kept).
            // Checkpoints run in the background (`Checkpointer`); the writer's own is a backstop.
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA synchronous = \(synchronous)")
                try db.execute(sql: "PRAGMA wal_autocheckpoint = \(configuration.backstopCheckpointPages)")
            }
            try SQLiteMigrations.migrator.migrate(pool)
            checkpointer = try Checkpointer(
                pool: pool, path: configuration.path, interval: configuration.checkpointInterval,
                restartPages: configuration.restartCheckpointPages)
        } catch {
            throw HubError.storage("cannot open \(configuration.path): \(error)")
        }
        batcher = AcceptBatcher(
            pool: pool, maximumBatch: max(1, configuration.maximumBatch),
            largeSubmissionBytes: configuration.largeSubmissionBytes)
    }

    /// Runs a read, translating failures to `HubError.storage`.
    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do { return try await pool.read(body) } catch let error as HubError { throw error } catch {
            throw HubError.storage("\(error)")
        }
    }

    /// Runs a write transaction, translating failures to `HubError.storage`.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do { return try await pool.write(body) } catch let error as HubError { throw error } catch {
            throw HubError.storage("\(error)")
        }
    }

    // MARK: Tenants and credentials

    public func save(_ organisation: Organisation) async throws {
        if let problem = organisation.problem() { throw HubError.invalidOrganisation(id: organisation.id, reason: problem) }
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO organisations (id, kind, name) VALUES (?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, name = excluded.name
                    """,
                arguments: [organisation.id, organisation.kind.rawValue, organisation.name])
            try db.execute(sql: "DELETE FROM organisation_identifiers WHERE organisation_id = ?", arguments: [organisation.id])
            for (position, identifier) in organisation.identifiers.enumerated() {
                if let owner = try String.fetchOne(
                    db.cachedStatement(sql: "SELECT organisation_id FROM organisation_identifiers WHERE scheme = ? AND value = ?"),
                    arguments: [identifier.scheme, identifier.value])
                {
                    throw HubError.invalidOrganisation(
                        id: organisation.id, reason: "\(identifier) already belongs to organisation \(owner)")
                }
                try db.execute(
                    sql: "INSERT INTO organisation_identifiers (organisation_id, position, scheme, value) VALUES (?, ?, ?, ?)",
                    arguments: [organisation.id, position, identifier.scheme, identifier.value])
            }
        }
    }

    public func organisation(id: String) async throws -> Organisation? {
        try await read { db in try Self.organisation(db, id: id) }
    }

    public func organisations() async throws -> [Organisation] {
        try await read { db in
            try String.fetchAll(db, sql: "SELECT id FROM organisations ORDER BY id").compactMap {
                try Self.organisation(db, id: $0)
            }
        }
    }

    static func organisation(_ db: Database, id: String) throws -> Organisation? {
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

    public func save(_ credential: Credential) async throws {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO credentials (id, organisation_id, role, token_sha256, label, created_at, revoked_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    credential.id, credential.organisationID, credential.role.rawValue, credential.tokenHash,
                    credential.label, credential.createdAt.millis, credential.revokedAt?.millis,
                ])
        }
    }

    public func credential(tokenHash: String) async throws -> (Credential, Organisation)? {
        let found = try await read { db -> CredentialWithOrganisation? in
            guard
                let row = try Row.fetchOne(
                    db.cachedStatement(sql: "SELECT * FROM credentials WHERE token_sha256 = ? AND revoked_at IS NULL"),
                    arguments: [tokenHash]),
                let role = Role(rawValue: row["role"]),
                let organisation = try Self.organisation(db, id: row["organisation_id"])
            else { return nil }
            let credential = Credential(
                id: row["id"], organisationID: row["organisation_id"], role: role, tokenHash: row["token_sha256"],
                label: row["label"], createdAt: Date(millis: row["created_at"]), revokedAt: nil)
            return CredentialWithOrganisation(credential: credential, organisation: organisation)
        }
        return found.map { ($0.credential, $0.organisation) }
    }

    private struct CredentialWithOrganisation: Sendable {
        let credential: Credential
        let organisation: Organisation
    }

    // MARK: Buyer directory

    public func importDirectory(_ entries: [BuyerDirectoryEntry], replacingAll: Bool) async throws {
        try await write { db in
            if replacingAll {
                try db.execute(sql: "DELETE FROM directory_services")
                try db.execute(sql: "DELETE FROM directory_entries")
            }
            let upsert = try db.cachedStatement(
                sql: """
                    INSERT INTO directory_entries
                        (identifier, identifier_type, name, active, service_code_required, engagement_required)
                    VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (identifier) DO UPDATE SET identifier_type = excluded.identifier_type,
                        name = excluded.name, active = excluded.active,
                        service_code_required = excluded.service_code_required,
                        engagement_required = excluded.engagement_required
                    """)
            let clear = try db.cachedStatement(sql: "DELETE FROM directory_services WHERE identifier = ?")
            let insertService = try db.cachedStatement(
                sql: "INSERT INTO directory_services (identifier, position, code, name, active) VALUES (?, ?, ?, ?, ?)")
            for entry in entries {
                try upsert.execute(arguments: [
                    entry.identifier, entry.identifierType.rawValue, entry.name, entry.active, entry.serviceCodeRequired,
                    entry.engagementRequired,
                ])
                try clear.execute(arguments: [entry.identifier])
                for (position, service) in entry.services.enumerated() {
                    try insertService.execute(arguments: [entry.identifier, position, service.code, service.name, service.active])
                }
            }
        }
    }

    public func directoryEntry(identifier: String) async throws -> BuyerDirectoryEntry? {
        try await read { db in
            guard
                let row = try Row.fetchOne(
                    db.cachedStatement(sql: "SELECT * FROM directory_entries WHERE identifier = ?"), arguments: [identifier])
            else { return nil }
            let services = try Row.fetchAll(
                db.cachedStatement(sql: "SELECT code, name, active FROM directory_services WHERE identifier = ? ORDER BY position"),
                arguments: [identifier]
            ).map { BuyerService(code: $0["code"], name: $0["name"], active: $0["active"]) }
            return BuyerDirectoryEntry(
                identifier: row["identifier"],
                identifierType: BuyerIdentifierType(rawValue: row["identifier_type"]) ?? .other, name: row["name"],
                active: row["active"], serviceCodeRequired: row["service_code_required"],
                engagementRequired: row["engagement_required"], services: services)
        }
    }

    public func directoryCount() async throws -> Int {
        try await read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM directory_entries") ?? 0 }
    }

    // MARK: Deposits

    public func accept(_ submission: Submission) async throws -> AcceptResult {
        do { return try await batcher.accept(submission) } catch let error as HubError { throw error } catch {
            throw HubError.storage("\(error)")
        }
    }

    public func idempotencyRecord(key: String, supplierOrganisationID: String) async throws -> IdempotencyRecord? {
        try await read { db in try AcceptTransaction.idempotencyRecord(db, key: key, supplier: supplierOrganisationID) }
    }

    // MARK: Reading invoices

    public func invoice(id: String, scope: TenantScope) async throws -> InvoiceSummary? {
        try await read { db in try Self.summary(db, id: id, scope: scope) }
    }

    public func normalisedInvoice(id: String, scope: TenantScope) async throws -> Invoice? {
        let json = try await read { db -> Data? in
            guard try Self.summary(db, id: id, scope: scope) != nil else { return nil }
            return try Data.fetchOne(
                db.cachedStatement(sql: "SELECT m.json FROM invoice_models m JOIN invoices i ON i.seq = m.invoice_seq WHERE i.id = ?"),
                arguments: [id])
        }
        return try json.map { try JSONDecoder().decode(Invoice.self, from: $0) }
    }

    public func report(invoiceID: String, scope: TenantScope) async throws -> ValidationReport? {
        let json = try await read { db -> Data? in
            guard try Self.summary(db, id: invoiceID, scope: scope) != nil else { return nil }
            return try Data.fetchOne(
                db.cachedStatement(
                    sql: "SELECT r.json FROM validation_reports r JOIN invoices i ON i.seq = r.invoice_seq WHERE i.id = ?"),
                arguments: [invoiceID])
        }
        return try json.map { try JSONDecoder().decode(ValidationReport.self, from: $0) }
    }

    public func document(invoiceID: String, scope: TenantScope) async throws -> StoredDocument? {
        try await read { db in
            guard let summary = try Self.summary(db, id: invoiceID, scope: scope),
                let row = try Row.fetchOne(
                    db.cachedStatement(sql: "SELECT bytes, media_type FROM documents WHERE sha256 = ?"), arguments: [summary.documentSHA256]
                )
            else { return nil }
            return StoredDocument(sha256: summary.documentSHA256, bytes: row["bytes"], mediaType: row["media_type"])
        }
    }

    public func events(invoiceID: String, scope: TenantScope) async throws -> [LifecycleEvent]? {
        try await read { db in
            guard try Self.summary(db, id: invoiceID, scope: scope) != nil else { return nil }
            return try Row.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM lifecycle_events WHERE invoice_id = ? ORDER BY sequence"), arguments: [invoiceID]
            ).map(Self.event)
        }
    }

    public func invoices(_ query: InvoiceQuery, scope: TenantScope) async throws -> InvoicePage {
        let query = try query.validated()
        return try await read { db in
            var conditions: [String] = []
            var arguments = StatementArguments()
            Self.restrict(to: scope, &conditions, &arguments)
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
            if let cursor = query.cursor { conditions.append("seq < ?"); arguments += [cursor.sequence] }
            let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            arguments += [query.limit + 1]
            let rows = try Row.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM invoices \(filter) ORDER BY seq DESC LIMIT ?"), arguments: arguments)
            let page = rows.prefix(query.limit)
            let next = rows.count > query.limit ? page.last.map { InvoiceCursor(sequence: $0["seq"]) } : nil
            return InvoicePage(invoices: try page.map(Self.summary), nextCursor: next)
        }
    }

    // MARK: Lifecycle

    public func transition(
        invoiceID: String, to status: InvoiceStatus, actor: String, reason: String, at date: Date, scope: TenantScope
    ) async throws -> LifecycleEvent {
        try await write { db in
            guard let summary = try Self.summary(db, id: invoiceID, scope: scope) else {
                throw HubError.invoiceNotFound(invoiceID)
            }
            guard Lifecycle.allows(from: summary.status, to: status) else {
                throw HubError.transitionNotAllowed(invoiceID: invoiceID, from: summary.status, to: status)
            }
            let event = try AcceptTransaction.appendEvent(
                db, invoiceID: invoiceID, from: summary.status, to: status, at: date, actor: actor, reason: reason)
            try db.execute(sql: "UPDATE invoices SET status = ? WHERE id = ?", arguments: [status.rawValue, invoiceID])
            return event
        }
    }

    public func events(after sequence: Int64, limit: Int) async throws -> [LifecycleEvent] {
        try await read { db in
            try Row.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM lifecycle_events WHERE sequence > ? ORDER BY sequence LIMIT ?"),
                arguments: [sequence, limit]
            ).map(Self.event)
        }
    }

    public func statuses(after invoiceID: String, limit: Int) async throws -> [(id: String, status: InvoiceStatus)] {
        let rows = try await read { db in
            try Row.fetchAll(
                db.cachedStatement(sql: "SELECT id, status FROM invoices WHERE id > ? ORDER BY id LIMIT ?"), arguments: [invoiceID, limit]
            ).map { (id: $0["id"] as String, status: $0["status"] as Int) }
        }
        return try rows.map { row in
            guard let status = InvoiceStatus(rawValue: row.status) else {
                throw HubError.storage("invoice \(row.id) has an unknown status \(row.status)")
            }
            return (row.id, status)
        }
    }
}
