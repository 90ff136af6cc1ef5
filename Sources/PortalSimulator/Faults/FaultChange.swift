/// The body of `POST /simulator/faults`: the settings to change (those absent stay), and two actions.
///
/// ```json
/// {"failRate": 0.2, "latencyMs": 2000, "latencyRate": 0.1, "dropAfterCommitRate": 0.1}
/// {"outageSeconds": 30}        // every call of the API refused (503) for the next 30 s; 0 ends an outage
/// {"expireTokens": true}       // every token issued so far expires now
/// ```
///
/// An unknown key is refused, so that a misspelt fault is not silently ignored.
public struct FaultChange: Sendable, Hashable, Decodable {
    /// A new `FaultSettings.failRate`.
    public var failRate: Double?
    /// A new `FaultSettings.latencyMs`.
    public var latencyMs: Int?
    /// A new `FaultSettings.latencyRate`.
    public var latencyRate: Double?
    /// A new `FaultSettings.dropAfterCommitRate`.
    public var dropAfterCommitRate: Double?
    /// Starts an outage of this many seconds from now (0 ends the current one).
    public var outageSeconds: Double?
    /// True: every token issued so far expires now.
    public var expireTokens: Bool?

    /// Creates a change.
    public init(
        failRate: Double? = nil, latencyMs: Int? = nil, latencyRate: Double? = nil, dropAfterCommitRate: Double? = nil,
        outageSeconds: Double? = nil, expireTokens: Bool? = nil
    ) {
        self.failRate = failRate
        self.latencyMs = latencyMs
        self.latencyRate = latencyRate
        self.dropAfterCommitRate = dropAfterCommitRate
        self.outageSeconds = outageSeconds
        self.expireTokens = expireTokens
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case failRate, latencyMs, latencyRate, dropAfterCommitRate, outageSeconds, expireTokens
    }

    /// A key of the body that is not one of `CodingKeys`.
    private struct AnyKey: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        let known = Set(CodingKeys.allCases.map(\.stringValue))
        if let unknown = try decoder.container(keyedBy: AnyKey.self).allKeys.first(where: { !known.contains($0.stringValue) }) {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: [unknown],
                    debugDescription: "unknown fault \"\(unknown.stringValue)\"; known: \(known.sorted().joined(separator: ", "))"))
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        failRate = try container.decodeIfPresent(Double.self, forKey: .failRate)
        latencyMs = try container.decodeIfPresent(Int.self, forKey: .latencyMs)
        latencyRate = try container.decodeIfPresent(Double.self, forKey: .latencyRate)
        dropAfterCommitRate = try container.decodeIfPresent(Double.self, forKey: .dropAfterCommitRate)
        outageSeconds = try container.decodeIfPresent(Double.self, forKey: .outageSeconds)
        expireTokens = try container.decodeIfPresent(Bool.self, forKey: .expireTokens)
    }

    /// `settings` with this change's values.
    func applied(to settings: FaultSettings) -> FaultSettings {
        var changed = settings
        if let failRate { changed.failRate = failRate }
        if let latencyMs { changed.latencyMs = latencyMs }
        if let latencyRate { changed.latencyRate = latencyRate }
        if let dropAfterCommitRate { changed.dropAfterCommitRate = dropAfterCommitRate }
        return changed
    }
}
