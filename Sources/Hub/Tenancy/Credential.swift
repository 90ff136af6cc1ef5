public import Foundation

/// A bearer credential, as stored: only the SHA-256 of the token, never the token.
public struct Credential: Sendable, Codable, Hashable, Identifiable {
    /// `cred_…`.
    public let id: String
    /// The organisation it acts for.
    public let organisationID: String
    /// What it may do.
    public let role: Role
    /// SHA-256 of the token, lowercase hex.
    public let tokenHash: String
    /// A note for people (`issued by hermine token issue`).
    public let label: String
    /// When it was issued.
    public let createdAt: Date
    /// When it was revoked; a revoked credential authenticates nobody.
    public let revokedAt: Date?

    /// Creates a credential record.
    public init(
        id: String, organisationID: String, role: Role, tokenHash: String, label: String, createdAt: Date,
        revokedAt: Date? = nil
    ) {
        self.id = id
        self.organisationID = organisationID
        self.role = role
        self.tokenHash = tokenHash
        self.label = label
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}

/// Bearer tokens: `hmn_` then 43 base64url characters (32 random bytes).
public enum BearerToken {
    /// Every token starts with this, so a leaked one is easy to recognise and scan for.
    public static let prefix = "hmn_"
    /// Tokens longer than this are refused without hashing.
    public static let maximumLength = 256

    /// A new random token.
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes = [UInt8](repeating: 0, count: 32)
        for index in bytes.indices { bytes[index] = generator.next() }
        let base64 = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return prefix + base64
    }

    /// The hash stored for a token: SHA-256 of its UTF-8 bytes (tokens carry 256 random bits, so a fast hash
    /// is enough; nothing is gained by a slow one).
    public static func hash(_ token: String) -> String { SHA256Hex.digest(token) }

    /// Whether a presented string is worth looking up at all.
    public static func isPlausible(_ token: String) -> Bool {
        token.hasPrefix(prefix) && token.utf8.count <= maximumLength
            && token.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }
    }
}

/// Who is calling: the organisation and the role of the credential presented.
public struct Principal: Sendable, Hashable {
    /// The caller's organisation.
    public let organisation: Organisation
    /// The credential's role.
    public let role: Role
    /// The credential used.
    public let credentialID: String

    /// Creates a principal.
    public init(organisation: Organisation, role: Role, credentialID: String) {
        self.organisation = organisation
        self.role = role
        self.credentialID = credentialID
    }

    /// Which invoices the caller may see.
    public var scope: TenantScope {
        switch role {
        case .supplier: .supplier(organisationID: organisation.id)
        case .buyer: .buyer(sirets: organisation.sirets)
        case .operator: .all
        }
    }

    /// How the caller is named in lifecycle events: `supplier:atelier-kerbrat`.
    public var actor: Actor { .organisation(role, organisation.id) }
}

/// Which invoices a caller may see.
public enum TenantScope: Sendable, Hashable {
    /// Those this supplier organisation deposited.
    case supplier(organisationID: String)
    /// Those addressed to one of these buyer SIRETs.
    case buyer(sirets: [String])
    /// All of them (operators, the command line).
    case all
}
