import ArgumentParser
import Foundation
import InvoiceIntake
import PortalClient

/// `hermine bench portal FILE`
struct BenchPortal: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "portal",
        abstract: "Deposits per second through the portal client into a running portal (hermine portal-sim by default).",
        discussion: """
            Deposits FILE --count times, --concurrency calls at once, with the simulator's demo credentials, and \
            prints deposits per second and latency. The portal records every copy (as duplicates).
            """)

    @Option(help: "The portal's base URL.") var url = "http://127.0.0.1:8081"
    @Option(help: "How many deposits.") var count = 20_000
    @Option(help: "How many calls in flight at once.") var concurrency = 16
    @Argument(help: "The invoice to deposit (UBL, CII or a Factur-X PDF).") var file: String

    func run() async throws {
        guard let base = URL(string: url) else { throw ValidationError("\(url) is not a URL") }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
        let deposit = try DepositLoad.deposit(of: bytes, named: URL(fileURLWithPath: file).lastPathComponent, intake: try Intake())
        var configuration = ChorusProConfiguration.simulator(url: base, syntaxes: try FlowSyntaxTable.load())
        configuration.maximumConnections = concurrency
        let client = try ChorusProClient(configuration: configuration)
        let report = await DepositLoad(count: count, concurrency: concurrency).run(deposit, through: client)
        try await client.shutdown()
        print(report)
    }
}
