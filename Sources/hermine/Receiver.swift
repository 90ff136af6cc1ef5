import ArgumentParser
import Foundation
import PortalSimulator

/// `hermine receiver`: a push and webhook receiver for integration tests and benchmarks.
struct Receiver: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Receive the hub's pushes and webhooks: record each, check signatures, fail some on purpose.",
        discussion: """
            Records every POST as one JSON line (--log): its delivery id, invoice, event, signature and body. \
            With --secret, a request signed with none of the secrets is answered 401. SIGTERM or SIGINT stops it.
            """)

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on; 0 lets the system choose.") var port = 8090
    @Option(help: "File to append one JSON line per request to.") var log: String?
    @Flag(name: .customLong("no-bodies"), help: "Do not record bodies (benchmarks).") var noBodies = false
    @Option(name: .customLong("fail-rate"), help: "Share of requests answered 500 (0…1).") var failRate = 0.0
    @Option(name: .customLong("secret"), help: "A secret signatures are checked against (repeat for several).") var secrets: [String] = []

    func validate() throws {
        guard (0...1).contains(failRate) else { throw ValidationError("--fail-rate is a share from 0 to 1") }
        guard (0...65_535).contains(port) else { throw ValidationError("--port is 0…65535") }
    }

    func run() async throws {
        var configuration = WebhookReceiver.Configuration()
        configuration.host = host
        configuration.port = port
        configuration.log = log
        configuration.recordBodies = !noBodies
        configuration.failRate = failRate
        configuration.secrets = secrets
        try await WebhookReceiver(configuration: configuration).runAnnouncing()
    }
}
