public import Foundation
public import Hub
public import HubMail
public import PortalSimulator

/// Where the national portal is and how to sign in to it.
public struct PortalSettings: Sendable, Equatable, CustomStringConvertible {
    /// The API's base (`https://api.piste.gouv.fr`; the simulator's address).
    public var url: URL
    /// The OAuth2 token endpoint (`https://oauth.piste.gouv.fr/api/oauth/token`).
    public var tokenURL: URL
    /// The PISTE application's client id.
    public var clientID: String
    /// Its secret (never shown).
    public var clientSecret: String
    /// The Chorus Pro technical account, `login:password` (never shown).
    public var account: String
    /// How long a call may take.
    public var timeout: Duration

    /// The simulator's demo credentials (`hermine portal-sim` accepts them by default).
    public static let demoClientID = "hermine-demo"
    public static let demoClientSecret = "hermine-demo-secret"
    public static let demoAccount = "hermine-demo:hermine-demo-password"

    /// The address and client id; secrets hidden.
    public var description: String { "\(url.absoluteString) (client \(clientID))" }

    /// The technical account's login and password.
    public var login: (String, String) {
        let parts = account.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
    }
}

/// How the delivery workers and the status sync work.
public struct DeliverySettings: Sendable, Equatable {
    /// Deliveries sent at once, per node; 0: this node sends none (an API-only node, or a backlog kept for a
    /// benchmark).
    public var workers = 64
    /// When to try again and when to give up.
    public var retry = RetryPolicy.standard
    /// The first wait before asking the portal again about an invoice that just changed.
    public var syncFirstInterval = Duration.seconds(1)
    /// The longest wait between two questions about a quiet invoice.
    public var syncMaximumInterval = Duration.seconds(600)
    /// Invoices the status sync asks the portal about at once, per node.
    public var syncWorkers = 16
    /// Buyer channel deliveries (push, file drop) sent at once, per node; 0: none.
    public var channelWorkers = 32
    /// The hosts pushes may go to and the folders file drops may write into.
    public var channelPolicy = ChannelPolicy()
    /// How long a push may take, answer included.
    public var channelTimeout = Duration.seconds(30)
    /// The SMTP server alert mails go out through; none: alerts wait in the outbox.
    public var mail: SMTPSettings?
    /// How long an alert waits for others of its organisation to join it in a digest.
    public var mailDigestWindow = Duration.seconds(30)

    /// The defaults.
    public init() {}
}

