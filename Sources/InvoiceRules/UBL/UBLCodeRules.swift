import Foundation
import InvoiceModel
import InvoiceXML

extension EN16931 {
    /// The "Codesmodel" pattern: coded values of a UBL invoice must come from their code lists.
    ///
    /// The rules are data, in order, in `formats/rules/ubl-codes.tsv`: a coded value is normalised (XPath
    /// `normalize-space`) and must then be one whole code of its list. This function defines the contexts the table
    /// names `$…` and the two rules that compute: BR-CL-01 (the list depends on the root) and BR-CL-10 (SEPA allowed
    /// for the seller's and payee's identifiers).
    static func ublCodes(_ formats: URL) throws(ResourceError) -> RulePattern {
        let s = Syntax.ubl
        let invoiceTypes = try UBLCodeList("UNCL1001-invoice", formats)
        let creditNoteTypes = try UBLCodeList("UNCL1001-credit-note", formats)
        let identifierSchemes = try UBLCodeList("ISO6523-ICD", formats)
        return try RuleTable.loadPattern("rules/ubl-codes.tsv", in: formats, name: "Codesmodel", syntax: s) {
            let invoiceTypeCode = s.nameID("cbc:InvoiceTypeCode")
            let schemeID = s.nameID("schemeID")
            let documentTypeCode = Path("cbc:DocumentTypeCode", s)
            let supplier = s.nameID("cac:AccountingSupplierParty")
            let payee = s.nameID("cac:PayeeParty")
            let terms = UBLTerms()
            let contexts: [String: ContextPattern] = [
                // An identifier with a scheme in a reference whose document type code is exactly `130` (BT-18).
                "$invoiced-object": ContextPattern("cac:AdditionalDocumentReference/cbc:ID | cac:DocumentReference/cbc:ID", s) { d, n in
                    guard d.hasAttribute(n, schemeID), let reference = d.tree.parent(n) else { return false }
                    return d.select(documentTypeCode, reference).contains { d.string($0) == "130" }
                },
                // Reason codes of allowances and of charges, as the charge indicator reads.
                "$allowance-reason": ContextPattern("cac:AllowanceCharge/cbc:AllowanceChargeReasonCode", s) { d, n in
                    d.tree.parent(n).map { terms.isCharge(d, $0, false) } ?? false
                },
                "$charge-reason": ContextPattern("cac:AllowanceCharge/cbc:AllowanceChargeReasonCode", s) { d, n in
                    d.tree.parent(n).map { terms.isCharge(d, $0, true) } ?? false
                },
            ]
            let computed: [String: RuleTable.Test] = [
                // BT-3 from UNCL 1001: the invoice subset for an invoice type code, the credit-note subset otherwise.
                "BR-CL-01": { d, n in
                    d.normalized(n, isIn: d.tree.nameID(n) == invoiceTypeCode ? invoiceTypes.codes : creditNoteTypes.codes)
                },
                // Party identifiers' scheme from ISO 6523 ICD; SEPA also for the seller's and payee's identifiers
                // (creditor id, BT-29, BT-60).
                "BR-CL-10": { d, n in
                    let scheme = Document.normalizeSpace(d.attribute(n, schemeID) ?? "")
                    if identifierSchemes.contains(scheme) { return true }
                    guard scheme == "SEPA" else { return false }
                    var ancestor = d.tree.parent(n)
                    while let a = ancestor {
                        if d.tree.nameID(a) == supplier || d.tree.nameID(a) == payee { return true }
                        ancestor = d.tree.parent(a)
                    }
                    return false
                },
            ]
            return (contexts, computed)
        }
    }
}
