import ArgumentParser
import Foundation
import Hub
import HubServer
import HubSQLite

/// The `--database` option of the commands that open the hub's store.
struct StoreOptions: ParsableArguments {
    @Option(help: "The hub's store: a SQLite file, or postgres://user:password@host:5432/database.")
    var database = SQLiteConfiguration.defaultPath

    /// Opens the store and runs `body` with it, its services running meanwhile.
    func withStore<T: Sendable>(_ body: @Sendable (any HubStore) async throws -> T) async throws -> T {
        try await StoreLocation(database).withStore(body)
    }

    /// The store's location for messages (the password of a URL hidden).
    var shown: String { (try? StoreLocation(database).description) ?? database }
}

/// `hermine directory import FILE.csv`
struct Directory: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage the buyer directory (public structures and their services).",
        subcommands: [DirectoryImportCommand.self])
}

struct DirectoryImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a directory file (CSV, Chorus Pro's shape): all of it in one transaction, or nothing.",
        discussion: "Exit status: 0 when imported, 1 when the file has bad lines (each is listed; nothing is imported).")

    @Argument(help: "The CSV file (see docs/hub-storage.md for its columns).")
    var file: String

    @Flag(help: "Remove the structures the file does not list.")
    var replace = false

    @OptionGroup var store: StoreOptions

    func run() async throws {
        do {
            let (file, replace) = (file, replace)
            let entries = try await store.withStore { hub in
                try await BuyerDirectory(store: hub).importFile(URL(fileURLWithPath: file), replacingAll: replace)
            }
            let services = entries.reduce(0) { $0 + $1.services.count }
            print("imported \(entries.count) structures and \(services) services into \(store.shown)")
        } catch let error as HubError {
            FileHandle.standardError.write(Data("\(file): \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}

/// `hermine tenants import FILE.json`
struct Tenants: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage organisations (suppliers, public buyers, operators).",
        subcommands: [TenantsImport.self])
}

struct TenantsImport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Create or update the organisations of a tenants file (fixtures/tenants.json's format).",
        discussion: "Demo tokens in the file are ignored; issue tokens with `hermine token issue`.")

    @Argument(help: "The tenants JSON file.")
    var file: String

    @OptionGroup var store: StoreOptions

    func run() async throws {
        let tenants = try TenantsFile.read(URL(fileURLWithPath: file))
        try await store.withStore { hub in
            for tenant in tenants.organisations { try await Tenancy(store: hub).save(tenant.organisation) }
        }
        print("saved \(tenants.organisations.count) organisations into \(store.shown)")
    }
}

/// `hermine token issue --org ID --role ROLE`
struct Token: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage bearer tokens.", subcommands: [TokenIssue.self])
}

struct TokenIssue: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "issue",
        abstract: "Issue a bearer token for an organisation and print it (only its SHA-256 is stored).")

    @Option(name: .customLong("org"), help: "The organisation's id.")
    var organisation: String

    @Option(name: .customLong("role"), help: "supplier, buyer or operator (must fit the organisation's kind).")
    var roleName: String

    @Option(help: "A note kept with the credential.")
    var label = "issued by hermine token issue"

    @OptionGroup var store: StoreOptions

    func validate() throws {
        guard Role(rawValue: roleName) != nil else {
            throw ValidationError("--role must be supplier, buyer or operator, not \(roleName)")
        }
    }

    func run() async throws {
        guard let role = Role(rawValue: roleName) else { throw ValidationError("unknown role \(roleName)") }
        let (organisation, label) = (organisation, label)
        let issued = try await store.withStore { hub in
            try await Tenancy(store: hub).issueToken(organisationID: organisation, role: role, label: label)
        }
        // The token alone on standard output, so that scripts can capture it; it is not shown again.
        print(issued.token)
        FileHandle.standardError.write(
            Data("credential \(issued.credential.id) for \(organisation) as \(role.rawValue); keep the token, it is not stored\n".utf8))
    }
}

/// `hermine audit verify`
struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the lifecycle log.", subcommands: [AuditVerify.self])
}

struct AuditVerify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recompute every invoice's event chain and the checkpoints sealing them, and name every break.",
        discussion: "Exit status: 0 when the log holds, 1 when it is broken.")

    @OptionGroup var store: StoreOptions

    func run() async throws {
        let report = try await store.withStore { hub in try await AuditLog(store: hub).verify() }
        print(report)
        if !report.passed { throw ExitCode(1) }
    }
}

/// `hermine demo-load`
struct DemoLoad: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo-load",
        abstract: "Load the demo tenants, their well-known tokens and console users, and the buyer directory from fixtures/.")

    @Option(help: "The fixtures folder (default: the project's fixtures/).")
    var fixtures: String?

    @OptionGroup var store: StoreOptions

    func run() async throws {
        let folder = try fixtures.map { URL(fileURLWithPath: $0) } ?? DemoData.fixturesFolder()
        let (loaded, users) = try await store.withStore { hub in
            (try await DemoData.load(into: hub, fixtures: folder), try await DemoData.loadUsers(into: hub, fixtures: folder, policy: SignInPolicy()))
        }
        print(
            "loaded \(loaded.organisations.count) organisations and \(loaded.directoryEntries) directory structures into \(store.shown)")
        for (organisation, role, token) in loaded.tokens {
            print("  \(organisation) (\(role.rawValue)): \(token)")
        }
        for (organisation, role, user) in users {
            print("  console user for \(organisation) (\(role.rawValue)): \(user.email) / \(user.password)")
        }
    }
}
