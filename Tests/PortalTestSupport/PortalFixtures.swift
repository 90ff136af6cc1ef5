public import Foundation
import TestSupport

/// The invoices the portal tests deposit.
public enum PortalFixtures {
    /// Atelier Kerbrat's valid UBL invoice to the Commune de Plouzané (in the directory), under another number.
    public static func kerbratInvoice(number: String = "FA-2026-0142") throws -> Data {
        try ProjectFiles.edited(
            ProjectFiles.fixtures.appendingPathComponent("invoices/atelier-kerbrat-FA-2026-0142.xml"),
            [("<cbc:ID>FA-2026-0142</cbc:ID>", "<cbc:ID>\(number)</cbc:ID>")])
    }

    /// Atelier Kerbrat's invoice whose totals are wrong (BR-CO-10…).
    public static func kerbratRejected() throws -> Data {
        try Data(contentsOf: ProjectFiles.fixtures.appendingPathComponent("rejected/atelier-kerbrat-FA-2026-0143-totals-wrong.xml"))
    }

    /// A Factur-X PDF (EN 16931 profile, CII inside) of the shared corpus, valid under EN 16931, whose buyer is not
    /// in the demo directory.
    public static func facturXPDF() throws -> Data {
        let file = ProjectFiles.packageRoot.deletingLastPathComponent()
            .appendingPathComponent("shared/corpus/facturx/akretion-factur-x-repo/tests__fixtures__pdf__invoice_EN16931.pdf")
        guard FileManager.default.fileExists(atPath: file.path) else {
            throw MissingCorpusFile(path: file.path)
        }
        return try Data(contentsOf: file)
    }

    /// The demo buyer, Commune de Plouzané.
    public static let plouzane = "21290198700017"
}

/// A shared corpus file the test needs is not where it looked.
public struct MissingCorpusFile: Error, CustomStringConvertible {
    /// Where it looked.
    public let path: String
    public var description: String { "the shared corpus file \(path) is missing (the tests read ../shared from the package root)" }
}
