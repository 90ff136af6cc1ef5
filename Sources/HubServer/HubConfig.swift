public import Configuration
import Foundation
public import Hub
import HubSQLite
public import Logging
public import PortalSimulator
import SystemPackage

/// The hub's settings, read once at start from flags, then `HERMINE_…` environment variables, then an
/// optional JSON config file, in that precedence; what none of them sets keeps its default.
///
/// | key (config file)                 | environment                                   | flag                     | default               |
/// |-----------------------------------|-----------------------------------------------|--------------------------|-----------------------|
/// | `http.host`                       | `HERMINE_HTTP_HOST`                           | `--host`                 | `127.0.0.1`           |
/// | `http.port`                       | `HERMINE_HTTP_PORT`                           | `--port`                 | `8080`                |
/// | `database.url`                    | `HERMINE_DATABASE_URL`                        | `--database`             | `data/hermine.sqlite` |
/// | `database.durability`             | `HERMINE_DATABASE_DURABILITY`                 | `--durability`           | `full`                |
/// | `database.connections`            | `HERMINE_DATABASE_CONNECTIONS`                | `--database-connections` | `16`                  |
/// | `demo`                            | `HERMINE_DEMO`                                | `--demo`                 | `false`               |
/// | `limits.body`                     | `HERMINE_LIMITS_BODY`                         | `--max-body-size`        | `120000000`           |
/// | `ingestion.chorusPro`             | `HERMINE_INGESTION_CHORUS_PRO`                | `--no-chorus-pro`        | `true`                |
/// | `ingestion.sellerMustBeDepositor` | `HERMINE_INGESTION_SELLER_MUST_BE_DEPOSITOR`  | `--any-seller`           | `true`                |
/// | `audit.checkpointMilliseconds`    | `HERMINE_AUDIT_CHECKPOINT_MILLISECONDS`       | `--audit-checkpoint-ms`  | `1000`                |
/// | `portal.url`                      | `HERMINE_PORTAL_URL`                          | `--portal-url`           | none (demo: the built-in simulator) |
/// | `portal.simulatorPort`            | `HERMINE_PORTAL_SIMULATOR_PORT`               | `--portal-sim-port`      | `8081` (demo without `portal.url`; 0: any free port) |
/// | `portal.simulatorDatabase`        | `HERMINE_PORTAL_SIMULATOR_DATABASE`           | `--portal-sim-database`  | `portal-sim.sqlite` beside the hub's SQLite file, else `data/portal-sim.sqlite` |
/// | `portal.simulatorStatusSchedule`  | `HERMINE_PORTAL_SIMULATOR_STATUS_SCHEDULE`    | `--portal-sim-status-schedule` | `2` (seconds per automatic status step; four numbers: one per step) |
/// | `portal.tokenUrl`                 | `HERMINE_PORTAL_TOKEN_URL`                    | `--portal-token-url`     | `<portal.url>/api/oauth/token` |
/// | `portal.clientId`                 | `HERMINE_PORTAL_CLIENT_ID`                    |                          | the simulator's       |
/// | `portal.clientSecret` (secret)    | `HERMINE_PORTAL_CLIENT_SECRET`                |                          | the simulator's       |
/// | `portal.account` (secret)         | `HERMINE_PORTAL_ACCOUNT` (`login:password`)   |                          | the simulator's       |
/// | `portal.timeoutSeconds`           | `HERMINE_PORTAL_TIMEOUT_SECONDS`              |                          | `30`                  |
/// | `delivery.workers`                | `HERMINE_DELIVERY_WORKERS`                    | `--delivery-workers`     | `64`                  |
/// | `delivery.maxAttempts`            | `HERMINE_DELIVERY_MAX_ATTEMPTS`               |                          | `20`                  |
/// | `delivery.maxAgeSeconds`          | `HERMINE_DELIVERY_MAX_AGE_SECONDS`            |                          | `86400`               |
/// | `delivery.baseDelayMilliseconds`  | `HERMINE_DELIVERY_BASE_DELAY_MILLISECONDS`    |                          | `500`                 |
/// | `delivery.maxDelayMilliseconds`   | `HERMINE_DELIVERY_MAX_DELAY_MILLISECONDS`     |                          | `300000`              |
/// | `delivery.settleMilliseconds`     | `HERMINE_DELIVERY_SETTLE_MILLISECONDS`        |                          | `5000`                |
/// | `delivery.settleWindowSeconds`    | `HERMINE_DELIVERY_SETTLE_WINDOW_SECONDS`      |                          | `600`                 |
/// | `sync.firstIntervalMilliseconds`  | `HERMINE_SYNC_FIRST_INTERVAL_MILLISECONDS`    |                          | `1000`                |
/// | `sync.maxIntervalSeconds`         | `HERMINE_SYNC_MAX_INTERVAL_SECONDS`           |                          | `600`                 |
/// | `sync.workers`                    | `HERMINE_SYNC_WORKERS`                        |                          | `16`                  |
/// | `channels.workers`                | `HERMINE_CHANNELS_WORKERS`                    |                          | `32`                  |
/// | `channels.timeoutSeconds`         | `HERMINE_CHANNELS_TIMEOUT_SECONDS`            |                          | `30`                  |
/// | `channels.allowedHosts`           | `HERMINE_CHANNELS_ALLOWED_HOSTS` (comma-separated; `*`: any) |           | `127.0.0.1,localhost,::1` |
/// | `channels.dropFolders`            | `HERMINE_CHANNELS_DROP_FOLDERS` (comma-separated) |                      | none                  |
/// | `mail.url`                        | `HERMINE_MAIL_URL` (`smtp://host:587` STARTTLS, `smtps://host:465`) |     | none: alerts wait in the outbox |
/// | `mail.from`                       | `HERMINE_MAIL_FROM`                           |                          | none (required with `mail.url`) |
/// | `mail.username`                   | `HERMINE_MAIL_USERNAME`                       |                          | none (no AUTH)        |
/// | `mail.password` (secret)          | `HERMINE_MAIL_PASSWORD`                       |                          | none                  |
/// | `mail.requireTls`                 | `HERMINE_MAIL_REQUIRE_TLS`                    |                          | `true`                |
/// | `mail.caFile`                     | `HERMINE_MAIL_CA_FILE`                        |                          | the system's authorities |
/// | `mail.timeoutSeconds`             | `HERMINE_MAIL_TIMEOUT_SECONDS`                |                          | `30`                  |
/// | `mail.digestSeconds`              | `HERMINE_MAIL_DIGEST_SECONDS`                 |                          | `30`                  |
/// | `console.bcryptCost`              | `HERMINE_CONSOLE_BCRYPT_COST`                 |                          | `12`                  |
/// | `console.maxFailures`             | `HERMINE_CONSOLE_MAX_FAILURES` (wrong passwords in a row that lock) |    | `5`                   |
/// | `console.lockSeconds`             | `HERMINE_CONSOLE_LOCK_SECONDS`                |                          | `900`                 |
/// | `console.sessionMinutes`          | `HERMINE_CONSOLE_SESSION_MINUTES`             |                          | `720`                 |
/// | `console.secureCookies`           | `HERMINE_CONSOLE_SECURE_COOKIES` (behind TLS) |                          | `false`               |
/// | `log.level`                       | `HERMINE_LOG_LEVEL`                           | `--log-level`            | `info`                |
///
/// The config file is named by `--config` or `HERMINE_CONFIG`. `database.url` is a SQLite file's path or a
/// PostgreSQL URL (`postgres://user:password@host:5432/database`); it is read as a secret (a password may be
/// in it) and shown with the password hidden.
public struct HubConfig: Sendable, Equatable {
    /// Address to listen on.
    public var host = "127.0.0.1"
    /// Port to listen on; 0 lets the system choose.
    public var port = 8080
    /// Where the store is.
    public var database = StoreLocation.sqlite(SQLiteConfiguration())
    /// Whether to load the demo tenants, tokens and directory of `fixtures/` on first start.
    public var demo = false
    /// The largest deposit, in bytes.
    public var maximumBodySize = IngestionPolicy.standard.maximumDocumentSize
    /// Whether the Chorus Pro rules judge deposits on top of EN 16931.
    public var chorusPro = true
    /// Whether the seller of a deposited invoice must be the depositing supplier.
    public var sellerMustBeDepositor = true
    /// How often the audit checkpointer seals the chains that grew.
    public var auditCheckpointInterval = Duration.seconds(1)
    /// The log level.
    public var logLevel = Logger.Level.info
    /// The national portal the hub delivers to; nil: none (accepted invoices stay at 200, nothing is sent), unless
    /// the demo starts its own simulator.
    public var portal: PortalSettings?
    /// How the delivery workers send and try again.
    public var delivery = DeliverySettings()
    /// Where the demo's built-in portal simulator listens, when the demo has no `portal`.
    public var demoPortalPort = 8081
    /// The demo's built-in simulator's SQLite file; none: beside the hub's SQLite file, else `data/portal-sim.sqlite`.
    public var demoPortalDatabase: String?
    /// How the demo's built-in simulator moves accepted invoices on its own (its buyer's statuses).
    public var demoPortalStatusSchedule = StatusSchedule.demo
    /// The web console's sign-in settings.
    public var console = ConsoleSettings()

