import Foundation
import GRDB
import Hub
import HubSQLite
import Testing

/// The stores the contract tests run against: SQLite always; PostgreSQL will join when a server is
/// configured.
enum StoreKind: String, CaseIterable, CustomTestStringConvertible {
    case sqlite

    static var available: [StoreKind] { [.sqlite] }

    var testDescription: String { rawValue }

    /// A new, empty store, with the hooks the contract tests need to look under it.
    func make() throws -> any StoreHarness {
        switch self {
        case .sqlite: try SQLiteHarness()
        }
    }
}

/// A store under test, with ways to look at and break what it wrote, behind the protocol's back.
protocol StoreHarness: Sendable {
    var store: any HubStore { get }
    /// How many rows a table holds (`documents`, `invoices`, `invoice_models`, `validation_reports`,
    /// `lifecycle_events`, `idempotency_keys`, `directory_entries`, `directory_services`, `credentials`).
    func count(_ table: String) async throws -> Int
    /// Makes every later insert into `table` fail, as a crash or a full disk would midway through a transaction.
    func failInserts(into table: String) async throws
    /// Whether any stored value holds this text (to show tokens are not stored in clear).
    func anyColumnContains(_ text: String) async throws -> Bool
}

/// SQLite in a fresh temporary folder, removed when the harness goes.
final class SQLiteHarness: StoreHarness {
    let sqlite: SQLiteHubStore
    let folder: URL
    var store: any HubStore { sqlite }

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("hermine-tests-\(UUID().uuidString)")
        sqlite = try SQLiteHubStore(SQLiteConfiguration(path: folder.appendingPathComponent("hub.sqlite").path))
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    func count(_ table: String) async throws -> Int {
        try await sqlite.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0 }
    }

    func failInserts(into table: String) async throws {
        try await sqlite.pool.write { db in
            try db.execute(
                sql: "CREATE TRIGGER fail_\(table) BEFORE INSERT ON \(table) BEGIN SELECT RAISE(ABORT, 'injected failure'); END")
        }
    }

    func anyColumnContains(_ text: String) async throws -> Bool {
        try await sqlite.pool.read { db in
            for table in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'") {
                for column in try db.columns(in: table) {
                    let hits =
                        try Int.fetchOne(
                            db, sql: "SELECT count(*) FROM \"\(table)\" WHERE instr(CAST(\"\(column.name)\" AS TEXT), ?) > 0",
                            arguments: [text]) ?? 0
                    if hits > 0 { return true }
                }
            }
            return false
        }
    }
}
