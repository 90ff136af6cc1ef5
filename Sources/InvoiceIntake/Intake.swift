import FacturX
public import Foundation
import InvoiceMapping
public import InvoiceModel
public import InvoiceRules
public import InvoiceXML

/// Takes invoices in: the one pipeline from bytes to report, which the command line and the hub's ingestion call
/// (and the portal simulator will). Nothing else sniffs or unwraps.
///
/// One job per step: sniff (`ContainerSniffer`: PDF or XML) → unwrap the PDF (`PDFUnwrapper`: the attached XML,
/// XMP, container findings) → parse (`InvoiceParser`: tree, syntax from the root) → bind (`InvoiceBinder`: the
/// EN 16931 model) → validate and report (`InvoiceValidation`).
///
/// ```swift
/// let intake = try Intake()                         // loads formats/ and mappings/ once
/// let checked = try intake.take(bytes)              // UBL, CII, or a Factur-X / ZUGFeRD PDF
/// print(checked.report.valid, checked.report.fatal, checked.invoice.number ?? "")
/// ```
public struct Intake: Sendable {
    /// Step 2.
    public let unwrapper: PDFUnwrapper
    /// Step 3.
    public let parser: InvoiceParser
    /// Step 4.
    public let binder: InvoiceBinder
    /// Step 5.
    public let validation: InvoiceValidation

    /// The XML reader's limits.
    public var limits: XMLLimits { parser.limits }

    /// The largest document taken in by default, in bytes: the hub's deposit limit and `hermine validate`'s
    /// (120 MB, Chorus Pro's); the XML reader's other limits follow it (`XMLLimits`).
    public static let defaultMaximumDocumentSize = XMLLimits.defaultMaxBytes

    /// Loads the EN 16931 dictionary, the bindings, the rule sets and the profile requirements.
    /// - Parameters:
    ///   - resources: the folder holding `formats/` and `mappings/` (a copy of them, in tests); by default the
    ///     project's, as `Resources` finds it.
    ///   - limits: the XML reader's limits.
    /// - Throws: `ResourceError` naming the data file and line that is missing or does not parse.
    public init(resources: URL? = nil, limits: XMLLimits = .default) throws(ResourceError) {
        let root: URL
        if let resources { root = resources } else { root = try Resources.root() }
        let formats = root.appendingPathComponent("formats")
        let terms = try BusinessTerms.load(from: formats.appendingPathComponent("en16931-terms.tsv"))
        // The bindings are loaded before the rules: each rule set plans its checks over the element names known
        // when it is built (`CheckPlan`), and names it meets later take a slower path.
        let mapper = try Intake.bindings(terms: terms, folder: root.appendingPathComponent("mappings"))
        unwrapper = PDFUnwrapper()
        parser = InvoiceParser(limits: limits)
        binder = InvoiceBinder(mapper: mapper)
        validation = InvoiceValidation(
            en16931: try EN16931Rules(formats: formats), profiles: try ProfileRequirements(formats: formats, terms: terms),
            schema: try SchemaRules(formats: formats))
    }

    /// Loads the same as `init(resources:limits:)`, with the XML reader's limits for documents of up to
    /// `maximumDocumentSize` bytes (the hub passes its deposit limit: one setting for both).
    /// - Throws: `ResourceError` naming the data file and line that is missing or does not parse.
    public init(resources: URL? = nil, maximumDocumentSize: Int) throws(ResourceError) {
        try self.init(resources: resources, limits: XMLLimits(forDocumentsUpTo: maximumDocumentSize))
    }

    /// Takes `bytes` in: a UBL invoice or credit note, a CII invoice, or a Factur-X / ZUGFeRD PDF carrying one,
    /// read into the model and judged by the rules that apply to it.
    /// - Throws: `IntakeError` when the bytes are no invoice at all; a broken rule is a finding of the report.
    ///
    /// The bytes are consumed: handed over (`consume bytes`), an XML document's bytes are freed once they are
    /// parsed, before the invoice is bound and checked (80 MB less at the peak of an 80 MB invoice).
    public func take(_ bytes: consuming Data) throws(IntakeError) -> CheckedInvoice {
        switch ContainerSniffer.container(of: bytes) {
        case .xml:
            let parsed = try parser.parse(bytes)
            _ = consume bytes
            let invoice = try binder.bind(parsed)
            let report = validation.check(parsed)
            return CheckedInvoice(invoice: invoice, report: report, en16931: report, container: .xml, pdf: nil)
        case .pdf:
            let document = try unwrapper.unwrap(bytes)
            let parsed = try parser.parse(document.invoice.xml)
            let invoice = try binder.bind(parsed)
            let (report, en16931, pdf) = validation.check(parsed, invoice, in: document)
            return CheckedInvoice(invoice: invoice, report: report, en16931: en16931, container: .pdf, pdf: pdf)
        }
    }

    /// Reads `bytes` into the model without judging it (`hermine convert`, putting stored attachments back).
    /// - Throws: `IntakeError` when the bytes are no invoice at all.
    public func read(_ bytes: Data) throws(IntakeError) -> Invoice {
        switch ContainerSniffer.container(of: bytes) {
        case .xml: return try binder.bind(try parser.parse(bytes))
        case .pdf: return try binder.bind(try parser.parse(try unwrapper.unwrap(bytes).invoice.xml))
        }
    }

    /// Parses XML and checks it with the EN 16931 rules of its syntax, without binding it to the model
    /// (the benchmark's "parse + validate" stage, and rule tests).
    /// - Throws: `IntakeError.unreadable` or `.notAnInvoice`.
    public func validate(xml bytes: consuming Data) throws(IntakeError) -> ValidationReport {
        let parsed = try parser.parse(bytes)
        _ = consume bytes
        return validation.check(parsed)
    }

    /// Every binding file of `folder`, one at least for each syntax.
    private static func bindings(terms: BusinessTerms, folder: URL) throws(ResourceError) -> InvoiceMapper {
        let mapper: InvoiceMapper
        do { mapper = try InvoiceMapper(terms: terms, folder: folder) } catch {
            switch error {
            case .resources(let error): throw error
            case .malformedBinding(let file, let line, let reason): throw .malformed(file: file, line: line, reason: reason)
            default: throw .malformed(file: folder.path, line: 0, reason: error.description)
            }
        }
        for syntax in InvoiceSyntax.allCases where !mapper.syntaxes.contains(syntax) {
            throw .malformed(file: folder.path, line: 0, reason: "no binding file reads or writes \(syntax.rawValue) invoices")
        }
        return mapper
    }
}
