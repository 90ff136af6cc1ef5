import Foundation
import Hub
import Configuration
import HubPostgres
import HubServer
import HubSQLite
import Testing

/// `hermine serve` reads flags, then `HERMINE_…` variables, then the config file.
@Suite("Hub settings")
struct HubConfigTests {
    func configFile(_ json: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hermine-\(UUID().uuidString).json").path
        try Data(json.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("defaults: 127.0.0.1:8080, data/hermine.sqlite, full durability, Chorus Pro rules")
    func defaults() async throws {
        let settings = try await HubConfig.load(environment: [:], configFile: nil)
        #expect(settings == HubConfig())
        #expect(settings.host == "127.0.0.1" && settings.port == 8080)
        #expect(settings.database == .sqlite(SQLiteConfiguration(path: "data/hermine.sqlite", durability: .full)))
        #expect(settings.policy.chorusPro && settings.policy.sellerMustBeDepositor)
        #expect(settings.auditCheckpointInterval == .seconds(1))
    }

    @Test("flags beat the environment, which beats the file")
    func precedence() async throws {
        let file = try configFile(
            #"{"http": {"host": "0.0.0.0", "port": 9000}, "database": {"url": "/srv/file.sqlite", "durability": "normal"}, "demo": true, "limits": {"body": 5000}}"#
        )
        defer { try? FileManager.default.removeItem(atPath: file) }
        let fromFile = try await HubConfig.load(environment: [:], configFile: file)
        #expect(fromFile.host == "0.0.0.0" && fromFile.port == 9000)
        #expect(fromFile.database == .sqlite(SQLiteConfiguration(path: "/srv/file.sqlite", durability: .normal)))
        #expect(fromFile.demo && fromFile.maximumBodySize == 5000)

        let environment = ["HERMINE_HTTP_PORT": "9100", "HERMINE_DATABASE_URL": "/srv/env.sqlite", "HERMINE_CONFIG": file]
        let fromEnvironment = try await HubConfig.load(environment: environment, configFile: nil)
        #expect(fromEnvironment.port == 9100 && fromEnvironment.database.description == "/srv/env.sqlite")
        #expect(fromEnvironment.host == "0.0.0.0", "what the environment does not set comes from the file")

        var flags = HubConfig.Flags()
        flags.port = 9200
        let fromFlags = try await HubConfig.load(flags: flags, environment: environment, configFile: nil)
        #expect(fromFlags.port == 9200 && fromFlags.database.description == "/srv/env.sqlite" && fromFlags.host == "0.0.0.0")
    }

    @Test("a PostgreSQL URL selects the PostgreSQL store; its password is never shown")
    func postgres() async throws {
        let environment = [
            "HERMINE_DATABASE_URL": "postgres://hub:s%40cret@db.example:6543/hermine", "HERMINE_DATABASE_CONNECTIONS": "32",
        ]
        let settings = try await HubConfig.load(environment: environment, configFile: nil)
        guard case .postgres(let postgres) = settings.database else {
            Issue.record("not PostgreSQL: \(settings.database)")
            return
        }
        #expect(postgres.host == "db.example" && postgres.port == 6543 && postgres.database == "hermine")
        #expect(postgres.username == "hub" && postgres.password == "s@cret" && postgres.connections == 32)
        #expect(settings.database.description == "postgres://hub:•••@db.example:6543/hermine")
        #expect(!settings.database.description.contains("cret"))
        await #expect(throws: HubConfigError.self) {
            _ = try await HubConfig.load(environment: ["HERMINE_DATABASE_URL": "postgres://nohost"], configFile: nil)
        }
    }

    @Test("flags become the top layer's values; flags not given are absent")
    func flags() {
        var flags = HubConfig.Flags()
        flags.port = 0
        flags.database = "x.sqlite"
        flags.demo = true
        flags.noChorusPro = true
        #expect(flags.values["http.port"]?.content == .int(0))
        #expect(flags.values["database.url"]?.content == .string("x.sqlite"))
        #expect(flags.values["database.url"]?.isSecret == true)
        #expect(flags.values["demo"]?.content == .bool(true))
        #expect(flags.values["ingestion.chorusPro"]?.content == .bool(false))
        #expect(flags.values["http.host"] == nil)
        #expect(flags.values["ingestion.sellerMustBeDepositor"] == nil)
    }

    @Test("a wrong value is an error naming the setting, not a silent default")
    func invalid() async throws {
        let cases: [([String: String], HubConfigError)] = [
            (["HERMINE_HTTP_PORT": "eighty"], .invalid("http.port", "eighty", "a whole number")),
            (["HERMINE_HTTP_PORT": "70000"], .invalid("http.port", "70000", "a port 0…65535")),
            (["HERMINE_DATABASE_DURABILITY": "maybe"], .invalid("database.durability", "maybe", "full or normal")),
            (["HERMINE_DATABASE_CONNECTIONS": "0"], .invalid("database.connections", "0", "a number 1…512")),
            (["HERMINE_DEMO": "sometimes"], .invalid("demo", "sometimes", "true or false")),
            (["HERMINE_AUDIT_CHECKPOINT_MILLISECONDS": "-5"], .invalid("audit.checkpointMilliseconds", "-5", "a positive number of milliseconds")),
            (["HERMINE_CONFIG": "/nonexistent/hermine.json"], .missingFile("/nonexistent/hermine.json")),
        ]
        for (environment, expected) in cases {
            await #expect(throws: expected) {
                _ = try await HubConfig.load(environment: environment, configFile: nil)
            }
        }
    }
}
