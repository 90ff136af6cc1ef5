import InvoiceModel
import InvoiceXML

/// The UBL element names the EN 16931 model and code-list rules read, registered once when the
/// patterns are built, with the readings several rules share (VAT categories, allowance or charge,
/// amounts and their decimals).
///
/// The readings follow the official artefacts' XPath 2.0: a path that selects nothing makes a
/// comparison false, `xs:decimal` of text that is not a decimal is treated as no value (the
/// official validator would stop with a dynamic error; the corpus has no such file, so Hermine
/// fails the rule instead), and where a test expects one node but may get several, the first is read.
/// Where such an error would arise in a context's condition (a VAT scheme with two ids, a category
/// with two codes, a charge indicator that is not a boolean), the official validator treats the
/// context as not matching, and so do these readings.
///
/// A class: the rules' closures capture it, and a struct would be copied, each reference in it counted, into every
/// closure context made at a call.
final class UBLTerms: Sendable {
    let syntax = Syntax.ubl

    // Document structure.
    let invoiceLine: UInt32
    let creditNoteLine: UInt32
    /// Both line names, invoice lines first (made once: a literal array in a test is allocated at each call).
    let lineNames: [UInt32]
    let item: UInt32
    let lineExtensionAmount: UInt32

    // Allowances and charges (BG-20, BG-21, BG-27, BG-28).
    let allowanceCharge: UInt32
    let chargeIndicator: UInt32
    let amount: UInt32
    let baseAmount: UInt32
    let allowanceChargeReason: UInt32
    let allowanceChargeReasonCode: UInt32

    // VAT categories.
    let taxCategory: UInt32
    let classifiedTaxCategory: UInt32
    let taxScheme: UInt32
    let id: UInt32
    let percent: UInt32
    let taxExemptionReason: UInt32
    let taxExemptionReasonCode: UInt32
    let taxTotal: UInt32
    let taxSubtotal: UInt32
    let taxAmount: UInt32
    let taxableAmount: UInt32

    // Parties.
    let accountingSupplierParty: UInt32
    let accountingCustomerParty: UInt32
    let taxRepresentativeParty: UInt32
    let party: UInt32
    let partyTaxScheme: UInt32
    let partyLegalEntity: UInt32
    let companyID: UInt32

    // Attributes.
    let currencyID: UInt32
    let schemeID: UInt32

    /// The key of each document's `UBLVATCensus`.
    let vatCensus = DocumentValue<UBLVATCensus>()

    init() {
        let s = syntax
        invoiceLine = s.nameID("cac:InvoiceLine")
        creditNoteLine = s.nameID("cac:CreditNoteLine")
        lineNames = [invoiceLine, creditNoteLine]
        item = s.nameID("cac:Item")
        lineExtensionAmount = s.nameID("cbc:LineExtensionAmount")
        allowanceCharge = s.nameID("cac:AllowanceCharge")
        chargeIndicator = s.nameID("cbc:ChargeIndicator")
        amount = s.nameID("cbc:Amount")
        baseAmount = s.nameID("cbc:BaseAmount")
        allowanceChargeReason = s.nameID("cbc:AllowanceChargeReason")
        allowanceChargeReasonCode = s.nameID("cbc:AllowanceChargeReasonCode")
        taxCategory = s.nameID("cac:TaxCategory")
        classifiedTaxCategory = s.nameID("cac:ClassifiedTaxCategory")
        taxScheme = s.nameID("cac:TaxScheme")
        id = s.nameID("cbc:ID")
        percent = s.nameID("cbc:Percent")
        taxExemptionReason = s.nameID("cbc:TaxExemptionReason")
        taxExemptionReasonCode = s.nameID("cbc:TaxExemptionReasonCode")
        taxTotal = s.nameID("cac:TaxTotal")
        taxSubtotal = s.nameID("cac:TaxSubtotal")
        taxAmount = s.nameID("cbc:TaxAmount")
        taxableAmount = s.nameID("cbc:TaxableAmount")
        accountingSupplierParty = s.nameID("cac:AccountingSupplierParty")
        accountingCustomerParty = s.nameID("cac:AccountingCustomerParty")
        taxRepresentativeParty = s.nameID("cac:TaxRepresentativeParty")
        party = s.nameID("cac:Party")
        partyTaxScheme = s.nameID("cac:PartyTaxScheme")
        partyLegalEntity = s.nameID("cac:PartyLegalEntity")
        companyID = s.nameID("cbc:CompanyID")
        currencyID = s.nameID("currencyID")
        schemeID = s.nameID("schemeID")
    }

    // MARK: Children

    /// The children of `node` named `name`.
    @inline(__always) func children(_ d: Document, _ node: XMLTree.Node, _ name: UInt32) -> XMLTree.NamedChildren {
        d.tree.children(node, named: name)
    }

    /// Whether `node` has a child named `name`.
    @inline(__always) func has(_ d: Document, _ node: XMLTree.Node, _ name: UInt32) -> Bool {
        d.tree.firstChild(node, named: name) != nil
    }

    /// The first child of `node` named `name`.
    @inline(__always) func first(_ d: Document, _ node: XMLTree.Node, _ name: UInt32) -> XMLTree.Node? {
        d.tree.firstChild(node, named: name)
    }

    /// The first child `name` of `node` cast to a decimal; nil when absent or not a decimal.
    func decimal(_ d: Document, _ node: XMLTree.Node, _ name: UInt32) -> ExactDecimal? {
        first(d, node, name).flatMap { d.decimal($0) }
    }

