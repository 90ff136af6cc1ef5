import ArgumentParser
import Hub
import HubSQLite
import Configuration
import Foundation
import Testing

@testable import hermine

/// `hermine serve` reads flags, then `HERMINE_…` variables, then the config file.
@Suite("Serve settings")
struct ServeSettingsTests {
    func configFile(_ json: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hermine-\(UUID().uuidString).json").path
        try Data(json.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("defaults: 127.0.0.1:8080, data/hermine.sqlite, full durability, Chorus Pro rules")
    func defaults() async throws {
        let settings = try await ServeSettings.load(overrides: [:], environment: [:], configFile: nil)
        #expect(settings == ServeSettings())
        #expect(settings.host == "127.0.0.1" && settings.port == 8080)
        #expect(settings.databasePath == "data/hermine.sqlite")
        #expect(settings.policy.chorusPro && settings.policy.sellerMustBeDepositor)
    }

    @Test("flags beat the environment, which beats the file")
    func precedence() async throws {
        let file = try configFile(
            #"{"http": {"host": "0.0.0.0", "port": 9000}, "database": {"path": "/srv/file.sqlite", "durability": "normal"}, "demo": true, "limits": {"body": 5000}}"#
        )
        defer { try? FileManager.default.removeItem(atPath: file) }
        let fromFile = try await ServeSettings.load(overrides: [:], environment: [:], configFile: file)
        #expect(fromFile.host == "0.0.0.0" && fromFile.port == 9000 && fromFile.databasePath == "/srv/file.sqlite")
        #expect(fromFile.durability == .normal && fromFile.demo && fromFile.maximumBodySize == 5000)

        let environment = ["HERMINE_HTTP_PORT": "9100", "HERMINE_DATABASE_PATH": "/srv/env.sqlite", "HERMINE_CONFIG": file]
        let fromEnvironment = try await ServeSettings.load(overrides: [:], environment: environment, configFile: nil)
        #expect(fromEnvironment.port == 9100 && fromEnvironment.databasePath == "/srv/env.sqlite")
        #expect(fromEnvironment.host == "0.0.0.0", "what the environment does not set comes from the file")

        let flags: [AbsoluteConfigKey: ConfigValue] = ["http.port": ConfigValue(.int(9200), isSecret: false)]
        let fromFlags = try await ServeSettings.load(overrides: flags, environment: environment, configFile: nil)
        #expect(fromFlags.port == 9200 && fromFlags.databasePath == "/srv/env.sqlite" && fromFlags.host == "0.0.0.0")
    }

    @Test("the serve command's flags become overrides")
    func flags() throws {
        let command = try Serve.parse(["--port", "0", "--database", "x.sqlite", "--demo", "--no-chorus-pro"])
        #expect(command.overrides["http.port"] == ConfigValue(.int(0), isSecret: false))
        #expect(command.overrides["database.path"] == ConfigValue(.string("x.sqlite"), isSecret: false))
        #expect(command.overrides["demo"] == ConfigValue(.bool(true), isSecret: false))
        #expect(command.overrides["ingestion.chorusPro"] == ConfigValue(.bool(false), isSecret: false))
        #expect(command.overrides["http.host"] == nil)
    }

    @Test("a wrong value is an error naming the setting, not a silent default")
    func invalid() async throws {
        let cases: [([String: String], ServeSettingsError)] = [
            (["HERMINE_HTTP_PORT": "eighty"], .invalid("http.port", "eighty", "a whole number")),
            (["HERMINE_HTTP_PORT": "70000"], .invalid("http.port", "70000", "a port 0…65535")),
            (["HERMINE_DATABASE_DURABILITY": "maybe"], .invalid("database.durability", "maybe", "full or normal")),
            (["HERMINE_DEMO": "sometimes"], .invalid("demo", "sometimes", "true or false")),
            (["HERMINE_CONFIG": "/nonexistent/hermine.json"], .missingFile("/nonexistent/hermine.json")),
        ]
        for (environment, expected) in cases {
            await #expect(throws: expected) {
                _ = try await ServeSettings.load(overrides: [:], environment: environment, configFile: nil)
            }
        }
    }
}