    /// The environment variables' prefix.
    public static let environmentPrefix = "HERMINE_"

    /// The defaults.
    public init() {}

    /// Reads the settings: `flags` first, then `environment`'s `HERMINE_…` variables, then the config file
    /// (`configFile`, else `HERMINE_CONFIG`).
    /// - Throws: `HubConfigError` naming the setting whose value is wrong, or the config file that is missing.
    public static func load(flags: Flags = Flags(), environment: [String: String], configFile: String?) async throws(HubConfigError)
        -> HubConfig
    {
        var variables: [String: String] = [:]
        for (name, value) in environment where name.hasPrefix(environmentPrefix) && name != "HERMINE_HOME" {
            variables[String(name.dropFirst(environmentPrefix.count))] = value
        }
        var providers: [any ConfigProvider] = [
            InMemoryProvider(name: "flags", values: flags.values),
            EnvironmentVariablesProvider(environmentVariables: variables),
        ]
        if let path = configFile ?? environment["HERMINE_CONFIG"] {
            guard FileManager.default.fileExists(atPath: path) else { throw .missingFile(path) }
            do {
                providers.append(try await FileProvider<JSONSnapshot>(filePath: FilePath(path)))
            } catch {
                throw .unreadableFile(path, "\(error)")
            }
        }
        return try HubConfig(ConfigReader(providers: providers))
    }

