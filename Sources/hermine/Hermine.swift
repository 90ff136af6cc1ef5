import ArgumentParser
import Foundation

@main
struct Hermine: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hermine",
        abstract: "Hermine, the e-invoicing hub: validate, convert and route EN 16931 invoices.",
        subcommands: [
            Validate.self, Convert.self, Extract.self, Bench.self, Directory.self, Tenants.self, Token.self, UserCommand.self, Audit.self,
            DemoLoad.self, Serve.self, PortalSim.self, Receiver.self,
        ])

    /// Runs the command; usage errors exit with status 2 (not ArgumentParser's 64), as the CLI promises.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
