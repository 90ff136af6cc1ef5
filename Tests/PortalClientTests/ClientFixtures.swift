import Foundation
import Hub
import InvoiceIntake
import InvoiceModel
import PortalClient
import PortalTestSupport

/// Clients for the tests, and what they deposit.
enum ClientFixtures {
    /// The client of the simulator at `url`, with the project's syntax table and test timeouts.
    static func configuration(_ url: URL) throws -> ChorusProConfiguration {
        var configuration = ChorusProConfiguration.simulator(url: url, syntaxes: try FlowSyntaxTable.load())
        configuration.connectTimeout = .seconds(2)
        configuration.requestTimeout = .seconds(10)
        return configuration
    }

    /// Runs `body` with a client, shut down afterwards whatever happens.
    static func with(_ configuration: ChorusProConfiguration, _ body: (ChorusProClient) async throws -> Void) async throws {
        let client = try ChorusProClient(configuration: configuration)
        do {
            try await body(client)
        } catch {
            try await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }

    /// A deposit of Atelier Kerbrat's valid UBL invoice, under `number`.
    static func kerbrat(_ number: String = "FA-2026-0142") throws -> PortalDeposit {
        PortalDeposit(
            invoiceID: InvoiceID.make(), document: try PortalFixtures.kerbratInvoice(number: number), fileName: "\(number).xml",
            syntax: .ubl, container: .xml)
    }

    /// The error a call throws, nil when it succeeds.
    static func error<T>(_ call: () async throws(PortalError) -> T) async -> PortalError? {
        do {
            _ = try await call()
            return nil
        } catch {
            return error
        }
    }
}

extension PortalError {
    /// The reason, whatever the case.
    var reason: String {
        switch self {
        case .notSent(let reason), .refused(let reason), .outcomeUnknown(let reason), .unavailable(let reason, _): reason
        }
    }

    /// The retry delay of `unavailable`.
    var retryAfter: Duration? {
        if case .unavailable(_, let retryAfter) = self { return retryAfter }
        return nil
    }
}
