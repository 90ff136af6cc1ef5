import InvoiceXML

/// A VAT category code the invoice-level VAT rules ask about (UNCL 5305, as the EN 16931 families use them).
enum UBLVATCode: Int, CaseIterable, Sendable {
    case ae, e, g, k, l, m, o, s, z, b

    /// The code `bytes` spell exactly, nil for any other text. The codes are ASCII: the bytes are equal exactly
    /// when the strings are (String equality, as the published tests compare).
    init?(_ bytes: UnsafeBufferPointer<UInt8>) {
        switch (bytes.count, bytes.first) {
        case (1, UInt8(ascii: "E")?): self = .e
        case (1, UInt8(ascii: "G")?): self = .g
        case (1, UInt8(ascii: "K")?): self = .k
        case (1, UInt8(ascii: "L")?): self = .l
        case (1, UInt8(ascii: "M")?): self = .m
        case (1, UInt8(ascii: "O")?): self = .o
        case (1, UInt8(ascii: "S")?): self = .s
        case (1, UInt8(ascii: "Z")?): self = .z
        case (1, UInt8(ascii: "B")?): self = .b
        case (2, UInt8(ascii: "A")?) where bytes[1] == UInt8(ascii: "E"): self = .ae
        default: return nil
        }
    }

    /// The code `text` is exactly.
    init?(_ text: String) {
        var text = text
        guard let code = text.withUTF8({ UBLVATCode($0) }) else { return nil }
        self = code
    }

    /// The code an id reads (its string value): as written (`exact`), or normalised (XPath `normalize-space`).
    /// A code has no white space, so normalising it matches exactly when trimming does.
    static func read(_ id: XMLTree.Node, _ d: Document, exact: Bool) -> UBLVATCode? {
        guard !d.tree.hasChildren(id) else {
            let written = d.string(id)
            return UBLVATCode(exact ? written : Document.normalizeSpace(written))
        }
        return d.tree.withTextBytes(id) { UBLVATCode(exact ? $0 : $0.trimmingXMLSpace()) }
    }

    /// The code as written.
    var text: String {
        switch self {
        case .ae: "AE"
        case .e: "E"
        case .g: "G"
        case .k: "K"
        case .l: "L"
        case .m: "M"
        case .o: "O"
        case .s: "S"
        case .z: "Z"
        case .b: "B"
        }
    }
}

/// A set of `UBLVATCode`s, as bits.
struct UBLVATCodes: Sendable, Equatable {
    private var bits: UInt16 = 0

    func contains(_ code: UBLVATCode) -> Bool { bits & (1 << code.rawValue) != 0 }
    mutating func insert(_ code: UBLVATCode) { bits |= 1 << code.rawValue }
    func union(_ other: UBLVATCodes) -> UBLVATCodes { UBLVATCodes(bits: bits | other.bits) }
    func subtracting(_ code: UBLVATCode) -> UBLVATCodes { UBLVATCodes(bits: bits & ~(1 << code.rawValue)) }
    var isEmpty: Bool { bits == 0 }
}

/// What the invoice-level VAT rules ask of one VAT category (`cac:TaxCategory` or `cac:ClassifiedTaxCategory`):
/// its scheme and the codes its ids (`cbc:ID`) read, each id read once.
struct UBLVATCategory {
    let node: XMLTree.Node
    /// `UBLTerms.isVAT`.
    let isVAT: Bool
    /// How many ids it has.
    let idCount: Int
    /// Its code when it has exactly one id and that id, normalised (XPath `normalize-space`), is a code
    /// (`UBLTerms.hasCategoryCode`).
    let categoryCode: UBLVATCode?
    /// The codes its ids read normalised (XPath `normalize-space(cbc:ID) = code`), and as written, white space
    /// included (`cbc:ID = code`).
    let codes: UBLVATCodes
    let exactCodes: UBLVATCodes

    init(_ d: Document, _ t: UBLTerms, _ node: XMLTree.Node) {
        self.node = node
        isVAT = t.isVAT(d, node)
        var count = 0
        var first: UBLVATCode?
        var codes = UBLVATCodes(), exactCodes = UBLVATCodes()
        for id in t.children(d, node, t.id) {
            count += 1
            let normalized = UBLVATCode.read(id, d, exact: false)
            if count == 1 { first = normalized }
            if let normalized { codes.insert(normalized) }
            if let exact = UBLVATCode.read(id, d, exact: true) { exactCodes.insert(exact) }
        }
        idCount = count
        categoryCode = count == 1 ? first : nil
        self.codes = codes
        self.exactCodes = exactCodes
    }

