public import Foundation
import InvoiceModel
public import InvoiceXML

/// Step 3, parse: XML bytes into a tree (`XMLReader`), and its root recognised as an invoice of a syntax.
public struct InvoiceParser: Sendable {
    /// The reader's limits (size, depth, elements).
    public let limits: XMLLimits

    /// Creates the step.
    public init(limits: XMLLimits = .default) {
        self.limits = limits
    }

    /// Parses `xml` and recognises its root.
    /// - Throws: `IntakeError.unreadable` when the reader refuses the bytes, `.notAnInvoice` when the root is not
    ///   a UBL Invoice or CreditNote nor a CII CrossIndustryInvoice.
    public func parse(_ xml: Data) throws(IntakeError) -> ParsedInvoice {
        let tree: XMLTree
        do { tree = try XMLReader.read(xml, limits: limits) } catch { throw .unreadable(error) }
        let root = tree.name(tree.root)
        guard let syntax = InvoiceSyntax(rootNamespace: root.namespace, localName: root.local) else {
            throw .notAnInvoice(root: root)
        }
        return ParsedInvoice(tree: tree, syntax: syntax)
    }
}
