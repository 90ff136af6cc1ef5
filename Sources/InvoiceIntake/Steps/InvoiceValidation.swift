public import FacturX
public import InvoiceModel
public import InvoiceRules

/// Step 5, validate and report: the rules that apply to the invoice, and the report they give.
///
/// An XML invoice is judged as the official pipeline does: by its syntax's XML Schema first (`SchemaRules`), then
/// by the EN 16931 rules of its syntax, which read the tree (that is how they match the official schematron).
/// Both run on every invoice, so a supplier sees the schema findings and the business-rule findings together; a
/// schema finding is fatal, so the verdict is invalid either way. An invoice taken out of a PDF is judged by the rules of its Factur-X profile — the EN 16931
/// rules for the complete profiles, the profile's own requirements, read on the model, for MINIMUM and BASIC WL —
/// with the container findings added; its EN 16931 verdict is kept beside.
public struct InvoiceValidation: Sendable {
    /// The EN 16931 rules of both syntaxes.
    public let en16931: EN16931Rules
    /// What MINIMUM and BASIC WL Factur-X invoices must hold instead of the EN 16931 rules.
    public let profiles: ProfileRequirements
    /// The XML Schemas of both syntaxes.
    public let schema: SchemaRules

    /// Creates the step.
    public init(en16931: EN16931Rules, profiles: ProfileRequirements, schema: SchemaRules) {
        self.en16931 = en16931
        self.profiles = profiles
        self.schema = schema
    }

    /// The verdict on a parsed invoice, schema and EN 16931: the report of an XML invoice.
    public func check(_ parsed: ParsedInvoice) -> ValidationReport {
        ValidationReport(
            syntax: parsed.syntax,
            findings: schema.check(parsed.tree, as: parsed.syntax) + en16931.rules(for: parsed.syntax).check(parsed.tree))
    }

    /// The report on an invoice taken out of a PDF, its EN 16931 verdict, and what the PDF said about it; the
    /// embedded XML is schema-checked whatever its profile.
    public func check(_ parsed: ParsedInvoice, _ invoice: Invoice, in document: FacturXDocument)
        -> (report: ValidationReport, en16931: ValidationReport, pdf: PDFInvoiceContainer)
    {
        let schemaFindings = schema.check(parsed.tree, as: parsed.syntax)
        let en16931 = ValidationReport(
            syntax: parsed.syntax, findings: schemaFindings + self.en16931.rules(for: parsed.syntax).check(parsed.tree))
        let guideline = invoice.specification ?? ""
        let profile = FacturXProfile(guidelineID: guideline) ?? document.xmp?.profile
        let mismatch = ContainerFindings.profileMismatch(xmp: document.xmp, guidelineID: guideline)
        let containerFindings = (document.findings + [mismatch].compactMap { $0 }).map(Finding.init(container:))
        let report: ValidationReport
        if let profile, !profile.isFullEN16931 {
            report = ValidationReport(
                syntax: parsed.syntax, findings: schemaFindings + profiles.check(invoice, as: profile) + containerFindings,
                ruleSet: .facturX(profile))
        } else {
            report = ValidationReport(syntax: parsed.syntax, findings: en16931.findings + containerFindings)
        }
        let pdf = PDFInvoiceContainer(attachment: document.invoice.name, profile: profile, details: document.container)
        return (report, en16931, pdf)
    }
}
