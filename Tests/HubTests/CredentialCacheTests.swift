import Foundation
import HubTestSupport
import Testing

@testable import Hub

@Suite("Credential cache")
struct CredentialCacheTests {
    static let principal = Principal(organisation: HubFixtures.kerbrat, role: .supplier, credentialID: "cred_1")

    @Test("a principal is remembered for its lifetime, then forgotten")
    func expiry() async throws {
        let cache = CredentialCache(lifetime: .milliseconds(100))
        #expect(cache.principal(tokenHash: "h1") == nil)
        cache.keep(Self.principal, tokenHash: "h1")
        #expect(cache.principal(tokenHash: "h1") == Self.principal)
        #expect(cache.principal(tokenHash: "h2") == nil)
        try await Task.sleep(for: .milliseconds(150))
        #expect(cache.principal(tokenHash: "h1") == nil)
    }

    @Test("a full cache starts over rather than growing")
    func capacity() {
        let cache = CredentialCache(lifetime: .seconds(60), capacity: 3)
        for index in 0..<3 { cache.keep(Self.principal, tokenHash: "h\(index)") }
        #expect(cache.principal(tokenHash: "h2") == Self.principal)
        cache.keep(Self.principal, tokenHash: "h3")
        #expect(cache.principal(tokenHash: "h0") == nil)
        #expect(cache.principal(tokenHash: "h3") == Self.principal)
    }

    @Test("with no lifetime, every authentication reads the store")
    func noLifetime() {
        let cache = CredentialCache(lifetime: .zero)
        cache.keep(Self.principal, tokenHash: "h1")
        #expect(cache.principal(tokenHash: "h1") == nil)
    }
}
