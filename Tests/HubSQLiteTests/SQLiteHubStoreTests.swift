import Foundation
import GRDB
import Hub
import ServiceLifecycle
import Testing

@testable import HubSQLite

@Suite("SQLite store")
struct SQLiteHubStoreTests {
    @Test("the file is in WAL mode with synchronous FULL by default, NORMAL when asked")
    func pragmas() async throws {
        let full = try await SQLiteFixture()
        #expect(try await full.store.pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") } == "wal")
        #expect(try await full.store.pool.write { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") } == 2)
        #expect(try await full.store.pool.read { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") } == 2)
        let normal = try await SQLiteFixture(durability: .normal)
        #expect(try await normal.store.pool.write { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") } == 1)
    }

    @Test("migrations run on open, are recorded, and opening again is harmless")
    func migrations() async throws {
        let database = TemporaryDatabase()
        let ids = try await SQLiteFixture(database: database).deposit(2)
        let reopened = try SQLiteHubStore(SQLiteConfiguration(path: database.path))
        let applied = try await reopened.pool.read { db in
            try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier")
        }
        #expect(applied == SQLiteHubStore.migrations.map(\.name))
        #expect(try await reopened.read { tx in try tx.invoice(ids[1]) }?.number == "T-1")
        #expect(try await AuditLog(store: reopened).verify().passed)
    }

    /// A database with only the first schema, one supplier and one document.
    static func firstSchemaDatabase() throws -> (TemporaryDatabase, DatabaseQueue) {
        let database = TemporaryDatabase()
        try FileManager.default.createDirectory(at: database.folder, withIntermediateDirectories: true)
        let queue = try DatabaseQueue(path: database.path)
        try SQLiteMigrations.migrator.migrate(queue, upTo: "2026-11-22 hub schema")
        try queue.write { db in
            try db.execute(sql: "INSERT INTO organisations (id, kind, name) VALUES ('atelier-kerbrat', 'supplier', 'Atelier Kerbrat')")
            try db.execute(sql: "INSERT INTO documents (sha256, bytes, size, media_type, stored_at) VALUES ('d', x'00', 1, 'application/xml', 0)")
        }
        return (database, queue)
    }

    @Test("a log written by the first schema (one chain over every event) is re-chained per invoice, once verified")
    func legacyLogConverted() async throws {
        let (database, queue) = try Self.firstSchemaDatabase()
        // Two invoices and four events, as the first schema chained them.
        try await queue.write { db in
            for (seq, id) in [(1, "inv_A"), (2, "inv_B")] {
                try db.execute(
                    sql: """
                        INSERT INTO invoices (seq, id, supplier_org, number, issue_year, credit_note, status, syntax, container,
                            document_sha256, document_size, received_at, fatal_count, warning_count)
                        VALUES (?, ?, 'atelier-kerbrat', ?, 2026, 0, ?, 'ubl', 'xml', 'd', 1, 0, 0, 0)
                        """, arguments: [seq, id, "N-\(seq)", seq == 1 ? 203 : 200])
            }
            var previous = EventChain.genesis
            let events: [(String, Int?, Int, String)] = [
                ("inv_A", nil, 200, "supplier:atelier-kerbrat"), ("inv_B", nil, 200, "supplier:atelier-kerbrat"),
                ("inv_A", 200, 201, "hub"), ("inv_A", 201, 203, "portal"),
            ]
            for (index, (id, from, to, actor)) in events.enumerated() {
                let sequence = Int64(index + 1)
                let hash = SHA256Hex.digest(
                    LegacyEventLog.legacyContent(
                        sequence: sequence, invoiceID: id, from: from, to: to, millis: 1_790_000_000_000 + sequence, actor: actor,
                        reason: "r\(sequence)", previousHash: previous))
                try db.execute(
                    sql: """
                        INSERT INTO lifecycle_events (sequence, invoice_id, from_status, to_status, at, actor, reason, previous_hash, hash)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [sequence, id, from, to, 1_790_000_000_000 + sequence, actor, "r\(sequence)", previous, hash])
                previous = hash
            }
        }
        let store = try SQLiteHubStore(SQLiteConfiguration(path: database.path))
        let events = try await store.read { tx in try tx.events(of: InvoiceID(rawValue: "inv_A")) }
        #expect(events.map(\.position) == [1, 2, 3])
        #expect(events.map(\.to) == [.deposited, .issued, .madeAvailable])
        #expect(events.map(\.reason) == ["r1", "r3", "r4"])
        #expect(events.map(\.actor) == [.organisation(.supplier, "atelier-kerbrat"), .hub, .portal])
        #expect(try await store.read { tx in try tx.invoice(InvoiceID(rawValue: "inv_A")) }?.chain == events.last?.head)
        let report = try await AuditLog(store: store).verify()
        #expect(report.passed, "\(report)")
        #expect(report.eventsChecked == 4)
    }

    @Test("a first-schema log that does not hold is not re-chained: opening says where it breaks")
    func brokenLegacyLogRefused() async throws {
        let (database, queue) = try Self.firstSchemaDatabase()
        try await queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO invoices (seq, id, supplier_org, credit_note, status, syntax, container, document_sha256,
                        document_size, received_at, fatal_count, warning_count)
                    VALUES (1, 'inv_A', 'atelier-kerbrat', 0, 200, 'ubl', 'xml', 'd', 1, 0, 0, 0)
                    """)
            try db.execute(
                sql: """
                    INSERT INTO lifecycle_events (sequence, invoice_id, from_status, to_status, at, actor, reason, previous_hash, hash)
                    VALUES (1, 'inv_A', NULL, 200, 0, 'hub', 'edited', ?, 'not-the-hash')
                    """, arguments: [EventChain.genesis])
        }
        #expect {
            _ = try SQLiteHubStore(SQLiteConfiguration(path: database.path))
        } throws: { error in
            "\(error)".contains("the lifecycle log breaks at event 1")
        }
    }