    init(_ reader: ConfigReader) throws(HubConfigError) {
        let values = SettingsReader(reader: reader)
        if let host = try values.string("http.host") { self.host = host }
        if let port = try values.integer("http.port") {
            guard (0...65_535).contains(port) else { throw .invalid("http.port", String(port), "a port 0…65535") }
            self.port = port
        }
        var durability = SQLiteConfiguration.Durability.full
        if let text = try values.string("database.durability") {
            guard let value = SQLiteConfiguration.Durability(rawValue: text) else {
                throw .invalid("database.durability", text, "full or normal")
            }
            durability = value
        }
        var connections = 16
        if let count = try values.integer("database.connections") {
            guard (1...512).contains(count) else { throw .invalid("database.connections", String(count), "a number 1…512") }
            connections = count
        }
        let url = try values.string("database.url", isSecret: true) ?? SQLiteConfiguration.defaultPath
        do {
            database = try StoreLocation(url, durability: durability, connections: connections)
        } catch {
            throw .invalid("database.url", "not usable", error.description)
        }
        if let demo = try values.boolean("demo") { self.demo = demo }
        if let size = try values.integer("limits.body") {
            guard size > 0 else { throw .invalid("limits.body", String(size), "a positive number of bytes") }
            maximumBodySize = size
        }
        if let value = try values.boolean("ingestion.chorusPro") { chorusPro = value }
        if let value = try values.boolean("ingestion.sellerMustBeDepositor") { sellerMustBeDepositor = value }
        if let milliseconds = try values.integer("audit.checkpointMilliseconds") {
            guard milliseconds > 0 else {
                throw .invalid("audit.checkpointMilliseconds", String(milliseconds), "a positive number of milliseconds")
            }
            auditCheckpointInterval = .milliseconds(milliseconds)
        }
        try readPortal(values)
        try readDelivery(values)
        try readMail(values)
        try readConsole(values)
        if let text = try values.string("log.level") {
            guard let level = Logger.Level(rawValue: text) else {
                throw .invalid("log.level", text, "trace, debug, info, notice, warning, error or critical")
            }
            logLevel = level
        }
    }