    /// How many of its ids read `code` once normalised (`UBLTerms.countCodes`).
    func count(of code: UBLVATCode, _ d: Document, _ t: UBLTerms) -> Int {
        guard codes.contains(code) else { return 0 }
        return idCount == 1 ? 1 : t.countCodes(d, node, code.text)
    }
}

/// What the invoice-level VAT rules ask of a list of VAT categories (the lines', the breakdown's, …), gathered
/// as the list is read: which codes its categories have, of any scheme or of the VAT scheme only.
struct UBLVATCategoryList {
    /// The category codes (`UBLVATCategory.categoryCode`) of its categories, and of those of the VAT scheme.
    private(set) var categoryCodes = UBLVATCodes()
    private(set) var vatCategoryCodes = UBLVATCodes()
    /// Whether a category of the VAT scheme has no category code (none, several ids, or another code).
    private var vatWithoutCategoryCode = false
    /// The codes the ids of its VAT categories read normalised (`UBLVATCategory.codes`).
    private(set) var vatCodes = UBLVATCodes()
    /// The codes its ids read as written, of any scheme and of the VAT scheme.
    private(set) var exactCodes = UBLVATCodes()
    private(set) var vatExactCodes = UBLVATCodes()
    /// The codes read by exactly one id of its VAT categories, and those read by more (`UBLTerms.countCodes`
    /// summed).
    private var vatCodesOnce = UBLVATCodes()
    private var vatCodesMore = UBLVATCodes()

    mutating func add(_ category: UBLVATCategory, _ d: Document, _ t: UBLTerms) {
        if let code = category.categoryCode { categoryCodes.insert(code) }
        exactCodes = exactCodes.union(category.exactCodes)
        guard category.isVAT else { return }
        if let code = category.categoryCode { vatCategoryCodes.insert(code) } else { vatWithoutCategoryCode = true }
        vatCodes = vatCodes.union(category.codes)
        vatExactCodes = vatExactCodes.union(category.exactCodes)
        for code in UBLVATCode.allCases where category.codes.contains(code) {
            if vatCodesMore.contains(code) { continue }
            if category.count(of: code, d, t) == 1 && !vatCodesOnce.contains(code) {
                vatCodesOnce.insert(code)
            } else {
                vatCodesMore.insert(code)
            }
        }
    }

    /// Whether the ids of its VAT categories read `code` exactly once in all.
    func vatCodeOnce(_ code: UBLVATCode) -> Bool { vatCodesOnce.contains(code) && !vatCodesMore.contains(code) }

    /// Whether one of its VAT categories has a category code other than `code`, or none.
    func hasVATCategory(otherThan code: UBLVATCode) -> Bool { vatWithoutCategoryCode || !vatCategoryCodes.subtracting(code).isEmpty }
}

/// Where a UBL document's VAT categories are, what codes they have, and which parties show tax identifiers: what
/// the invoice-level VAT category rules (BR-S … BR-O, -01 to -04 and -11 to -14) ask, each category read once per
/// document.
final class UBLVATCensus: Sendable {
    /// Every `cac:TaxCategory`, and every `cac:ClassifiedTaxCategory` (the line categories, BT-151).
    let taxCategories: UBLVATCategoryList
    let lineCategories: UBLVATCategoryList
    /// The VAT breakdown's categories (BG-23, BT-118).
    let breakdown: UBLVATCategoryList
    /// The `cac:TaxCategory` of allowances and charges at any level: all, those of allowances, those of charges
    /// (an indicator that is not a boolean counts for neither).
    let allowanceChargeCategories: UBLVATCategoryList
    let allowanceCategories: UBLVATCategoryList
    let chargeCategories: UBLVATCategoryList
    /// The same for the document-level allowances and charges (BG-20, BG-21).
    let documentAllowanceChargeCategories: UBLVATCategoryList
    let documentAllowanceCategories: UBLVATCategoryList
    let documentChargeCategories: UBLVATCategoryList
    /// The seller's tax identifier of any scheme (BT-31 or BT-32), of the VAT scheme (BT-31); the tax
    /// representative's VAT identifier (BT-63); the buyer's VAT identifier (BT-48) and legal registration (BT-47).
    let sellerHasTaxID: Bool
    let sellerHasVATID: Bool
    let taxRepresentativeHasVATID: Bool
    let buyerHasVATID: Bool
    let buyerHasLegalID: Bool

