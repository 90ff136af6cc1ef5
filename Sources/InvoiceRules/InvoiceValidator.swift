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

    /// A stable machine-readable code.
    public var code: String {
        switch self {
        case .unreadable(let error): return "xml-\(error.code)"
        case .notAnInvoice: return "not-an-invoice"
        case .unmappable: return "unmappable"
        }
    }

    public var description: String {
        switch self {
        case .unreadable(let error): return error.description
        case .notAnInvoice(let root):
            return "the root element \(root) is not a UBL Invoice or CreditNote nor a CII CrossIndustryInvoice"
        case .unmappable(let error): return "the invoice could not be read into the EN 16931 model: \(error)"
        }
    }
}

/// What the validator found in one invoice.
public struct ValidationReport: Sendable, Codable, Equatable {
    /// `ubl` or `cii`.
    public let syntax: String
    /// Every finding, fatal ones first, then in document order.
    public let findings: [Finding]

    /// Creates a report; findings are ordered fatal first.
    public init(syntax: String, findings: [Finding]) {
        self.syntax = syntax
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
    /// The rules' findings.
    public let report: ValidationReport
}

/// Reads bytes and checks them against the EN 16931 rules of their syntax.
public struct InvoiceValidator: Sendable {
    /// The UBL rules.
    public let ubl: RuleSet
    /// The CII rules.
    public let cii: RuleSet
    /// The bindings that read a tree into the semantic model.
    public let mapper: InvoiceMapper
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

    /// Parses `bytes` once, reads the tree into the semantic model and checks it.
    public func check(_ bytes: Data) throws(InvoiceInputError) -> CheckedInvoice {
        let tree: XMLTree
        do { tree = try XMLReader.read(bytes, limits: limits) } catch { throw .unreadable(error) }
        let report = try validate(tree)
        do { return CheckedInvoice(invoice: try mapper.read(tree), report: report) } catch { throw .unmappable(error) }
    }

    /// Checks an already parsed tree.
    public func validate(_ tree: XMLTree) throws(InvoiceInputError) -> ValidationReport {
        let rules = try rules(for: tree)
        return ValidationReport(syntax: rules.syntax.name, findings: rules.check(tree))
    }
}