    @Test("the lifecycle log and the checkpoints refuse updates and deletes")
    func appendOnly() async throws {
        let fixture = try await SQLiteFixture()
        _ = try await fixture.deposit(1)
        _ = try await AuditCheckpointer(store: fixture.store).seal()
        for statement in [
            "UPDATE invoice_events SET reason = 'x'", "DELETE FROM invoice_events", "UPDATE audit_checkpoints SET hash = 'x'",
            "DELETE FROM audit_checkpoints",
        ] {
            await #expect(throws: (any Error).self, "\(statement)") {
                try await fixture.store.pool.write { db in try db.execute(sql: statement) }
            }
        }
        #expect(try await AuditLog(store: fixture.store).verify().passed)
    }

    @Test("the database refuses a second live invoice with the same supplier, number and year")
    func uniqueLiveNumber() async throws {
        let fixture = try await SQLiteFixture()
        _ = try await fixture.deposit(1)
        // Around the duplicate rule, straight into the table.
        await #expect(throws: (any Error).self) {
            try await fixture.store.pool.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO invoices (id, supplier_org, number, issue_year, credit_note, status, syntax, container,
                            document_sha256, document_size, received_at, fatal_count, warning_count)
                        SELECT id || 'b', supplier_org, number, issue_year, credit_note, status, syntax, container,
                            document_sha256, document_size, received_at, fatal_count, warning_count FROM invoices
                        """)
            }
        }
    }

    @Test("concurrent deposits share group commits and all land, each chain whole")
    func groupCommit() async throws {
        let fixture = try await SQLiteFixture()
        let store = fixture.store
        let results = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<200 {
                group.addTask {
                    let submission = SQLiteFixture.submission(number: "G-\(index)", key: "key-\(index)")
                    if case .stored = try await SQLiteFixture.accept(submission, into: store) { return true }
                    return false
                }
            }
            return try await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
        }
        #expect(results == 200)
        #expect(try await store.read { tx in try tx.invoices(InvoiceQuery(limit: 500), scope: .all) }.invoices.count == 200)
        let audit = try await AuditLog(store: store).verify()
        #expect(audit.passed)
        #expect(audit.eventsChecked == 200)
    }

    @Test("large deposits, committed on their own between batches of small ones, all land whole")
    func largeDeposits() async throws {
        let fixture = try await SQLiteFixture()
        let store = fixture.store
        let stored = try await withThrowingTaskGroup(of: (InvoiceID, Int)?.self) { group in
            for index in 0..<60 {
                group.addTask {
                    // Every tenth is over the store's threshold for a transaction of its own.
                    let padding = index % 10 == 0 ? 2_000_000 : 0
                    guard
                        case .stored(let summary, _) = try await SQLiteFixture.accept(
                            SQLiteFixture.submission(number: "L-\(index)", padding: padding), into: store)
                    else { return nil }
                    return (summary.id, summary.documentSize)
                }
            }
            return try await group.reduce(into: [(InvoiceID, Int)]()) { if let item = $1 { $0.append(item) } }
        }
        #expect(stored.count == 60)
        #expect(stored.filter { $0.1 > 2_000_000 }.count == 6)
        for (id, size) in stored where size > 2_000_000 {
            let document = try await store.read { tx in try tx.document(sha256: try tx.invoice(id)?.documentSHA256 ?? "") }
            #expect(document?.bytes.count == size)
        }
        #expect(try await AuditLog(store: store).verify().passed)
    }

    @Test("one failing unit of work rolls back alone in its group commit; a failed commit fails the batch")
    func failureIsolated() async throws {
        let fixture = try await SQLiteFixture()
        let store = fixture.store
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<40 {
                group.addTask {
                    do {
                        try await store.write { tx in
                            try tx.upsert(Organisation(id: "org-\(index)", kind: .buyer, name: "Buyer \(index)"))
                            if index % 4 == 0 { throw HubError.invalidQuery("refused \(index)") }
                        }
                        return true
                    } catch {
                        return false
                    }
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(outcomes.count { $0 } == 30)
        #expect(try await store.read { tx in try tx.organisations() }.count == 31)
    }

    @Test("an idempotency key replays inside the transaction when two requests race")
    func idempotencyRace() async throws {
        let fixture = try await SQLiteFixture()
        let store = fixture.store
        async let a = SQLiteFixture.accept(SQLiteFixture.submission(number: "R-1", key: "same"), into: store)
        async let b = SQLiteFixture.accept(SQLiteFixture.submission(number: "R-1", key: "same"), into: store)
        let results = try await [a, b]
        #expect(results.count { if case .stored = $0 { true } else { false } } == 1)
        #expect(results.count { if case .replay = $0 { true } else { false } } == 1)
    }

    @Test("what was committed is there after the store is reopened")
    func durability() async throws {
        let database = TemporaryDatabase()
        var ids: [InvoiceID] = []
        do {
            let fixture = try await SQLiteFixture(database: database)
            ids = try await fixture.deposit(5)
        }
        let reopened = try SQLiteHubStore(SQLiteConfiguration(path: database.path))
        for id in ids { #expect(try await reopened.read { tx in try tx.invoice(id) } != nil) }
        let firstID = ids[0]
        let first = try await reopened.read { tx in try tx.document(sha256: try tx.invoice(firstID)?.documentSHA256 ?? "") }
        #expect(first?.bytes == Data("<Invoice><ID>T-0</ID></Invoice>".utf8))
    }

    @Test("under steady writes the write-ahead log is copied back and restarts instead of growing")
    func logRestarts() async throws {
        let database = TemporaryDatabase()
        let store = try SQLiteHubStore(
            SQLiteConfiguration(
                path: database.path, checkpointInterval: .milliseconds(10), restartCheckpointPages: 200,
                backstopCheckpointPages: 1_000_000))
        try await Tenancy(store: store).save(SQLiteFixture.supplier)
        try await withThrowingTaskGroup(of: Void.self) { group in
            // The background checkpointer runs as it does in the hub's service group.
            for service in store.services { group.addTask { try await service.run() } }
            try await withThrowingTaskGroup(of: Void.self) { clients in
                for client in 0..<8 {
                    clients.addTask {
                        for index in 0..<300 {
                            _ = try await SQLiteFixture.accept(SQLiteFixture.submission(number: "W-\(client)-\(index)"), into: store)
                        }
                    }
                }
                try await clients.waitForAll()
            }
            group.cancelAll()
        }
        let log = try FileManager.default.attributesOfItem(atPath: database.path + "-wal")[.size] as? Int ?? 0
        // 2,400 deposits write far more than 200 pages of log; it stays near the threshold.
        #expect(log < 4 * 1024 * 1024, "the log is \(log) bytes")
        #expect(try await AuditLog(store: store).verify().passed)
    }
}
