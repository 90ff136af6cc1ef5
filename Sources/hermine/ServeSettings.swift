import Configuration
import Foundation
import Hub
import HubSQLite
import Logging
import SystemPackage

/// The settings of `hermine serve`, read from flags, then `HERMINE_…` environment variables, then an
/// optional JSON config file, in that precedence; what none of them sets keeps its default.
///
/// | key (config file)               | environment                    | flag               | default               |
/// |---------------------------------|--------------------------------|--------------------|-----------------------|
/// | `http.host`                     | `HERMINE_HTTP_HOST`            | `--host`           | `127.0.0.1`           |
/// | `http.port`                     | `HERMINE_HTTP_PORT`            | `--port`           | `8080`                |
/// | `database.path`                 | `HERMINE_DATABASE_PATH`        | `--database`       | `data/hermine.sqlite` |
/// | `database.durability`           | `HERMINE_DATABASE_DURABILITY`  | `--durability`     | `full`                |
/// | `demo`                          | `HERMINE_DEMO`                 | `--demo`           | `false`               |
/// | `limits.body`                   | `HERMINE_LIMITS_BODY`          | `--max-body-size`  | 120000000             |
/// | `ingestion.chorusPro`           | `HERMINE_INGESTION_CHORUS_PRO` | `--no-chorus-pro`  | `true`                |
/// | `ingestion.sellerMustBeDepositor` | `HERMINE_INGESTION_SELLER_MUST_BE_DEPOSITOR` | `--any-seller` | `true`   |
/// | `log.level`                     | `HERMINE_LOG_LEVEL`            | `--log-level`      | `info`                |
///
/// The config file is named by `--config` or `HERMINE_CONFIG`.
struct ServeSettings: Sendable, Equatable {
    var host = "127.0.0.1"
    var port = 8080
    var databasePath = SQLiteConfiguration.defaultPath
    var durability = SQLiteConfiguration.Durability.full
    var demo = false
    var maximumBodySize = IngestionPolicy.standard.maximumDocumentSize
    var chorusPro = true
    var sellerMustBeDepositor = true
    var logLevel = Logger.Level.info

    /// The environment variables' prefix.
    static let environmentPrefix = "HERMINE_"

    /// Reads the settings: `overrides` (from flags) first, then `environment`'s `HERMINE_…` variables,
    /// then the config file (`configFile`, else `HERMINE_CONFIG`).
    static func load(overrides: [AbsoluteConfigKey: ConfigValue], environment: [String: String], configFile: String?)
        async throws -> ServeSettings
    {
        var variables: [String: String] = [:]
        for (name, value) in environment where name.hasPrefix(environmentPrefix) && name != "HERMINE_HOME" {
            variables[String(name.dropFirst(environmentPrefix.count))] = value
        }
        var providers: [any ConfigProvider] = [
            InMemoryProvider(name: "flags", values: overrides),
            EnvironmentVariablesProvider(environmentVariables: variables),
        ]
        if let path = configFile ?? environment["HERMINE_CONFIG"] {
            guard FileManager.default.fileExists(atPath: path) else { throw ServeSettingsError.missingFile(path) }
            do {
                providers.append(try await FileProvider<JSONSnapshot>(filePath: FilePath(path)))
            } catch {
                throw ServeSettingsError.unreadableFile(path, "\(error)")
            }
        }
        return try ServeSettings(ConfigReader(providers: providers))
    }

    init() {}

    init(_ reader: ConfigReader) throws {
        let values = SettingsReader(reader: reader)
        if let host = try values.string("http.host") { self.host = host }
        if let port = try values.integer("http.port") {
            guard (0...65_535).contains(port) else { throw ServeSettingsError.invalid("http.port", String(port), "a port 0…65535") }
            self.port = port
        }
        if let path = try values.string("database.path") { databasePath = path }
        if let text = try values.string("database.durability") {
            guard let durability = SQLiteConfiguration.Durability(rawValue: text) else {
                throw ServeSettingsError.invalid("database.durability", text, "full or normal")
            }
            self.durability = durability
        }
        if let demo = try values.boolean("demo") { self.demo = demo }
        if let size = try values.integer("limits.body") {
            guard size > 0 else { throw ServeSettingsError.invalid("limits.body", String(size), "a positive number of bytes") }
            maximumBodySize = size
        }
        if let value = try values.boolean("ingestion.chorusPro") { chorusPro = value }
        if let value = try values.boolean("ingestion.sellerMustBeDepositor") { sellerMustBeDepositor = value }
        if let text = try values.string("log.level") {
            guard let level = Logger.Level(rawValue: text) else {
                throw ServeSettingsError.invalid("log.level", text, "trace, debug, info, notice, warning, error or critical")
            }
            logLevel = level
        }
    }

    /// The ingestion policy these settings make.
    var policy: IngestionPolicy {
        var policy = IngestionPolicy.standard
        policy.maximumDocumentSize = maximumBodySize
        policy.chorusPro = chorusPro
        policy.sellerMustBeDepositor = sellerMustBeDepositor
        return policy
    }
}

/// Typed reads that refuse a value of the wrong type instead of silently ignoring it.
private struct SettingsReader {
    let reader: ConfigReader

    func string(_ key: String) throws -> String? {
        if let value = reader.string(forKey: ConfigKey(key)) { return value }
        if reader.int(forKey: ConfigKey(key)) != nil || reader.bool(forKey: ConfigKey(key)) != nil {
            throw ServeSettingsError.invalid(key, "a number or boolean", "a string")
        }
        return nil
    }

    func integer(_ key: String) throws -> Int? {
        if let value = reader.int(forKey: ConfigKey(key)) { return value }
        if let text = reader.string(forKey: ConfigKey(key)) { throw ServeSettingsError.invalid(key, text, "a whole number") }
        return nil
    }

    func boolean(_ key: String) throws -> Bool? {
        if let value = reader.bool(forKey: ConfigKey(key)) { return value }
        if let text = reader.string(forKey: ConfigKey(key)) { throw ServeSettingsError.invalid(key, text, "true or false") }
        return nil
    }
}

/// Why the settings could not be read.
enum ServeSettingsError: Error, CustomStringConvertible, Equatable {
    case missingFile(String)
    case unreadableFile(String, String)
    case invalid(String, String, String)

    var description: String {
        switch self {
        case .missingFile(let path): "the config file \(path) does not exist"
        case .unreadableFile(let path, let reason): "the config file \(path) cannot be read: \(reason)"
        case .invalid(let key, let value, let expected): "setting \(key) is \(value); it must be \(expected)"
        }
    }
}
