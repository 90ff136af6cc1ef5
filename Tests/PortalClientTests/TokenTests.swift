import Foundation
import Hub
import PortalClient
import PortalSimulator
import PortalTestSupport
import Testing

/// The access token: kept, renewed before it expires, fetched again once after a 401.
@Suite("Portal client: tokens")
struct TokenTests {
    @Test("a token is kept between calls, and fetched again after the portal expired it (one 401, then success)")
    func afterExpiry() async throws {
        try await RunningSimulator.with { running in
            try await ClientFixtures.with(try ClientFixtures.configuration(running.url)) { client in
                _ = try await client.findInvoices(PortalInvoiceQuery())
                _ = try await client.findInvoices(PortalInvoiceQuery())
                #expect(running.simulator.tokensIssued == 1)
                try running.simulator.applyFaults(FaultChange(expireTokens: true))
                _ = try await client.findInvoices(PortalInvoiceQuery())
                #expect(running.simulator.tokensIssued == 2)
                _ = try await client.findInvoices(PortalInvoiceQuery())
                #expect(running.simulator.tokensIssued == 2)
            }
        }
    }

    @Test("a token is renewed before it expires: at three quarters of its lifetime, while still valid")
    func beforeExpiry() async throws {
        // Timed from when the first call returned (after the token was fetched), so a slow machine only delays
        // the test: the renewal is due 4.5 s after the fetch started, the token expires 6 s after it was issued.
        var configuration = RunningSimulator.configuration()
        configuration.tokenLifetime = .seconds(6)
        try await RunningSimulator.with(configuration) { running in
            try await ClientFixtures.with(try ClientFixtures.configuration(running.url)) { client in
                _ = try await client.findInvoices(PortalInvoiceQuery())
                let fetched = ContinuousClock.now
                _ = try await client.findInvoices(PortalInvoiceQuery())
                #expect(running.simulator.tokensIssued == 1)
                // At 4.6 s the first token is still valid for over a second: a lazy client would use it; this one renews.
                try await Task.sleep(until: fetched + .milliseconds(4600), clock: .continuous)
                _ = try await client.findInvoices(PortalInvoiceQuery())
                #expect(running.simulator.tokensIssued == 2)
            }
        }
    }

    @Test("concurrent calls share one token fetch")
    func sharedFetch() async throws {
        try await RunningSimulator.with { running in
            try await ClientFixtures.with(try ClientFixtures.configuration(running.url)) { client in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for _ in 0..<8 { group.addTask { _ = try await client.findInvoices(PortalInvoiceQuery()) } }
                    try await group.waitForAll()
                }
                #expect(running.simulator.tokensIssued == 1)
            }
        }
    }

    @Test("wrong client credentials are refused for good, the secret nowhere in the error")
    func wrongSecret() async throws {
        let kerbrat = try ClientFixtures.kerbrat()
        try await RunningSimulator.with { running in
            var configuration = try ClientFixtures.configuration(running.url)
            configuration.clientSecret = "not-the-secret-42"
            try await ClientFixtures.with(configuration) { client in
                let error = await ClientFixtures.error { () async throws(PortalError) in try await client.deposit(kerbrat) }
                #expect(error?.code == "refused")
                #expect(error?.reason.contains("invalid_client") == true)
                #expect(error.map { !"\($0)".contains("not-the-secret-42") } == true)
                let stats = try await running.simulator.stats()
                #expect(stats.flows == 0)
            }
        }
    }

    @Test("a wrong technical account (403) is refused; the password shows in no description")
    func wrongAccount() async throws {
        try await RunningSimulator.with { running in
            var configuration = try ClientFixtures.configuration(running.url)
            configuration.password = "wrong-password-42"
            #expect(!configuration.description.contains("wrong-password-42"))
            #expect(!configuration.description.contains(configuration.clientSecret))
            try await ClientFixtures.with(configuration) { client in
                let error = await ClientFixtures.error { () async throws(PortalError) in
                    try await client.flowReport("CPP0000000000000000000001")
                }
                #expect(error?.code == "refused")
                #expect(error?.reason.contains("HTTP 403") == true)
                #expect(error.map { !"\($0)".contains("wrong-password-42") } == true)
                #expect(running.simulator.tokensIssued == 1)
            }
        }
    }
}
