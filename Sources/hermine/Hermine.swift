import ArgumentParser

@main
struct Hermine: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hermine",
        abstract: "Hermine, the e-invoicing hub: validate, convert and route EN 16931 invoices.",
        subcommands: [Validate.self, Convert.self])
}
