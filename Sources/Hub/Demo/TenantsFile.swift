public import Foundation

/// The tenants file (`fixtures/tenants.json`): organisations with their identifiers and, for the demo
/// only, a well-known bearer token each.
public struct TenantsFile: Sendable, Codable, Hashable {
    /// One organisation of the file.
    public struct Tenant: Sendable, Codable, Hashable {
        /// The organisation's id.
        public let id: String
        /// Supplier, buyer or operator.
        public let kind: OrganisationKind
        /// Its name.
        public let name: String
        /// Identifiers it owns.
        public let identifiers: [OrganisationIdentifier]
        /// A fixed token for the demo (so the README can show working requests); never in production.
        public let demoToken: String?
        /// A console user for the demo, with a well-known password (printed by `serve --demo`); never in production.
        public let demoUser: DemoUser?

        /// The organisation.
        public var organisation: Organisation {
            Organisation(id: id, kind: kind, name: name, identifiers: identifiers)
        }
    }

    /// A demo sign-in: address and password.
    public struct DemoUser: Sendable, Codable, Hashable {
        /// The sign-in address.
        public let email: String
        /// The password, in clear: the demo's only.
        public let password: String
    }

    /// The organisations.
    public let organisations: [Tenant]

    /// Reads a tenants file.
    /// - Throws: `HubError.unreadableFile` when it cannot be read or decoded, `HubError.invalidOrganisation`.
    public static func read(_ file: URL) throws(HubError) -> TenantsFile {
        let parsed: TenantsFile
        do {
            parsed = try JSONDecoder().decode(TenantsFile.self, from: Data(contentsOf: file))
        } catch {
            throw .unreadableFile(path: file.path, reason: "\(error)")
        }
        for tenant in parsed.organisations {
            if let problem = tenant.organisation.problem() { throw .invalidOrganisation(id: tenant.id, reason: problem) }
        }
        return parsed
    }
}
