/// Who caused a lifecycle event: a caller acting for an organisation, the hub itself, or the portal.
public enum Actor: Sendable, Hashable, Codable, CustomStringConvertible {
    /// A caller with a role, for an organisation (`supplier:atelier-kerbrat`).
    case organisation(Role, String)
    /// The hub, on its own (routing, sealing, operators' automation).
    case hub
    /// The national portal (statuses brought back by the status sync).
    case portal

    /// How it is written in events and hashed: `supplier:atelier-kerbrat`, `hub`, `portal`.
    public var description: String {
        switch self {
        case .organisation(let role, let id): "\(role.rawValue):\(id)"
        case .hub: "hub"
        case .portal: "portal"
        }
    }

    /// Reads the written form back.
    public init?(_ text: String) {
        switch text {
        case "hub": self = .hub
        case "portal": self = .portal
        default:
            guard let colon = text.firstIndex(of: ":"), let role = Role(rawValue: String(text[..<colon])) else { return nil }
            let organisation = String(text[text.index(after: colon)...])
            guard !organisation.isEmpty else { return nil }
            self = .organisation(role, organisation)
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let actor = Actor(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an actor: \(text)")
        }
        self = actor
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
