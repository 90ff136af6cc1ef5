public import InvoiceModel
import InvoiceXML

/// How the rules of one invoice syntax name elements: the syntax and the namespace prefixes its paths use.
public struct Syntax: Sendable, Hashable {
    /// The syntax these prefixes belong to.
    public let invoiceSyntax: InvoiceSyntax
    /// Prefix → namespace URI, as the syntax's schemas name them.
    public let namespaces: [String: String]

    /// OASIS UBL 2.1 (Invoice and CreditNote).
    public static let ubl = Syntax(invoiceSyntax: .ubl, namespaces: [
        "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
        "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
        "ext": "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2",
        "qdt": "urn:oasis:names:specification:ubl:schema:xsd:QualifiedDataTypes-2",
        "udt": "urn:oasis:names:specification:ubl:schema:xsd:UnqualifiedDataTypes-2",
        "ubl": InvoiceSyntax.ublInvoiceNamespace,
        "cn": InvoiceSyntax.ublCreditNoteNamespace,
    ])

    /// UN/CEFACT Cross Industry Invoice D16B.
    public static let cii = Syntax(invoiceSyntax: .cii, namespaces: [
        "rsm": InvoiceSyntax.ciiNamespace,
        "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
        "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
        "qdt": "urn:un:unece:uncefact:data:standard:QualifiedDataType:100",
    ])

    /// Registers `prefix:local` (or a bare attribute name) and returns its vocabulary id; nil when the prefix
    /// is not one of this syntax's.
    public func name(_ qualified: some StringProtocol) -> UInt32? {
        guard let colon = qualified.firstIndex(of: ":") else { return XMLVocabulary.shared.register(QName("", String(qualified))) }
        guard let uri = namespaces[String(qualified[qualified.startIndex..<colon])] else { return nil }
        return XMLVocabulary.shared.register(QName(uri, String(qualified[qualified.index(after: colon)...])))
    }

    /// `name(_:)` for names written in Swift: an unknown prefix there is a typo in the source, which the first
    /// test run stops at; names read from rule tables go through `ElementPath` and `ContextPattern(checking:_:)`,
    /// which refuse an unknown prefix as a malformed line instead.
    public func nameID(_ qualified: some StringProtocol) -> UInt32 {
        guard let id = name(qualified) else { preconditionFailure("unknown prefix in \(qualified), written in a Swift rule") }
        return id
    }
}
