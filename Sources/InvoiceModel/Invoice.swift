/// An invoice or credit note in the EN 16931 semantic model, whatever syntax it came in.
///
/// `root` holds every business term generically (see `BusinessGroup`); the properties below are
/// typed views of the terms the hub works with. The views are read-only: change the invoice
/// through `root` (`invoice.root.set("BT-10", .text("PO-7"))`).
public struct Invoice: Sendable, Hashable, Codable {
    /// The document level (`BG-0`): top-level terms and groups.
    public var root: BusinessGroup

    /// Creates an invoice from its document-level group.
    public init(root: BusinessGroup = BusinessGroup()) { self.root = root }

    public init(from decoder: any Decoder) throws { root = try BusinessGroup(from: decoder) }
    public func encode(to encoder: any Encoder) throws { try root.encode(to: encoder) }

    /// The first value of a document-level term.
    public subscript(term: TermID) -> TermValue? { root[term] }

    /// Invoice number (BT-1).
    public var number: String? { root.text(.term(1)) }
    /// Invoice issue date (BT-2).
    public var issueDate: CalendarDate? { root.date(.term(2)) }
    /// Invoice type code (BT-3, UNTDID 1001: 380 invoice, 381 credit note…).
    public var typeCode: String? { root.text(.term(3)) }
    /// Invoice currency code (BT-5).
    public var currency: String? { root.text(.term(5)) }
    /// VAT accounting currency code (BT-6).
    public var vatAccountingCurrency: String? { root.text(.term(6)) }
    /// Value added tax point date (BT-7).
    public var taxPointDate: CalendarDate? { root.date(.term(7)) }
    /// Payment due date (BT-9).
    public var dueDate: CalendarDate? { root.date(.term(9)) }
    /// Buyer reference (BT-10), the routing reference of French public buyers (service code).
    public var buyerReference: String? { root.text(.term(10)) }
    /// Project reference (BT-11).
    public var projectReference: String? { root.text(.term(11)) }
    /// Contract reference (BT-12).
    public var contractReference: String? { root.text(.term(12)) }
    /// Purchase order reference (BT-13), the commitment number (engagement juridique) in France.
    public var purchaseOrderReference: String? { root.text(.term(13)) }
    /// Payment terms (BT-20).
    public var paymentTerms: String? { root.text(.term(20)) }
    /// Specification identifier (BT-24): the CIUS or profile the invoice claims.
    public var specification: String? { root.value(.term(24), in: .group(2))?.text }
    /// Business process type (BT-23).
    public var businessProcess: String? { root.value(.term(23), in: .group(2))?.text }

    /// Whether the type code is one of the credit note codes of UNTDID 1001 used with EN 16931.
    public var isCreditNote: Bool {
        guard let code = typeCode else { return false }
        return Invoice.creditNoteTypeCodes.contains(code)
    }

    /// Document type codes of credit notes (UNTDID 1001 subset of EN 16931).
    public static let creditNoteTypeCodes: Set<String> = [
        "81", "83", "261", "262", "296", "308", "381", "396", "420", "458", "502", "503", "532",
    ]

    /// Invoice notes (BG-1).
    public var notes: [InvoiceNote] { root.groups(.group(1)).map(InvoiceNote.init) }
    /// Preceding invoice references (BG-3).
    public var precedingInvoices: [PrecedingInvoiceReference] {
        root.groups(.group(3)).map(PrecedingInvoiceReference.init)
    }
    /// The seller (BG-4).
    public var seller: Party? { root.group(.group(4)).map { Party(.seller, $0) } }
    /// The buyer (BG-7).
    public var buyer: Party? { root.group(.group(7)).map { Party(.buyer, $0) } }
    /// The payee (BG-10), when not the seller.
    public var payee: Party? { root.group(.group(10)).map { Party(.payee, $0) } }
    /// The seller's tax representative (BG-11).
    public var taxRepresentative: Party? { root.group(.group(11)).map { Party(.taxRepresentative, $0) } }
    /// Delivery information (BG-13).
    public var delivery: Delivery? { root.group(.group(13)).map(Delivery.init) }
    /// Payment instructions (BG-16).
    public var paymentInstructions: PaymentInstructions? { root.group(.group(16)).map(PaymentInstructions.init) }
    /// Document level allowances (BG-20).
    public var allowances: [AllowanceCharge] { root.groups(.group(20)).map { AllowanceCharge(.documentAllowance, $0) } }
    /// Document level charges (BG-21).
    public var charges: [AllowanceCharge] { root.groups(.group(21)).map { AllowanceCharge(.documentCharge, $0) } }
    /// Document totals (BG-22).
    public var totals: DocumentTotals? { root.group(.group(22)).map(DocumentTotals.init) }
    /// VAT breakdown (BG-23).
    public var vatBreakdown: [VATBreakdown] { root.groups(.group(23)).map(VATBreakdown.init) }
    /// Additional supporting documents (BG-24).
    public var attachments: [Attachment] { root.groups(.group(24)).map(Attachment.init) }
    /// Invoice lines (BG-25).
    public var lines: [InvoiceLine] { root.groups(.group(25)).map(InvoiceLine.init) }
}
