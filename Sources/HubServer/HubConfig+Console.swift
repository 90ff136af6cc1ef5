public import Hub

/// The web console's settings: how people sign in.
public struct ConsoleSettings: Sendable, Equatable {
    /// Password hashing, lock-out and session lifetime.
    public var signIn = SignInPolicy()
    /// Whether session cookies carry `Secure` (set it when the hub is reached over TLS, behind a proxy).
    public var secureCookies = false

    /// The defaults.
    public init() {}
}

extension HubConfig {
    mutating func readConsole(_ values: SettingsReader) throws(HubConfigError) {
        if let cost = try values.integer("console.bcryptCost") {
            guard (4...16).contains(cost) else { throw .invalid("console.bcryptCost", String(cost), "a bcrypt cost 4…16") }
            console.signIn.bcryptCost = UInt8(cost)
        }
        if let count = try values.integer("console.maxFailures") {
            guard (1...100).contains(count) else { throw .invalid("console.maxFailures", String(count), "a number 1…100") }
            console.signIn.maximumFailures = count
        }
        if let seconds = try values.integer("console.lockSeconds") {
            guard seconds > 0 else { throw .invalid("console.lockSeconds", String(seconds), "a positive number of seconds") }
            console.signIn.lockDuration = .seconds(seconds)
        }
        if let minutes = try values.integer("console.sessionMinutes") {
            guard (1...43_200).contains(minutes) else { throw .invalid("console.sessionMinutes", String(minutes), "a number of minutes 1…43200") }
            console.signIn.sessionLifetime = .seconds(minutes * 60)
        }
        if let secure = try values.boolean("console.secureCookies") { console.secureCookies = secure }
    }
}
