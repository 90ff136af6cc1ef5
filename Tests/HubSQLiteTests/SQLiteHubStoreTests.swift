import Foundation
import GRDB
import Hub
import HubSQLite
import Testing

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
        #expect(applied == ["2026-11-22 hub schema"])
        #expect(try await reopened.invoice(id: ids[1], scope: .all)?.number == "T-1")
        #expect(try await AuditLog(store: reopened).verify().passed)
    }

    @Test("the lifecycle log refuses updates and deletes")
    func appendOnly() async throws {
        let fixture = try await SQLiteFixture()
        _ = try await fixture.deposit(1)
        await #expect(throws: (any Error).self) {
            try await fixture.store.pool.write { db in try db.execute(sql: "UPDATE lifecycle_events SET reason = 'x'") }
        }
        await #expect(throws: (any Error).self) {
            try await fixture.store.pool.write { db in try db.execute(sql: "DELETE FROM lifecycle_events") }
        }
        #expect(try await AuditLog(store: fixture.store).verify().passed)
    }

    @Test("the database refuses a second live invoice with the same supplier, number and year")
    func uniqueLiveNumber() async throws {
        let fixture = try await SQLiteFixture()
        _ = try await fixture.deposit(1)
        // Around the duplicate check, straight into the table.
        await #expect(throws: (any Error).self) {
            try await fixture.store.pool.write { db in
                try db.execute(
                    sql:
                        "INSERT INTO invoices SELECT seq + 1, id || 'b', supplier_org, seller_identifier, seller_name, buyer_siret, buyer_name, number, issue_date, issue_year, type_code, credit_note, currency, amount_due, buyer_reference, order_reference, status, syntax, container, document_sha256, document_size, received_at, fatal_count, warning_count FROM invoices"
                )
            }
        }
    }

    @Test("audit verify names the first broken link after the file is tampered with")
    func tampering() async throws {
        let fixture = try await SQLiteFixture()
        let ids = try await fixture.deposit(4)
        _ = try await fixture.store.transition(invoiceID: ids[0], to: .issued, actor: "hub", reason: "", at: Date(), scope: .all)
        #expect(try await AuditLog(store: fixture.store).verify().passed)

        // Someone with the file drops the guard and rewrites event 3's reason.
        let tamperer = try DatabaseQueue(path: fixture.path)
        try await tamperer.write { db in
            try db.execute(sql: "DROP TRIGGER lifecycle_events_are_not_updated")
            try db.execute(sql: "UPDATE lifecycle_events SET reason = 'nothing to see' WHERE sequence = 3")
        }
        let altered = try await AuditLog(store: fixture.store).verify()
        #expect(!altered.passed)
        #expect(altered.firstBreak == .altered(sequence: 3))
        #expect(altered.eventsChecked == 2)

        // Recomputing event 3's hash moves the break to event 4, which no longer points at it.
        try await tamperer.write { db in
            let row = try #require(try Row.fetchOne(db, sql: "SELECT * FROM lifecycle_events WHERE sequence = 3"))
            let content = LifecycleEvent.hashedContent(
                sequence: 3, invoiceID: row["invoice_id"], from: nil, to: .deposited,
                at: Date(timeIntervalSince1970: Double(row["at"] as Int64) / 1000), actor: row["actor"],
                reason: "nothing to see", previousHash: row["previous_hash"])
            try db.execute(
                sql: "UPDATE lifecycle_events SET hash = ? WHERE sequence = 3", arguments: [SHA256Hex.digest(content)])
        }
        #expect(try await AuditLog(store: fixture.store).verify().firstBreak == .unlinked(sequence: 4))
    }

    @Test("audit verify reports a removed event and a status changed behind the log's back")
    func removedEventAndStatus() async throws {
        let fixture = try await SQLiteFixture()
        let ids = try await fixture.deposit(3)
        let tamperer = try DatabaseQueue(path: fixture.path)
        try await tamperer.write { db in
            try db.execute(sql: "UPDATE invoices SET status = 205 WHERE id = ?", arguments: [ids[1]])
        }
        let mismatch = try await AuditLog(store: fixture.store).verify()
        #expect(mismatch.firstBreak == nil)
        #expect(mismatch.statusMismatch?.invoiceID == ids[1])
        #expect(mismatch.statusMismatch?.logged == .deposited)

        try await tamperer.write { db in
            try db.execute(sql: "DROP TRIGGER lifecycle_events_are_not_deleted")
            try db.execute(sql: "DELETE FROM lifecycle_events WHERE sequence = 2")
        }
        #expect(try await AuditLog(store: fixture.store).verify().firstBreak == .gap(expected: 2, found: 3))
    }

    @Test("concurrent deposits share group commits and all land, chained in order")
    func groupCommit() async throws {
        let fixture = try await SQLiteFixture()
        let store = fixture.store
        let results = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<200 {
                group.addTask {
                    if case .stored = try await store.accept(SQLiteFixture.submission(number: "G-\(index)", key: "key-\(index)")) {
                        return true
                    }
                    return false
                }
            }
            return try await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
        }
        #expect(results == 200)
        #expect(try await store.invoices(InvoiceQuery(limit: 500), scope: .all).invoices.count == 200)
        let audit = try await AuditLog(store: store).verify()
        #expect(audit.passed)
        #expect(audit.eventsChecked == 200)
    }

    @Test("large deposits, committed on their own between batches of small ones, all land whole")
    func largeDeposits() async throws {
        let fixture = try await SQLiteFixture()
        let store = fixture.store
        let stored = try await withThrowingTaskGroup(of: (String, Int)?.self) { group in
            for index in 0..<60 {
                group.addTask {
                    // Every tenth is over the store's threshold for a transaction of its own.
                    let padding = index % 10 == 0 ? 2_000_000 : 0
                    guard case .stored(let summary, _) = try await store.accept(
                        SQLiteFixture.submission(number: "L-\(index)", padding: padding))
                    else { return nil }
                    return (summary.id, summary.documentSize)
                }
            }
            return try await group.reduce(into: [(String, Int)]()) { if let item = $1 { $0.append(item) } }
        }
        #expect(stored.count == 60)
        #expect(stored.filter { $0.1 > 2_000_000 }.count == 6)
        for (id, size) in stored where size > 2_000_000 {
            #expect(try await store.document(invoiceID: id, scope: .all)?.bytes.count == size)
        }
        #expect(try await AuditLog(store: store).verify().passed)
    }

    @Test("an idempotency key replays inside the transaction when two requests race")
    func idempotencyRace() async throws {
        let fixture = try await SQLiteFixture()
        let store = fixture.store
        let first = SQLiteFixture.submission(number: "R-1", key: "same")
        let second = SQLiteFixture.submission(number: "R-1", key: "same")
        async let a = store.accept(first)
        async let b = store.accept(second)
        let results = try await [a, b]
        let stored = results.filter { if case .stored = $0 { true } else { false } }
        let replays = results.filter { if case .replay = $0 { true } else { false } }
        #expect(stored.count == 1)
        #expect(replays.count == 1)
    }

    @Test("what was committed is there after the store is reopened")
    func durability() async throws {
        let database = TemporaryDatabase()
        var ids: [String] = []
        do {
            let fixture = try await SQLiteFixture(database: database)
            ids = try await fixture.deposit(5)
        }
        let reopened = try SQLiteHubStore(SQLiteConfiguration(path: database.path))
        for id in ids { #expect(try await reopened.invoice(id: id, scope: .all) != nil) }
        #expect(try await reopened.document(invoiceID: ids[0], scope: .all)?.bytes == Data("<Invoice><ID>T-0</ID></Invoice>".utf8))
    }

    @Test("under steady writes the write-ahead log is copied back and restarts instead of growing")
    func logRestarts() async throws {
        let database = TemporaryDatabase()
        let store = try SQLiteHubStore(
            SQLiteConfiguration(
                path: database.path, checkpointInterval: .milliseconds(10), restartCheckpointPages: 200,
                backstopCheckpointPages: 1_000_000))
        try await store.save(SQLiteFixture.supplier)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for client in 0..<8 {
                group.addTask {
                    for index in 0..<300 {
                        _ = try await store.accept(SQLiteFixture.submission(number: "W-\(client)-\(index)"))
                    }
                }
            }
            try await group.waitForAll()
        }
        let log = try FileManager.default.attributesOfItem(atPath: database.path + "-wal")[.size] as? Int ?? 0
        // 2,400 deposits write far more than 200 pages of log; it stays near the threshold.
        #expect(log < 4 * 1024 * 1024, "the log is \(log) bytes")
        #expect(try await AuditLog(store: store).verify().passed)
    }
}
