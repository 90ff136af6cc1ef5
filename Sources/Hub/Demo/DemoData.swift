public import Foundation
import InvoiceModel

/// The demo: the tenants and buyer directory of `fixtures/`, loaded into a store.
public enum DemoData {
    /// What a load wrote.
    public struct Loaded: Sendable {
        /// The organisations saved.
        public let organisations: [Organisation]
        /// The directory entries imported.
        public let directoryEntries: Int
        /// The demo tokens registered, by organisation id.
        public let tokens: [(organisationID: String, role: Role, token: String)]
    }

    /// `fixtures/` of the project (found as `formats/` and `mappings/` are: `$HERMINE_HOME`, beside the
    /// executable, the working directory).
    public static func fixturesFolder() throws -> URL {
        try Resources.root().appendingPathComponent("fixtures")
    }

    /// Whether the store already holds the demo (its first organisation), so `serve --demo` loads it once.
    public static func isLoaded(in store: any HubStore, fixtures folder: URL) async throws -> Bool {
        let tenants = try TenantsFile.read(folder.appendingPathComponent("tenants.json"))
        guard let first = tenants.organisations.first else { return true }
        return try await Tenancy(store: store).organisation(id: first.id) != nil
    }

    /// Loads `tenants.json` and `directory.csv` from `folder`: saves the organisations, imports the
    /// directory, and registers each demo token that is not registered yet. Running it again changes nothing.
    public static func load(into store: any HubStore, fixtures folder: URL) async throws -> Loaded {
        let tenants = try TenantsFile.read(folder.appendingPathComponent("tenants.json"))
        let entries = try await BuyerDirectory(store: store).importFile(folder.appendingPathComponent("directory.csv"))
        let tenancy = Tenancy(store: store)
        var tokens: [(String, Role, String)] = []
        for tenant in tenants.organisations {
            try await tenancy.save(tenant.organisation)
            guard let token = tenant.demoToken else { continue }
            if try await tenancy.authenticate(bearer: token) == nil {
                _ = try await tenancy.register(
                    token: token, organisationID: tenant.id, role: tenant.kind.role, label: "demo token (fixtures/tenants.json)")
            }
            tokens.append((tenant.id, tenant.kind.role, token))
        }
        return Loaded(
            organisations: tenants.organisations.map(\.organisation), directoryEntries: entries.count, tokens: tokens)
    }

    /// The demo's console users (`demoUser` of `tenants.json`), each added when its address has no account yet
    /// (`hermine serve --demo`); returns every demo user with its organisation and role.
    @discardableResult
    public static func loadUsers(into store: any HubStore, fixtures folder: URL, policy: SignInPolicy) async throws
        -> [(organisationID: String, role: Role, user: TenantsFile.DemoUser)]
    {
        let tenants = try TenantsFile.read(folder.appendingPathComponent("tenants.json"))
        let accounts = Accounts(store: store, policy: policy)
        var users: [(String, Role, TenantsFile.DemoUser)] = []
        for tenant in tenants.organisations {
            guard let user = tenant.demoUser else { continue }
            let address = User.normalisedEmail(user.email) ?? user.email
            if try await store.read({ tx in try tx.user(email: address) }) == nil {
                try await accounts.addUser(organisationID: tenant.id, role: tenant.kind.role, email: user.email, password: user.password)
            }
            users.append((tenant.id, tenant.kind.role, user))
        }
        return users
    }

    /// The demo buyers' channels (`channels.json` of `folder`: SIRET, kind, format, trigger), each added when its
    /// buyer has no channel of that kind yet (`hermine serve --demo`). Pull channels only: push and file-drop ones
    /// need an address or a folder of the operator's.
    public static func loadChannels(into store: any HubStore, fixtures folder: URL, at date: Date = Date()) async throws {
        let file = folder.appendingPathComponent("channels.json")
        struct File: Decodable {
            struct Entry: Decodable {
                let siret: String
                let kind: BuyerChannel.Kind
                let format: DeliveryFormat
                let trigger: BuyerChannel.Trigger
            }
            let channels: [Entry]
        }
        guard FileManager.default.fileExists(atPath: file.path) else { return }
        let entries: [File.Entry]
        do { entries = try JSONDecoder().decode(File.self, from: Data(contentsOf: file)).channels } catch {
            throw HubError.unreadableFile(path: file.path, reason: "\(error)")
        }
        for entry in entries where entry.kind != .pull {
            throw HubError.unreadableFile(path: file.path, reason: "demo channels are pull channels (\(entry.siret) is \(entry.kind.rawValue))")
        }
        try await store.write { tx in
            for entry in entries where try !tx.channels(buyerSIRETs: [entry.siret]).contains(where: { $0.kind == entry.kind }) {
                try tx.insert(
                    BuyerChannel(
                        id: ChannelID.make(at: date), buyerSIRET: entry.siret, serviceCode: nil, kind: entry.kind, format: entry.format,
                        trigger: entry.trigger, url: nil, folder: nil, secret: ChannelSignature.newSecret(), createdAt: date))
            }
        }
    }
}