    /// The normalised text of the first child `name` of `node` ("" when there is none).
    func code(_ d: Document, _ node: XMLTree.Node, _ name: UInt32) -> String {
        first(d, node, name).map { d.normalized($0) } ?? ""
    }

    // MARK: Allowances and charges

    /// Whether some `cbc:ChargeIndicator` of the allowance or charge `node` reads as `charge`
    /// (`true`/`1` for a charge, `false`/`0` for an allowance, white space collapsed); an indicator
    /// that is not a boolean, met before one that matches, matches nothing (a cast error).
    func isCharge(_ d: Document, _ node: XMLTree.Node, _ charge: Bool) -> Bool {
        for indicator in children(d, node, chargeIndicator) {
            guard let value = d.boolean(indicator) else { return false }
            if value == charge { return true }
        }
        return false
    }

    /// Whether the allowance or charge has a reason text (BT-97/BT-104) or a reason code (BT-98/BT-105).
    func hasReason(_ d: Document, _ node: XMLTree.Node) -> Bool {
        has(d, node, allowanceChargeReason) || has(d, node, allowanceChargeReasonCode)
    }

    /// The allowances (`charge` false) or charges (true) directly under `node`: at the document's
    /// root, BG-20 or BG-21.
    func allowanceCharges(_ d: Document, of node: XMLTree.Node, charge: Bool) -> [XMLTree.Node] {
        children(d, node, allowanceCharge).filter { isCharge(d, $0, charge) }
    }

    // MARK: VAT categories

    /// Whether the category (or party tax scheme) `node` has a `cac:TaxScheme` whose id, upper-cased
    /// and normalised, is `VAT`; a scheme with several ids, met before a VAT one, matches nothing
    /// (upper-casing several values is a type error).
    func isVAT(_ d: Document, _ node: XMLTree.Node) -> Bool {
        for scheme in children(d, node, taxScheme) {
            let ids = children(d, scheme, id)
            guard let only = ids.first else { continue }
            if ids.index(after: ids.startIndex) != ids.endIndex { return false }
            if d.normalized(only, is: "VAT", uppercased: true) { return true }
        }
        return false
    }

    /// Whether the VAT category code of `category` is `code`: its only `cbc:ID`, normalised, or "" when it has
    /// none (several ids match no code: normalising several values is a type error).
    func hasCategoryCode(_ d: Document, _ category: XMLTree.Node, _ code: String) -> Bool {
        let ids = children(d, category, id)
        guard let only = ids.first else { return code.isEmpty }
        if ids.index(after: ids.startIndex) != ids.endIndex { return false }
        return d.normalized(only, is: code)
    }

    /// How many `cbc:ID` children of `category` read `code` once normalised.
    func countCodes(_ d: Document, _ category: XMLTree.Node, _ code: String) -> Int {
        children(d, category, id).reduce(0) { $0 + (d.normalized($1, is: code) ? 1 : 0) }
    }

    /// The document's VAT categories and parties' tax identifiers, read once per document.
    func census(_ d: Document) -> UBLVATCensus { d.value(vatCensus) { UBLVATCensus(d, self) } }

    // MARK: Amounts

    /// The sign of `node`'s text read as an `xs:double` (-1, 0 or 1), nil when it is not a number or NaN.
    func sign(_ d: Document, _ node: XMLTree.Node) -> Int? {
        if let value = d.decimal(node) { return value.isZero ? 0 : (value.isNegative ? -1 : 1) }
        let text = Document.normalizeSpace(d.string(node))
        switch text {
        case "INF", "+INF": return 1
        case "-INF": return -1
        default: break
        }
        guard let value = ExactDecimal.parseDouble(text) else { return nil }
        return value.isZero ? 0 : (value.isNegative ? -1 : 1)
    }

    /// Whether some node of `nodes`, read as a number, is at least zero (`orZero`) or above zero.
    func anyNonNegative(_ d: Document, _ nodes: some Sequence<XMLTree.Node>, orZero: Bool) -> Bool {
        nodes.contains { node in
            guard let s = sign(d, node) else { return false }
            return orZero ? s >= 0 : s > 0
        }
    }

    /// The sum of the decimal values of `nodes` (zero when there are none); nil when one is not a decimal.
    func sum(_ d: Document, _ nodes: [XMLTree.Node]) -> ExactDecimal? {
        var total = ExactDecimal.zero
        for node in nodes {
            guard let value = d.decimal(node) else { return nil }
            total = total + value
        }
        return total
    }
}

extension UBLTerms {
    /// The subject code (BT-21) a note (BT-22) starts with, written between the first two `#`:
    /// the text after the first `#` and before the next one; "" when there is no second `#`,
    /// nil when there is no `#` at all.
    static func noteSubjectCode(_ note: String) -> String? {
        let scalars = note.unicodeScalars
        guard let open = scalars.firstIndex(of: "#") else { return nil }
        let rest = scalars[scalars.index(after: open)...]
        guard let close = rest.firstIndex(of: "#") else { return "" }
        return String(String.UnicodeScalarView(rest[rest.startIndex..<close]))
    }
}

extension ExactDecimal {
    /// `self` to two places as the rules compute it: XPath `round(x * 100) div 100` (halves up).
    var roundedToCents: ExactDecimal { rounded(toPlaces: 2) }
}
