import Foundation
import GRDB
public import Hub
public import HubPostgres
import HubSQLite
import Logging
import ServiceLifecycle
import PostgresNIO

/// The stores the tests run against: SQLite, and a PostgreSQL server (`HERMINE_TEST_POSTGRES_URL`, which
/// `scripts/test.sh` and `.ci/run` start and set).
public enum StoreKind: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite
    case postgres

    /// Every kind: a test that needs PostgreSQL fails, saying how to start one, when none is configured.
    public static let available: [StoreKind] = allCases

    public var description: String { rawValue }

    /// A new, empty store, with the hooks the tests need to look under it.
    public func make() async throws -> StoreHarness {
        switch self {
        case .sqlite: try StoreHarness.sqlite()
        case .postgres: try await StoreHarness.postgres()
        }
    }

    /// Where a fresh, empty database of this kind is, as `--database` takes it (a file path, a URL).
    public func freshDatabase() async throws -> String {
        switch self {
        case .sqlite:
            FileManager.default.temporaryDirectory.appendingPathComponent("hermine-tests-\(UUID().uuidString)/hub.sqlite").path
        case .postgres: try await PostgresTestServer.createDatabase()
        }
    }
}

/// The PostgreSQL server the tests use.
public enum PostgresTestServer {
    /// The variable naming it: `postgres://user@127.0.0.1:PORT/postgres`, a role that may create databases.
    public static let variable = "HERMINE_TEST_POSTGRES_URL"

    /// The server's URL.
    public static func url() throws -> PostgresConfiguration {
        guard let text = ProcessInfo.processInfo.environment[variable] else {
            throw HarnessError.noPostgres(
                "\(variable) is not set: run the tests with scripts/test.sh, which starts a PostgreSQL server for them")
        }
        return try PostgresConfiguration(url: text, connections: 4)
    }

    /// A new empty database on the server; returns its URL.
    public static func createDatabase() async throws -> String {
        let server = try url()
        let name = "hermine_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try await execute(["CREATE DATABASE \(name)"], on: server)
        var database = server
        database.database = name
        return url(of: database)
    }

    /// The URL of a configuration, password included (tests only).
    static func url(of configuration: PostgresConfiguration) -> String {
        let password = configuration.password.map { ":\($0)" } ?? ""
        return "postgres://\(configuration.username)\(password)@\(configuration.host):\(configuration.port)/\(configuration.database)"
    }

    /// Runs statements on one connection, outside any transaction; returns the rows of the last as text.
    @discardableResult
    static func execute(_ statements: [String], on configuration: PostgresConfiguration) async throws -> [[String?]] {
        let connection = try await PostgresConnection.connect(
            configuration: PostgresConnection.Configuration(
                host: configuration.host, port: configuration.port, username: configuration.username,
                password: configuration.password, database: configuration.database, tls: .disable),
            id: 1, logger: Logger(label: "hermine.tests.postgres"))
        var last: [[String?]] = []
        do {
            for statement in statements {
                last = try await connection.simpleQuery(statement).get().map { row in
                    row.makeRandomAccess().indices.map { index in row.makeRandomAccess()[data: index].string }
                }
            }
        } catch {
            try? await connection.close()
            throw error
        }
        try? await connection.close()
        return last
    }
}

/// Why a harness could not be made.
public enum HarnessError: Error, CustomStringConvertible {
    case noPostgres(String)

    public var description: String {
        switch self {
        case .noPostgres(let message): message
        }
    }
}

/// A store under test, with ways to look at and break what it wrote, behind the store's back.
public final class StoreHarness: Sendable {
    /// Its kind.
    public let kind: StoreKind
    /// The store.
    public let store: any HubStore
    /// As `--database` takes it.
    public let database: String
    private let services: Task<Void, Never>
    private let folder: URL?

