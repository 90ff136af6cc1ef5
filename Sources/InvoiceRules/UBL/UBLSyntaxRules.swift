import Foundation
import InvoiceModel
import InvoiceXML

extension EN16931 {
    /// The "UBL-syntax" pattern: how EN 16931 restricts UBL 2.1 (elements it does not use, cardinalities, data types).
    ///
    /// The rules are listed, in order, in `formats/rules/ubl-syntax.tsv`; most are declarative there. This function
    /// defines the contexts the table names `$…` and the rules it marks `computed`.
    static func ublSyntax(_ formats: URL) throws(ResourceError) -> RulePattern {
        let s = Syntax.ubl
        return try RuleTable.loadPattern("rules/ubl-syntax.tsv", in: formats, name: "UBL-syntax", syntax: s) {
            // Contexts.
            let price = s.nameID("cac:Price")
            let allowanceCharge = s.nameID("cac:AllowanceCharge")
            let chargeIndicator = Path("cbc:ChargeIndicator", s)
            /// Whether an amount sits in a price that has an allowance (the gross-price parts of BG-29).
            @Sendable func inPriceWithAllowance(_ d: Document, _ n: XMLTree.Node) -> Bool {
                var current = d.tree.parent(n)
                while let c = current {
                    if d.tree.nameID(c) == price, d.tree.firstChild(c, named: allowanceCharge) != nil { return true }
                    current = d.tree.parent(c)
                }
                return false
            }
            let contexts: [String: ContextPattern] = [
                // Every amount but prices and the price allowance (BT-147, BT-148), which may have more decimals.
                "$amounts": ContextPattern(
                    elementsNamed: { $0.localNameEnds(with: "Amount") && !$0.localNameEnds(with: "PriceAmount") },
                    where: { d, n in !inPriceWithAllowance(d, n) }),
                "$binary-objects": ContextPattern(elementsNamed: { $0.localNameEnds(with: "BinaryObject") }),
                // BG-20 and BG-21: the charge indicator read as xs:boolean.
                "$allowances": ContextPattern("cac:AllowanceCharge", s) { d, n in
                    d.select(chargeIndicator, n).contains { d.castToBoolean($0) == false }
                },
                "$charges": ContextPattern("cac:AllowanceCharge", s) { d, n in
                    d.select(chargeIndicator, n).contains { d.castToBoolean($0) == true }
                },
            ]

            // Paths of the computed rules.
            let id = Path("cbc:ID", s)
            let schemeID = s.nameID("schemeID")
            let nameAttribute = s.nameID("name")
            let documentTypeCode = Path("cbc:DocumentTypeCode", s)
            let additionalDocument = s.nameID("cac:AdditionalDocumentReference")
            let additionalDocuments = Path("cac:AdditionalDocumentReference", s)
            let attachment = Path("cac:Attachment", s)
            let documentDescription = Path("cbc:DocumentDescription", s)
            let creditNote = s.nameID("cn:CreditNote")
            let paymentDueDate = Path("cac:PaymentMeans/cbc:PaymentDueDate", s)
            let taxSchemeID = Path("cac:TaxScheme/cbc:ID", s)
            let taxSchemes = Path("cac:TaxScheme", s)
            let companyID = Path("cbc:CompanyID", s)
            let sellerTaxSchemes = Path("cac:AccountingSupplierParty/cac:Party/cac:PartyTaxScheme", s)
            let buyerTaxSchemes = Path("cac:AccountingCustomerParty/cac:Party/cac:PartyTaxScheme", s)
            let partyIdentification = s.nameID("cac:PartyIdentification")
            let idName = s.nameID("cbc:ID")
            let paymentID = s.nameID("cbc:PaymentID")
            let paymentMeansCode = s.nameID("cbc:PaymentMeansCode")
            let payeeName = Path("cac:PartyName/cbc:Name", s)
            let payeeIdentifiers = Path("cac:PartyIdentification/cbc:ID", s)
            let payeeLegalID = Path("cac:PartyLegalEntity/cbc:CompanyID", s)
            let sellerLegalName = Path("../cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName", s)

            /// Whether an additional document reference has a type code equal to `code`.
            @Sendable func hasTypeCode(_ d: Document, _ n: XMLTree.Node, _ code: String) -> Bool {
                d.select(documentTypeCode, n).contains { d.string($0) == code }
            }
            /// The invoiced object identifier references (BT-18): additional documents of type 130.
            @Sendable func invoicedObjects(_ d: Document) -> [XMLTree.Node] {
                d.tree.nodes(named: additionalDocument).filter { hasTypeCode(d, $0, "130") }
            }
            /// How many company ids the party tax schemes at `path` carry, counting those whose tax scheme
            /// id, upper-cased, is (or, with `vat` false, is not) `VAT`. A tax scheme without id reads as "".
            @Sendable func taxRegistrations(_ d: Document, _ n: XMLTree.Node, _ path: Path, vat: Bool) -> Int {
                d.select(path, n).reduce(0) { total, partyTaxScheme in
                    let schemes = d.select(taxSchemes, partyTaxScheme).map { d.string(id, $0).uppercased() }
                    let matches = vat ? schemes.contains("VAT") : schemes.contains { $0 != "VAT" }
                    return matches ? total + d.count(companyID, partyTaxScheme) : total
                }
            }
            /// How many different texts the elements named `name` have across the document.
            @Sendable func distinctTexts(_ d: Document, _ name: UInt32) -> Int {
                Set(d.tree.nodes(named: name).map { d.string($0) }).count
            }
            /// Whether the payee's name (BT-59) differs from the seller's (BT-27); false when either is missing.
            @Sendable func payeeIsNotSeller(_ d: Document, _ n: XMLTree.Node) -> Bool {
                let sellerNames = d.select(sellerLegalName, n).map { d.string($0) }
                return d.select(payeeName, n).contains { name in sellerNames.contains { d.string(name) != $0 } }
            }

            let computed: [String: RuleTable.Test] = [
                // An additional document is an invoiced object (130), a credit note's tender or lot reference (50),
                // or a plain supporting document with neither type code nor scheme.
                "UBL-SR-43": { d, n in
                    hasTypeCode(d, n, "130")
                        || (d.tree.name(d.root).local == "CreditNote" && hasTypeCode(d, n, "50"))
                        || (!d.select(id, n).contains { d.hasAttribute($0, schemeID) } && !d.exists(documentTypeCode, n))
                },
                // At most two decimals after the point, counted in characters of the text as written.
                "UBL-DT-01": { d, n in
                    let text = d.string(n).unicodeScalars
                    guard let dot = text.firstIndex(of: ".") else { return true }
                    return text[text.index(after: dot)...].count <= 2
                },
                "UBL-SR-53": { d, n in d.exists(taxSchemeID, n) && d.exists(companyID, n) },
                // The payment due date belongs to BT-9 on invoices only; a credit note may carry it.
                "UBL-CR-412": { d, n in !d.exists(paymentDueDate, n) || d.tree.nameID(n) == creditNote },
                // Only the invoiced object identifier (BT-18) may carry a scheme.
                "UBL-CR-665": { d, _ in
                    !d.tree.nodes(named: additionalDocument).contains { reference in
                        let codes = d.select(documentTypeCode, reference).map { d.string($0) }
                        let notObject = codes.isEmpty || codes.contains { $0 != "130" }
                        return notObject && d.select(id, reference).contains { d.hasAttribute($0, schemeID) }
                    }
                },
                "UBL-CR-666": { d, _ in !invoicedObjects(d).contains { d.exists(attachment, $0) } },
                "UBL-CR-673": { d, _ in !invoicedObjects(d).contains { d.exists(documentDescription, $0) } },
                // Only the payment means code may have a name (BT-82).
                "UBL-DT-18": { d, _ in
                    guard d.tree.containsAttribute(named: nameAttribute) else { return true }
                    return !d.tree.allNodes.contains { node in
                        d.tree.nameID(node) != paymentMeansCode && d.hasAttribute(node, nameAttribute)
                    }
                },
                // BT-18 at most once.
                "UBL-SR-04": { d, n in
                    d.select(additionalDocuments, n).filter { hasTypeCode(d, $0, "130") }
                        .reduce(0) { $0 + d.count(id, $1) } <= 1
                },
                // BT-31 at most once; BT-32 at most once; BT-48 at most once.
                "UBL-SR-12": { d, n in taxRegistrations(d, n, sellerTaxSchemes, vat: true) <= 1 },
                "UBL-SR-13": { d, n in taxRegistrations(d, n, sellerTaxSchemes, vat: false) <= 1 },
                "UBL-SR-18": { d, n in taxRegistrations(d, n, buyerTaxSchemes, vat: true) <= 1 },
                // The bank assigned creditor identifier (BT-90) at most once in the document.
                "UBL-SR-29": { d, _ in
                    d.tree.nodes(named: idName).filter { node in
                        guard let parent = d.tree.parent(node), d.tree.nameID(parent) == partyIdentification else { return false }
                        return (d.attribute(node, schemeID) ?? "").uppercased() == "SEPA"
                    }.count <= 1
                },
                // One remittance information (BT-83) and one payment means type (BT-81), however often repeated.
                "UBL-SR-44": { d, _ in distinctTexts(d, paymentID) <= 1 },
                "UBL-SR-47": { d, _ in distinctTexts(d, paymentMeansCode) <= 1 },
                // A payee (BG-10) other than the seller, with one name, one identifier and one legal registration.
                "UBL-SR-19": { d, n in d.count(payeeName, n) <= 1 && payeeIsNotSeller(d, n) },
                "UBL-SR-20": { d, n in
                    let identifiers = d.select(payeeIdentifiers, n).filter { (d.attribute($0, schemeID) ?? "").uppercased() != "SEPA" }
                    return identifiers.count <= 1 && payeeIsNotSeller(d, n)
                },
                "UBL-SR-21": { d, n in d.count(payeeLegalID, n) <= 1 && payeeIsNotSeller(d, n) },
            ]

            return (contexts, computed)
        }
    }
}
