public import Foundation
public import Hub
public import InvoiceIntake
import TestSupport

/// The project's fixtures and an intake shared by the hub's tests (loading the rules takes a moment).
public enum HubFixtures {
    /// The repository's `fixtures/` folder.
    public static let folder = ProjectFiles.fixtures

    /// One intake for every test.
    public static let intake: Intake = {
        do { return try Intake() } catch { fatalError("the rules do not load: \(error)") }
    }()

    /// The bytes of a fixture (`invoices/atelier-kerbrat-FA-2026-0142.xml`).
    public static func bytes(_ path: String) throws -> Data {
        try Data(contentsOf: folder.appendingPathComponent(path))
    }

    /// A fixture's text with replacements made (each must occur).
    public static func edited(_ path: String, _ replacements: [(String, String)]) throws -> Data {
        try ProjectFiles.edited(folder.appendingPathComponent(path), replacements)
    }

    public static let kerbratInvoice = "invoices/atelier-kerbrat-FA-2026-0142.xml"
    public static let kerbratCreditNote = "invoices/atelier-kerbrat-AV-2026-0009.xml"
    public static let breizhInvoice = "invoices/breizh-numerique-2026-1107.xml"
    public static let kerbratRejected = "rejected/atelier-kerbrat-FA-2026-0143-totals-wrong.xml"

    /// Atelier Kerbrat's valid invoice to the Commune de Plouzané, under another number.
    public static func kerbratInvoice(number: String) throws -> Data {
        try edited(kerbratInvoice, [("<cbc:ID>FA-2026-0142</cbc:ID>", "<cbc:ID>\(number)</cbc:ID>")])
    }

    /// Atelier Kerbrat's invoice whose totals are wrong (rejected), under another number.
    public static func kerbratRejected(number: String) throws -> Data {
        try edited(kerbratRejected, [("<cbc:ID>FA-2026-0143</cbc:ID>", "<cbc:ID>\(number)</cbc:ID>")])
    }

    /// A store of `kind` with the demo tenants and directory loaded.
    public static func demoStore(_ kind: StoreKind) async throws -> StoreHarness {
        let harness = try await kind.make()
        _ = try await DemoData.load(into: harness.store, fixtures: folder)
        return harness
    }

    /// The demo organisations.
    public static let kerbrat = Organisation(
        id: "atelier-kerbrat", kind: .supplier, name: "Atelier Kerbrat",
        identifiers: [OrganisationIdentifier(scheme: "0009", value: "35260017500017")])
    public static let breizh = Organisation(
        id: "breizh-numerique", kind: .supplier, name: "Breizh Numérique",
        identifiers: [OrganisationIdentifier(scheme: "0009", value: "44306184100013")])

    /// Ingestion over a store, with the standard policy unless told.
    public static func ingestion(_ store: any HubStore, policy: IngestionPolicy = .standard) -> Ingestion {
        Ingestion(intake: intake, store: store, policy: policy)
    }
}
