import Foundation
import Hub
import InvoiceIntake
import TestSupport

/// The project's fixtures and an intake shared by the tests (loading the rules takes a moment).
enum HubFixtures {
    /// The repository's `fixtures/` folder.
    static let folder = ProjectFiles.fixtures

    /// One intake for every test.
    static let intake: Intake = {
        do { return try Intake() } catch { fatalError("the rules do not load: \(error)") }
    }()

    /// The bytes of a fixture (`invoices/atelier-kerbrat-FA-2026-0142.xml`).
    static func bytes(_ path: String) throws -> Data {
        try Data(contentsOf: folder.appendingPathComponent(path))
    }

    /// A fixture's text with replacements made (each must occur).
    static func edited(_ path: String, _ replacements: [(String, String)]) throws -> Data {
        try ProjectFiles.edited(folder.appendingPathComponent(path), replacements)
    }

    static let kerbratInvoice = "invoices/atelier-kerbrat-FA-2026-0142.xml"
    static let kerbratCreditNote = "invoices/atelier-kerbrat-AV-2026-0009.xml"
    static let breizhInvoice = "invoices/breizh-numerique-2026-1107.xml"
    static let kerbratRejected = "rejected/atelier-kerbrat-FA-2026-0143-totals-wrong.xml"

    /// A store with the demo tenants and directory loaded.
    static func demoStore(_ kind: StoreKind) async throws -> any StoreHarness {
        let harness = try kind.make()
        _ = try await DemoData.load(into: harness.store, fixtures: folder)
        return harness
    }

    /// The demo organisations.
    static let kerbrat = Organisation(
        id: "atelier-kerbrat", kind: .supplier, name: "Atelier Kerbrat",
        identifiers: [OrganisationIdentifier(scheme: "0009", value: "35260017500017")])
    static let breizh = Organisation(
        id: "breizh-numerique", kind: .supplier, name: "Breizh Numérique",
        identifiers: [OrganisationIdentifier(scheme: "0009", value: "44306184100013")])

    /// Ingestion over a store, with the standard policy unless told.
    static func ingestion(_ store: any HubStore, policy: IngestionPolicy = .standard) -> Ingestion {
        Ingestion(intake: intake, store: store, policy: policy)
    }
}
