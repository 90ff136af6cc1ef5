public import InvoiceXML

/// An invoice syntax the validator knows: its name and the namespace prefixes its paths use.
public struct Syntax: Sendable, Hashable {
    /// `ubl` or `cii`.
    public let name: String
    /// Prefix → namespace URI, as the syntax's schemas name them.
    public let namespaces: [String: String]

    /// OASIS UBL 2.1 (Invoice and CreditNote).
    public static let ubl = Syntax(name: "ubl", namespaces: [
        "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
        "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
        "ext": "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2",
        "qdt": "urn:oasis:names:specification:ubl:schema:xsd:QualifiedDataTypes-2",
        "udt": "urn:oasis:names:specification:ubl:schema:xsd:UnqualifiedDataTypes-2",
        "ubl": "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
        "cn": "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2",
    ])

    /// UN/CEFACT Cross Industry Invoice D16B.
    public static let cii = Syntax(name: "cii", namespaces: [
        "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
        "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
        "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
        "qdt": "urn:un:unece:uncefact:data:standard:QualifiedDataType:100",
    ])

    /// Registers `prefix:local` (or a bare attribute name) and returns its vocabulary id.
    public func nameID(_ qualified: some StringProtocol) -> UInt32 {
        if let colon = qualified.firstIndex(of: ":") {
            let prefix = String(qualified[qualified.startIndex..<colon])
            guard let uri = namespaces[prefix] else { preconditionFailure("unknown prefix \(prefix) in \(qualified)") }
            return XMLVocabulary.shared.register(QName(uri, String(qualified[qualified.index(after: colon)...])))
        }
        return XMLVocabulary.shared.register(QName("", String(qualified)))
    }

    /// Which syntax a root element belongs to, if any.
    public static func of(root: QName) -> Syntax? {
        switch (root.namespace, root.local) {
        case (ubl.namespaces["ubl"]!, "Invoice"), (ubl.namespaces["cn"]!, "CreditNote"): return .ubl
        case (cii.namespaces["rsm"]!, "CrossIndustryInvoice"): return .cii
        default: return nil
        }
    }
}
