public import FacturX
public import Foundation
public import InvoiceMapping
public import InvoiceModel
public import InvoiceXML

/// Why bytes could not be validated as an invoice at all.
public enum InvoiceInputError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The bytes are not XML the reader accepts.
    case unreadable(XMLReadError)
    /// The XML's root is not a UBL Invoice or CreditNote, nor a CII CrossIndustryInvoice.
    case notAnInvoice(root: QName)
    /// The invoice could not be read into the semantic model.
    case unmappable(MappingError)
    /// The bytes are a PDF from which no invoice could be taken.
    case pdf(FacturXError)

    /// A stable machine-readable code.
    public var code: String {
        switch self {
        case .unreadable(let error): return "xml-\(error.code)"
        case .notAnInvoice: return "not-an-invoice"
        case .unmappable: return "unmappable"
        case .pdf(let error): return error.code
        }
    }

    public var description: String {
        switch self {
        case .unreadable(let error): return error.description
        case .notAnInvoice(let root):
            return "the root element \(root) is not a UBL Invoice or CreditNote nor a CII CrossIndustryInvoice"
        case .unmappable(let error): return "the invoice could not be read into the EN 16931 model: \(error)"
        case .pdf(let error): return error.description
        }
    }
}

/// What the validator found in one invoice.
public struct ValidationReport: Sendable, Codable, Equatable {
    /// `ubl` or `cii`.
    public let syntax: String
    /// Which rules judged the invoice: `EN 16931`, or a Factur-X profile's own requirements
    /// (`Factur-X MINIMUM`, `Factur-X BASIC WL`) for profiles that are not complete EN 16931 invoices.
    public let ruleSet: String
    /// Every finding, fatal ones first, then in document order.
    public let findings: [Finding]

    /// The rule set of complete invoices.
    public static let en16931 = "EN 16931"

    /// Creates a report; findings are ordered fatal first.
    public init(syntax: String, findings: [Finding], ruleSet: String = ValidationReport.en16931) {
        self.syntax = syntax
        self.ruleSet = ruleSet
        self.findings = findings.enumerated().sorted { a, b in
            a.element.severity != b.element.severity ? a.element.severity < b.element.severity : a.offset < b.offset
        }.map(\.element)
    }

    /// The ids of the fatal rules that fired, sorted, each once.
    public var fatal: [String] { ids(.fatal) }
    /// The ids of the warnings that fired, sorted, each once.
    public var warning: [String] { ids(.warning) }
    /// Whether no fatal rule fired.
    public var valid: Bool { !findings.contains { $0.severity == .fatal } }

    private func ids(_ severity: Severity) -> [String] {
        Set(findings.filter { $0.severity == severity }.map(\.rule)).sorted()
    }
}

/// An invoice read into the EN 16931 model, with what the rules found in it.
public struct CheckedInvoice: Sendable {
    /// The invoice in the semantic model.
    public let invoice: Invoice
    /// The findings of the rules that apply to it; they decide whether it is acceptable.
    public let report: ValidationReport
    /// The EN 16931 verdict on the XML (the same as `report` for XML input of a complete profile).
    public let en16931: ValidationReport
    /// The PDF around the invoice, when the input was a Factur-X / ZUGFeRD PDF.
    public let container: PDFInvoiceContainer?
}

/// What a Factur-X / ZUGFeRD PDF said about the invoice it carries.
public struct PDFInvoiceContainer: Sendable {
    /// The attachment the invoice was taken from (`factur-x.xml` …).
    public let attachment: String
    /// The profile, from BT-24 or else from the XMP conformance level; nil when neither names one.
    public let profile: FacturXProfile?
    /// The PDF, its attachments and XMP fields.
    public let details: FacturXContainer
}

/// Reads bytes and checks them against the EN 16931 rules of their syntax.
public struct InvoiceValidator: Sendable {
    /// The UBL rules.
    public let ubl: RuleSet
    /// The CII rules.
    public let cii: RuleSet
    /// The bindings that read a tree into the semantic model.
    public let mapper: InvoiceMapper
    /// What MINIMUM and BASIC WL Factur-X invoices must hold instead of the EN 16931 rules.
    public let profileRequirements: ProfileRequirements
    /// Parser limits.
    public let limits: XMLLimits

