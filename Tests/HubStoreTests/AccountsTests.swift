import Foundation
import Hub
import HubTestSupport
import Testing

/// The console's users and sessions, on every store.
@Suite("Console accounts")
struct AccountsTests {
    /// A cheap bcrypt cost and a short lock, so that tests run fast.
    static let policy = SignInPolicy(bcryptCost: 4, maximumFailures: 3, lockDuration: .seconds(60), sessionLifetime: .seconds(3600))

    @Test("a user signs in with the right password and gets a session that names their organisation and role", arguments: StoreKind.available)
    func signIn(_ kind: StoreKind) async throws {
        let harness = try await HubFixtures.demoStore(kind)
        let accounts = Accounts(store: harness.store, policy: Self.policy)
        let user = try await accounts.addUser(
            organisationID: "atelier-kerbrat", role: .supplier, email: " Anne@Atelier-Kerbrat.example ", password: "a long password 1")
        #expect(user.email == "anne@atelier-kerbrat.example")
        #expect(user.passwordHash.hasPrefix("$2"))
        #expect(!user.passwordHash.contains("a long password"))
        let outcome = try await accounts.signIn(email: "ANNE@atelier-kerbrat.example", password: "a long password 1")
        guard case .signedIn(let token, let signedIn) = outcome else { Issue.record("not signed in: \(outcome)"); return }
        #expect(token.hasPrefix(SessionToken.prefix))
        #expect(signedIn.principal.organisation.id == "atelier-kerbrat")
        #expect(signedIn.principal.role == .supplier)
        #expect(signedIn.csrfToken.count > 40)
        let again = try #require(try await accounts.session(token: token))
        #expect(again.user.id == user.id)
        #expect(again.csrfToken == signedIn.csrfToken)
        // Only the token's hash is stored.
        #expect(try await harness.store.read { tx in try tx.session(tokenHash: token) } == nil)
        try await accounts.signOut(token: token)
        #expect(try await accounts.session(token: token) == nil)
    }

    @Test("a wrong password and an unknown address get the same refusal", arguments: StoreKind.available)
    func refusals(_ kind: StoreKind) async throws {
        let harness = try await HubFixtures.demoStore(kind)
        let accounts = Accounts(store: harness.store, policy: Self.policy)
        try await accounts.addUser(organisationID: "commune-plouzane", role: .buyer, email: "finances@plouzane.example", password: "correct horse 12")
        #expect(try await accounts.signIn(email: "finances@plouzane.example", password: "wrong horse 123") == .refused)
        #expect(try await accounts.signIn(email: "nobody@plouzane.example", password: "correct horse 12") == .refused)
        #expect(try await accounts.session(token: "hms_forged") == nil)
        #expect(try await accounts.session(token: "not a token; at all") == nil)
    }

    @Test("repeated wrong passwords lock the account, even against the right one, until the lock ends", arguments: StoreKind.available)
    func lockOut(_ kind: StoreKind) async throws {
        let harness = try await HubFixtures.demoStore(kind)
        let accounts = Accounts(store: harness.store, policy: Self.policy)
        try await accounts.addUser(organisationID: "hermine-ops", role: .operator, email: "ops@hermine.example", password: "operator secret 1")
        let start = Date()
        #expect(try await accounts.signIn(email: "ops@hermine.example", password: "guess 1", at: start) == .refused)
        #expect(try await accounts.signIn(email: "ops@hermine.example", password: "guess 2", at: start) == .refused)
        let locked = try await accounts.signIn(email: "ops@hermine.example", password: "guess 3", at: start)
        guard case .locked(let until) = locked else { Issue.record("not locked: \(locked)"); return }
        #expect(abs(until.timeIntervalSince(start) - 60) < 1)
        #expect(try await accounts.signIn(email: "ops@hermine.example", password: "operator secret 1", at: start.addingTimeInterval(30)) == .locked(until: until))
        let after = try await accounts.signIn(email: "ops@hermine.example", password: "operator secret 1", at: start.addingTimeInterval(61))
        guard case .signedIn(_, let signedIn) = after else { Issue.record("not signed in after the lock: \(after)"); return }
        #expect(signedIn.user.failedSignIns == 0)
        #expect(signedIn.user.lockedUntil == nil)
    }

    @Test("a session ends at its lifetime", arguments: StoreKind.available)
    func expiry(_ kind: StoreKind) async throws {
        let harness = try await HubFixtures.demoStore(kind)
        let accounts = Accounts(store: harness.store, policy: Self.policy)
        try await accounts.addUser(organisationID: "atelier-kerbrat", role: .supplier, email: "a@kerbrat.example", password: "twelve chars!")
        let start = Date()
        guard case .signedIn(let token, _) = try await accounts.signIn(email: "a@kerbrat.example", password: "twelve chars!", at: start) else {
            Issue.record("not signed in"); return
        }
        #expect(try await accounts.session(token: token, at: start.addingTimeInterval(3599)) != nil)
        #expect(try await accounts.session(token: token, at: start.addingTimeInterval(3601)) == nil)
    }

    @Test("a user needs a known organisation, its role, a plausible address, a long password and an unused address", arguments: StoreKind.available)
    func badUsers(_ kind: StoreKind) async throws {
        let harness = try await HubFixtures.demoStore(kind)
        let accounts = Accounts(store: harness.store, policy: Self.policy)
        await #expect(throws: HubError.unknownOrganisation("nobody")) {
            try await accounts.addUser(organisationID: "nobody", role: .supplier, email: "a@b.example", password: "long enough pw")
        }
        await #expect(throws: HubError.roleMismatch(organisation: "atelier-kerbrat", kind: .supplier, role: .operator)) {
            try await accounts.addUser(organisationID: "atelier-kerbrat", role: .operator, email: "a@b.example", password: "long enough pw")
        }
        for (email, password) in [("not an address", "long enough pw"), ("<script>@x.example", "long enough pw"), ("a@b.example", "short")] {
            await #expect(throws: HubError.self) {
                try await accounts.addUser(organisationID: "atelier-kerbrat", role: .supplier, email: email, password: password)
            }
        }
        try await accounts.addUser(organisationID: "atelier-kerbrat", role: .supplier, email: "a@b.example", password: "long enough pw")
        await #expect(throws: HubError.invalidUser("a@b.example already has an account")) {
            try await accounts.addUser(organisationID: "breizh-numerique", role: .supplier, email: "A@B.example", password: "long enough pw")
        }
        #expect(try await accounts.users(organisationID: "atelier-kerbrat").map(\.email) == ["a@b.example"])
    }
}
