public import FacturX
public import InvoiceRules

extension Finding {
    /// A problem with the PDF around the invoice (`FX-…`), as a finding of the invoice's report; it points at
    /// the place in the PDF (`PDF: XMP fx:DocumentFileName`), line 0.
    public init(container finding: ContainerFinding) {
        self.init(
            rule: finding.id, severity: finding.severity == .fatal ? .fatal : .warning,
            message: Message(fr: finding.messageFR, en: finding.messageEN),
            location: Location(path: "PDF: \(finding.location)", line: 0))
    }
}