    /// Loads both rule sets from `formats/` and the bindings from `mappings/`.
    public init(limits: XMLLimits = .default) throws {
        // The bindings are loaded first, so that the rule sets know every name they read (see `RuleSet`), but a
        // broken rule set is still reported before a broken binding.
        let mapper = Result { () throws(MappingError) in try InvoiceMapper() }
        ubl = try EN16931.ublRules()
        cii = try EN16931.ciiRules()
        self.mapper = try mapper.get()
        profileRequirements = try ProfileRequirements.standard()
        self.limits = limits
    }

    /// The rule set for a tree's root, or the reason there is none.
    public func rules(for tree: XMLTree) throws(InvoiceInputError) -> RuleSet {
        switch Syntax.of(root: tree.name(tree.root)) {
        case .some(let syntax) where syntax == .ubl: return ubl
        case .some: return cii
        case .none: throw .notAnInvoice(root: tree.name(tree.root))
        }
    }

    /// Parses and checks `bytes`.
    public func validate(_ bytes: Data) throws(InvoiceInputError) -> ValidationReport {
        let tree: XMLTree
        do { tree = try XMLReader.read(bytes, limits: limits) } catch { throw .unreadable(error) }
        return try validate(tree)
    }

    /// Reads `bytes` (UBL, CII, or a Factur-X / ZUGFeRD PDF carrying one), parsing the XML once, into
    /// the semantic model, and checks it with the rules that apply to it.
    public func check(_ bytes: Data) throws(InvoiceInputError) -> CheckedInvoice {
        if FacturXReader.looksLikePDF(bytes) { return try checkPDF(bytes) }
        let (invoice, report) = try read(bytes)
        return CheckedInvoice(invoice: invoice, report: report, en16931: report, container: nil)
    }

    private func read(_ xml: Data) throws(InvoiceInputError) -> (Invoice, ValidationReport) {
        let tree: XMLTree
        do { tree = try XMLReader.read(xml, limits: limits) } catch { throw .unreadable(error) }
        let report = try validate(tree)
        do { return (try mapper.read(tree), report) } catch { throw .unmappable(error) }
    }

    /// A PDF: take the invoice out, check it with the rules of its profile, add the container's findings.
    private func checkPDF(_ bytes: Data) throws(InvoiceInputError) -> CheckedInvoice {
        let document: FacturXDocument
        do { document = try FacturXReader.read(bytes) } catch { throw .pdf(error) }
        let (invoice, en16931) = try read(document.invoice.xml)
        let guideline = invoice.specification ?? ""
        let profile =
            FacturXProfile(guidelineID: guideline)
            ?? document.xmp?.conformanceLevel.flatMap { FacturXProfile(conformanceLevel: $0) }
        let containerFindings = (document.findings + [ContainerFindings.profileMismatch(xmp: document.xmp, guidelineID: guideline)].compactMap { $0 })
            .map { finding in
                Finding(
                    rule: finding.id, severity: finding.severity == .fatal ? .fatal : .warning,
                    message: Message(fr: finding.messageFR, en: finding.messageEN),
                    location: Location(path: "PDF: \(finding.location)", line: 0))
            }
        let report: ValidationReport
        if let profile, !profile.isFullEN16931 {
            report = ValidationReport(
                syntax: en16931.syntax, findings: profileRequirements.check(invoice, as: profile) + containerFindings,
                ruleSet: "Factur-X \(profile.rawValue)")
        } else {
            report = ValidationReport(syntax: en16931.syntax, findings: en16931.findings + containerFindings)
        }
        let container = PDFInvoiceContainer(attachment: document.invoice.name, profile: profile, details: document.container)
        return CheckedInvoice(invoice: invoice, report: report, en16931: en16931, container: container)
    }

    /// Checks an already parsed tree.
    public func validate(_ tree: XMLTree) throws(InvoiceInputError) -> ValidationReport {
        let rules = try rules(for: tree)
        return ValidationReport(syntax: rules.syntax.name, findings: rules.check(tree))
    }
}