    /// The ingestion policy these settings make.
    public var policy: IngestionPolicy {
        var policy = IngestionPolicy.standard
        policy.maximumDocumentSize = maximumBodySize
        policy.chorusPro = chorusPro
        policy.sellerMustBeDepositor = sellerMustBeDepositor
        return policy
    }

    /// Settings given as command-line flags: the top layer (a flag not given is absent, so lower layers show
    /// through).
    public struct Flags: Sendable, Equatable {
        public var host: String?
        public var port: Int?
        public var database: String?
        public var durability: String?
        public var databaseConnections: Int?
        public var demo = false
        public var maximumBodySize: Int?
        public var noChorusPro = false
        public var anySeller = false
        public var auditCheckpointMilliseconds: Int?
        public var logLevel: String?
        public var portalURL: String?
        public var portalTokenURL: String?
        public var deliveryWorkers: Int?
        public var portalSimulatorPort: Int?
        public var portalSimulatorDatabase: String?
        public var portalSimulatorStatusSchedule: String?

        /// No flag given.
        public init() {}

        /// The flags as configuration values, by key.
        public var values: [AbsoluteConfigKey: ConfigValue] {
            var values: [AbsoluteConfigKey: ConfigValue] = [:]
            func set(_ key: AbsoluteConfigKey, _ content: ConfigContent?, secret: Bool = false) {
                if let content { values[key] = ConfigValue(content, isSecret: secret) }
            }
            set("http.host", host.map { .string($0) })
            set("http.port", port.map { .int($0) })
            set("database.url", database.map { .string($0) }, secret: true)
            set("database.durability", durability.map { .string($0) })
            set("database.connections", databaseConnections.map { .int($0) })
            set("demo", demo ? .bool(true) : nil)
            set("limits.body", maximumBodySize.map { .int($0) })
            set("ingestion.chorusPro", noChorusPro ? .bool(false) : nil)
            set("ingestion.sellerMustBeDepositor", anySeller ? .bool(false) : nil)
            set("audit.checkpointMilliseconds", auditCheckpointMilliseconds.map { .int($0) })
            set("log.level", logLevel.map { .string($0) })
            set("portal.url", portalURL.map { .string($0) })
            set("portal.tokenUrl", portalTokenURL.map { .string($0) })
            set("delivery.workers", deliveryWorkers.map { .int($0) })
            set("portal.simulatorPort", portalSimulatorPort.map { .int($0) })
            set("portal.simulatorDatabase", portalSimulatorDatabase.map { .string($0) })
            set("portal.simulatorStatusSchedule", portalSimulatorStatusSchedule.map { .string($0) })
            return values
        }
    }
}

/// Typed reads that refuse a value of the wrong type instead of silently ignoring it.
struct SettingsReader {
    let reader: ConfigReader

    func string(_ key: String, isSecret: Bool = false) throws(HubConfigError) -> String? {
        if let value = reader.string(forKey: ConfigKey(key), isSecret: isSecret) { return value }
        if reader.int(forKey: ConfigKey(key)) != nil || reader.bool(forKey: ConfigKey(key)) != nil {
            throw .invalid(key, "a number or boolean", "a string")
        }
        return nil
    }

    func integer(_ key: String) throws(HubConfigError) -> Int? {
        if let value = reader.int(forKey: ConfigKey(key)) { return value }
        if let text = reader.string(forKey: ConfigKey(key)) { throw .invalid(key, text, "a whole number") }
        return nil
    }

    func boolean(_ key: String) throws(HubConfigError) -> Bool? {
        if let value = reader.bool(forKey: ConfigKey(key)) { return value }
        if let text = reader.string(forKey: ConfigKey(key)) { throw .invalid(key, text, "true or false") }
        return nil
    }
}

/// Why the settings could not be read.
public enum HubConfigError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The config file named does not exist.
    case missingFile(String)
    /// The config file cannot be read as JSON.
    case unreadableFile(String, String)
    /// A setting has a value it cannot take: the key, what it is, what it must be.
    case invalid(String, String, String)

    public var description: String {
        switch self {
        case .missingFile(let path): "the config file \(path) does not exist"
        case .unreadableFile(let path, let reason): "the config file \(path) cannot be read: \(reason)"
        case .invalid(let key, let value, let expected): "setting \(key) is \(value); it must be \(expected)"
        }
    }
}