    init(_ d: Document, _ t: UBLTerms) {
        var taxCategories = UBLVATCategoryList(), allowanceCharges = UBLVATCategoryList()
        var allowances = UBLVATCategoryList(), charges = UBLVATCategoryList()
        for node in d.tree.nodes(named: t.taxCategory) {
            let category = UBLVATCategory(d, t, node)
            taxCategories.add(category, d, t)
            guard let parent = d.tree.parent(node), d.tree.nameID(parent) == t.allowanceCharge else { continue }
            allowanceCharges.add(category, d, t)
            if t.isCharge(d, parent, false) { allowances.add(category, d, t) }
            if t.isCharge(d, parent, true) { charges.add(category, d, t) }
        }
        self.taxCategories = taxCategories
        allowanceChargeCategories = allowanceCharges
        allowanceCategories = allowances
        chargeCategories = charges

        var lines = UBLVATCategoryList()
        for node in d.tree.nodes(named: t.classifiedTaxCategory) { lines.add(UBLVATCategory(d, t, node), d, t) }
        lineCategories = lines

        // The breakdown's and the document-level allowances' categories are few: read again rather than kept.
        var breakdown = UBLVATCategoryList()
        for total in t.children(d, d.root, t.taxTotal) {
            for subtotal in t.children(d, total, t.taxSubtotal) {
                for node in t.children(d, subtotal, t.taxCategory) { breakdown.add(UBLVATCategory(d, t, node), d, t) }
            }
        }
        self.breakdown = breakdown

        var documentAny = UBLVATCategoryList(), documentAllowances = UBLVATCategoryList(), documentCharges = UBLVATCategoryList()
        for allowanceCharge in t.children(d, d.root, t.allowanceCharge) {
            let isAllowance = t.isCharge(d, allowanceCharge, false), isCharge = t.isCharge(d, allowanceCharge, true)
            for node in t.children(d, allowanceCharge, t.taxCategory) {
                let category = UBLVATCategory(d, t, node)
                documentAny.add(category, d, t)
                if isAllowance { documentAllowances.add(category, d, t) }
                if isCharge { documentCharges.add(category, d, t) }
            }
        }
        documentAllowanceChargeCategories = documentAny
        documentAllowanceCategories = documentAllowances
        documentChargeCategories = documentCharges

        /// Whether a `child` (a `cac:PartyTaxScheme`, a `cac:PartyLegalEntity`) of the parties in `role`, wherever they
        /// appear, has a `cbc:CompanyID` and passes `test`.
        func anyIdentified(_ role: UInt32, _ child: UInt32, _ test: (XMLTree.Node) -> Bool = { _ in true }) -> Bool {
            for holder in d.tree.nodes(named: role) {
                for party in t.children(d, holder, t.party) {
                    for scheme in t.children(d, party, child) where t.has(d, scheme, t.companyID) && test(scheme) { return true }
                }
            }
            return false
        }
        sellerHasTaxID = anyIdentified(t.accountingSupplierParty, t.partyTaxScheme)
        sellerHasVATID = anyIdentified(t.accountingSupplierParty, t.partyTaxScheme) { t.isVAT(d, $0) }
        taxRepresentativeHasVATID = d.tree.nodes(named: t.taxRepresentativeParty)
            .contains { t.children(d, $0, t.partyTaxScheme).contains { t.isVAT(d, $0) && t.has(d, $0, t.companyID) } }
        buyerHasVATID = anyIdentified(t.accountingCustomerParty, t.partyTaxScheme) { t.isVAT(d, $0) }
        buyerHasLegalID = anyIdentified(t.accountingCustomerParty, t.partyLegalEntity)
    }

    /// BR-xx-01: when a VAT category of the VAT scheme with an id of `code` is anywhere (a `cac:TaxCategory` or a line's
    /// category), the breakdown's VAT categories have exactly one id of that code in all.
    func breakdownOnceWhenUsed(_ code: UBLVATCode) -> Bool {
        !taxCategories.vatCodes.union(lineCategories.vatCodes).contains(code) || breakdown.vatCodeOnce(code)
    }

    /// Whether an allowance or charge (any level) or a line has a category of `code` (`vatOnly`: of the VAT scheme).
    func used(_ code: UBLVATCode, vatOnly: Bool) -> Bool {
        vatOnly
            ? allowanceChargeCategories.vatCategoryCodes.union(lineCategories.vatCategoryCodes).contains(code)
            : allowanceChargeCategories.categoryCodes.union(lineCategories.categoryCodes).contains(code)
    }

    /// Whether the breakdown, a document-level allowance or charge, or a line has a category with an id exactly
    /// `code` (BR-B-02).
    func documentUses(_ code: UBLVATCode) -> Bool {
        breakdown.exactCodes.union(documentAllowanceChargeCategories.exactCodes).union(lineCategories.exactCodes).contains(code)
    }
}
