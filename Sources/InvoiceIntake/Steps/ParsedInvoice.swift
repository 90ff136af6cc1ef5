public import InvoiceModel
public import InvoiceXML

/// XML parsed into a tree whose root is an invoice of a known syntax.
public struct ParsedInvoice: Sendable {
    /// The tree.
    public let tree: XMLTree
    /// The syntax its root belongs to.
    public let syntax: InvoiceSyntax
}
