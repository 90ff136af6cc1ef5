import ArgumentParser
import Foundation
import Hub

/// `hermine user add --org ID --role ROLE --email ADDRESS`
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage the web console's users.", subcommands: [UserAdd.self])
}

struct UserAdd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a person who signs in to the web console, and print their password (only its bcrypt hash is stored).",
        discussion: "Without --password-stdin a password is generated. Exit status 1 when the user cannot be added (the reason is printed).")

    @Option(name: .customLong("org"), help: "The organisation's id.")
    var organisation: String

    @Option(name: .customLong("role"), help: "supplier, buyer or operator (must fit the organisation's kind).")
    var roleName: String

    @Option(help: "The sign-in address.")
    var email: String

    @Flag(help: "Read the password from standard input (one line) instead of generating one.")
    var passwordStdin = false

    @Option(help: "bcrypt's cost (the hub's console.bcryptCost).")
    var bcryptCost: UInt8 = SignInPolicy().bcryptCost

    @OptionGroup var store: StoreOptions

    func validate() throws {
        guard Role(rawValue: roleName) != nil else { throw ValidationError("--role must be supplier, buyer or operator, not \(roleName)") }
        guard (4...16).contains(bcryptCost) else { throw ValidationError("--bcrypt-cost must be 4…16") }
    }

    func run() async throws {
        guard let role = Role(rawValue: roleName) else { throw ValidationError("unknown role \(roleName)") }
        let password: String
        if passwordStdin {
            guard let line = readLine(strippingNewline: true), !line.isEmpty else { throw ValidationError("no password on standard input") }
            password = line
        } else {
            password = Accounts.generatePassword()
        }
        let (organisation, email, cost) = (organisation, email, bcryptCost)
        do {
            let user = try await store.withStore { hub in
                try await Accounts(store: hub, policy: SignInPolicy(bcryptCost: cost))
                    .addUser(organisationID: organisation, role: role, email: email, password: password)
            }
            FileHandle.standardError.write(Data("user \(user.id) \(user.email) for \(organisation) as \(role.rawValue)\n".utf8))
            // The generated password alone on standard output, so that scripts can capture it; it is not shown again.
            if !passwordStdin { print(password) }
        } catch let error as HubError {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