    private init(kind: StoreKind, store: any HubStore, database: String, folder: URL?) {
        self.kind = kind
        self.store = store
        self.database = database
        self.folder = folder
        let services = store.services
        // The store's services (PostgreSQL's connection pool) run for as long as the harness lives.
        self.services = Task {
            await withTaskGroup(of: Void.self) { group in
                for service in services { group.addTask { try? await service.run() } }
            }
        }
    }

    deinit {
        services.cancel()
        if let folder { try? FileManager.default.removeItem(at: folder) }
    }

    static func sqlite() throws -> StoreHarness {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hermine-tests-\(UUID().uuidString)")
        let path = folder.appendingPathComponent("hub.sqlite").path
        return StoreHarness(kind: .sqlite, store: try SQLiteHubStore(SQLiteConfiguration(path: path)), database: path, folder: folder)
    }

    static func postgres() async throws -> StoreHarness {
        let url = try await PostgresTestServer.createDatabase()
        let store = try await PostgresHubStore(try PostgresConfiguration(url: url, connections: 8))
        return StoreHarness(kind: .postgres, store: store, database: url, folder: nil)
    }

    /// Runs statements straight on the database, as someone with access to it would (its append-only guards
    /// are dropped first when `dropGuards`); returns the rows of the last statement, as text.
    @discardableResult
    public func sql(_ statements: [String], dropGuards: Bool = false) async throws -> [[String?]] {
        switch kind {
        case .sqlite:
            let queue = try DatabaseQueue(path: database)
            return try await queue.write { db in
                if dropGuards {
                    for trigger in try String.fetchAll(
                        db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%are_not_%'")
                    {
                        try db.execute(sql: "DROP TRIGGER \(trigger)")
                    }
                }
                var last: [[String?]] = []
                for statement in statements {
                    last = try Row.fetchAll(db, sql: statement).map { row in
                        row.databaseValues.map { value -> String? in
                            switch value.storage {
                            case .null: nil
                            case .int64(let number): String(number)
                            case .double(let number): String(number)
                            case .string(let text): text
                            case .blob(let bytes): String(decoding: bytes, as: UTF8.self)
                            }
                        }
                    }
                }
                return last
            }
        case .postgres:
            let guards =
                dropGuards
                ? ["invoice_events", "audit_checkpoints"].map { "ALTER TABLE \($0) DISABLE TRIGGER USER" } : []
            return try await PostgresTestServer.execute(guards + statements, on: try PostgresConfiguration(url: database))
        }
    }

    /// How many rows a table holds.
    public func count(_ table: String) async throws -> Int {
        Int(try await sql(["SELECT count(*) FROM \(table)"]).first?.first??.description ?? "") ?? -1
    }

    /// Makes every later insert into `table` fail, as a crash or a full disk would midway through a transaction.
    public func failInserts(into table: String) async throws {
        switch kind {
        case .sqlite:
            try await sql(["CREATE TRIGGER fail_\(table) BEFORE INSERT ON \(table) BEGIN SELECT RAISE(ABORT, 'injected failure'); END"])
        case .postgres:
            try await sql([
                "CREATE FUNCTION fail_\(table)() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$",
                "CREATE TRIGGER fail_\(table) BEFORE INSERT ON \(table) FOR EACH ROW EXECUTE FUNCTION fail_\(table)()",
            ])
        }
    }

    /// Whether any stored text holds this (to show tokens are not stored in clear).
    public func anyColumnContains(_ text: String) async throws -> Bool {
        let columns: [[String?]]
        switch kind {
        case .sqlite:
            columns = try await sql([
                "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table'"
            ])
        case .postgres:
            columns = try await sql([
                "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'"
            ])
        }
        let literal = "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
        let find = kind == .sqlite ? "instr" : "strpos"
        for column in columns {
            guard let table = column[0], let name = column[1] else { continue }
            let hits = try await sql(["SELECT count(*) FROM \"\(table)\" WHERE \(find)(CAST(\"\(name)\" AS TEXT), \(literal)) > 0"])
            if Int(hits.first?.first??.description ?? "0") ?? 0 > 0 { return true }
        }
        return false
    }
}