extension HubConfig {
    mutating func readPortal(_ values: SettingsReader) throws(HubConfigError) {
        if let port = try values.integer("portal.simulatorPort") {
            guard (0...65_535).contains(port) else { throw .invalid("portal.simulatorPort", String(port), "a port 0…65535") }
            demoPortalPort = port
        }
        if let path = try values.string("portal.simulatorDatabase") {
            guard !path.isEmpty else { throw .invalid("portal.simulatorDatabase", path, "a file path") }
            demoPortalDatabase = path
        }
        if let text = try values.string("portal.simulatorStatusSchedule") {
            do { demoPortalStatusSchedule = try StatusSchedule.parse(text) } catch {
                throw .invalid("portal.simulatorStatusSchedule", text, "seconds per automatic step: one number, or four separated by commas")
            }
        }
        guard let text = try values.string("portal.url") else { return }
        guard let url = URL(string: text), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
            throw .invalid("portal.url", text, "an http or https URL")
        }
        var tokenURL = url.appendingPathComponent("api/oauth/token")
        if let token = try values.string("portal.tokenUrl") {
            guard let parsed = URL(string: token), ["http", "https"].contains(parsed.scheme ?? ""), parsed.host != nil else {
                throw .invalid("portal.tokenUrl", token, "an http or https URL")
            }
            tokenURL = parsed
        }
        let account = try values.string("portal.account", isSecret: true) ?? PortalSettings.demoAccount
        guard account.contains(":") else { throw .invalid("portal.account", "a value without a colon", "login:password") }
        var timeout = Duration.seconds(30)
        if let seconds = try values.integer("portal.timeoutSeconds") {
            guard seconds > 0 else { throw .invalid("portal.timeoutSeconds", String(seconds), "a positive number of seconds") }
            timeout = .seconds(seconds)
        }
        portal = PortalSettings(
            url: url, tokenURL: tokenURL, clientID: try values.string("portal.clientId") ?? PortalSettings.demoClientID,
            clientSecret: try values.string("portal.clientSecret", isSecret: true) ?? PortalSettings.demoClientSecret,
            account: account, timeout: timeout)
    }

    mutating func readDelivery(_ values: SettingsReader) throws(HubConfigError) {
        func positive(_ key: String) throws(HubConfigError) -> Int? {
            guard let value = try values.integer(key) else { return nil }
            guard value > 0 else { throw .invalid(key, String(value), "a positive whole number") }
            return value
        }
        if let workers = try values.integer("delivery.workers") {
            guard (0...1024).contains(workers) else { throw .invalid("delivery.workers", String(workers), "a number 0…1024") }
            delivery.workers = workers
        }
        if let attempts = try positive("delivery.maxAttempts") { delivery.retry.maximumAttempts = attempts }
        if let seconds = try positive("delivery.maxAgeSeconds") { delivery.retry.maximumAge = .seconds(seconds) }
        if let milliseconds = try positive("delivery.baseDelayMilliseconds") { delivery.retry.baseDelay = .milliseconds(milliseconds) }
        if let milliseconds = try positive("delivery.maxDelayMilliseconds") { delivery.retry.maximumDelay = .milliseconds(milliseconds) }
        if let milliseconds = try positive("delivery.settleMilliseconds") { delivery.retry.settleDelay = .milliseconds(milliseconds) }
        if let seconds = try values.integer("delivery.settleWindowSeconds") {
            guard seconds >= 0 else { throw .invalid("delivery.settleWindowSeconds", String(seconds), "a whole number of seconds, 0 or more") }
            delivery.retry.settleWindow = .seconds(seconds)
        }
        if let milliseconds = try positive("sync.firstIntervalMilliseconds") { delivery.syncFirstInterval = .milliseconds(milliseconds) }
        if let seconds = try positive("sync.maxIntervalSeconds") { delivery.syncMaximumInterval = .seconds(seconds) }
        if let workers = try positive("sync.workers") {
            guard workers <= 1024 else { throw .invalid("sync.workers", String(workers), "a number 1…1024") }
            delivery.syncWorkers = workers
        }
        if let workers = try values.integer("channels.workers") {
            guard (0...1024).contains(workers) else { throw .invalid("channels.workers", String(workers), "a number 0…1024") }
            delivery.channelWorkers = workers
        }
        if let seconds = try positive("channels.timeoutSeconds") { delivery.channelTimeout = .seconds(seconds) }
        if let hosts = try values.string("channels.allowedHosts") {
            delivery.channelPolicy.allowedHosts = Self.list(hosts)
        }
        if let folders = try values.string("channels.dropFolders") {
            let list = Self.list(folders)
            for folder in list where !folder.hasPrefix("/") {
                throw .invalid("channels.dropFolders", folder, "absolute folder paths, comma-separated")
            }
            delivery.channelPolicy.dropFolders = list
        }
    }

    mutating func readMail(_ values: SettingsReader) throws(HubConfigError) {
        if let seconds = try values.integer("mail.digestSeconds") {
            guard (0...3600).contains(seconds) else { throw .invalid("mail.digestSeconds", String(seconds), "a number of seconds 0…3600") }
            delivery.mailDigestWindow = .seconds(seconds)
        }
        guard let text = try values.string("mail.url") else { return }
        guard let url = URL(string: text), ["smtp", "smtps"].contains(url.scheme ?? ""), url.host != nil else {
            throw .invalid("mail.url", text, "smtp://host:port (STARTTLS) or smtps://host:port")
        }
        guard let from = try values.string("mail.from"), AlertSettings.isAddress(from) else {
            throw .invalid("mail.from", "missing or not an address", "the sender's e-mail address")
        }
        var settings = SMTPSettings(url: url, from: from)
        settings.username = try values.string("mail.username")
        settings.password = try values.string("mail.password", isSecret: true)
        if let required = try values.boolean("mail.requireTls") { settings.requireTLS = required }
        if let file = try values.string("mail.caFile") {
            guard FileManager.default.isReadableFile(atPath: file) else { throw .invalid("mail.caFile", file, "a readable file of certificates") }
            settings.caFile = file
        }
        if let seconds = try values.integer("mail.timeoutSeconds") {
            guard seconds > 0 else { throw .invalid("mail.timeoutSeconds", String(seconds), "a positive number of seconds") }
            settings.timeout = .seconds(seconds)
        }
        delivery.mail = settings
    }

    /// A comma-separated list, items trimmed, empty ones dropped.
    static func list(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
