public import FacturX
public import Foundation

/// Step 2, unwrap: the invoice's XML out of a Factur-X / ZUGFeRD PDF, with the XMP metadata and the container
/// findings (`FX-01` … `FX-07`, `FX-09`).
public struct PDFUnwrapper: Sendable {
    /// The PDF reader's limits.
    public let limits: FacturXLimits

    /// Creates the step.
    public init(limits: FacturXLimits = .default) {
        self.limits = limits
    }

    /// The PDF's invoice attachment and what the PDF says about it.
    /// - Throws: `IntakeError.pdf` when the PDF cannot be read or carries no invoice.
    public func unwrap(_ bytes: Data) throws(IntakeError) -> FacturXDocument {
        do { return try FacturXReader.read(bytes, limits: limits) } catch { throw .pdf(error) }
    }
}
