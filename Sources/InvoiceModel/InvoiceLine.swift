/// An invoice line (BG-25) with its period, allowances, charges, price, VAT and item.
public struct InvoiceLine: Sendable, Hashable {
    /// The line group, generic.
    public let group: BusinessGroup

    /// Wraps a line group.
    public init(_ group: BusinessGroup) { self.group = group }

    /// Invoice line identifier (BT-126).
    public var id: String? { group.text("BT-126") }
    /// Invoice line note (BT-127).
    public var note: String? { group.text("BT-127") }
    /// Invoiced quantity (BT-129).
    public var quantity: ExactDecimal? { group.decimal("BT-129") }
    /// Invoiced quantity unit of measure code (BT-130, UN/ECE Rec 20/21).
    public var unitCode: String? { group.text("BT-130") }
    /// Invoice line net amount (BT-131).
    public var netAmount: ExactDecimal? { group.decimal("BT-131") }
    /// Referenced purchase order line (BT-132).
    public var orderLineReference: String? { group.text("BT-132") }
    /// Buyer accounting reference of the line (BT-133).
    public var accountingReference: String? { group.text("BT-133") }
    /// Line period start (BT-134).
    public var periodStart: CalendarDate? { group.value("BT-134", in: "BG-26")?.date }
    /// Line period end (BT-135).
    public var periodEnd: CalendarDate? { group.value("BT-135", in: "BG-26")?.date }
    /// Line allowances (BG-27).
    public var allowances: [AllowanceCharge] { group.groups("BG-27").map { AllowanceCharge(.lineAllowance, $0) } }
    /// Line charges (BG-28).
    public var charges: [AllowanceCharge] { group.groups("BG-28").map { AllowanceCharge(.lineCharge, $0) } }
    /// Item net price (BT-146).
    public var netPrice: ExactDecimal? { group.value("BT-146", in: "BG-29")?.decimal }
    /// Item price discount (BT-147).
    public var priceDiscount: ExactDecimal? { group.value("BT-147", in: "BG-29")?.decimal }
    /// Item gross price (BT-148).
    public var grossPrice: ExactDecimal? { group.value("BT-148", in: "BG-29")?.decimal }
    /// Item price base quantity (BT-149).
    public var priceBaseQuantity: ExactDecimal? { group.value("BT-149", in: "BG-29")?.decimal }
    /// Invoiced item VAT category code (BT-151).
    public var vatCategory: String? { group.value("BT-151", in: "BG-30")?.text }
    /// Invoiced item VAT rate (BT-152).
    public var vatRate: ExactDecimal? { group.value("BT-152", in: "BG-30")?.decimal }
    /// Item name (BT-153).
    public var itemName: String? { group.value("BT-153", in: "BG-31")?.text }
    /// Item description (BT-154).
    public var itemDescription: String? { group.value("BT-154", in: "BG-31")?.text }
    /// Item seller's identifier (BT-155).
    public var sellerItemID: String? { group.value("BT-155", in: "BG-31")?.text }
    /// Item standard identifier (BT-157) with its scheme.
    public var standardItemID: Identifier? { group.value("BT-157", in: "BG-31")?.identifier }
}

/// One allowance or charge, on the document (BG-20, BG-21) or on a line (BG-27, BG-28).
public struct AllowanceCharge: Sendable, Hashable {
    /// Where the allowance or charge applies and which it is.
    public enum Kind: Sendable, Hashable {
        case documentAllowance, documentCharge, lineAllowance, lineCharge

        /// Whether it adds to the amount (a charge) rather than reduces it.
        public var isCharge: Bool { self == .documentCharge || self == .lineCharge }
    }

    /// Which of the four groups this is.
    public let kind: Kind
    /// The group, generic.
    public let group: BusinessGroup

    /// Wraps an allowance or charge group.
    public init(_ kind: Kind, _ group: BusinessGroup) {
        self.kind = kind
        self.group = group
    }

    /// The first term of the group: BT-92, BT-99, BT-136, BT-141; the others follow it.
    private var first: Int {
        switch kind {
        case .documentAllowance: return 92
        case .documentCharge: return 99
        case .lineAllowance: return 136
        case .lineCharge: return 141
        }
    }
    private var isDocumentLevel: Bool { kind == .documentAllowance || kind == .documentCharge }

    /// Amount (BT-92, BT-99, BT-136, BT-141).
    public var amount: ExactDecimal? { group.decimal(.term(first)) }
    /// Base amount (BT-93, BT-100, BT-137, BT-142).
    public var baseAmount: ExactDecimal? { group.decimal(.term(first + 1)) }
    /// Percentage (BT-94, BT-101, BT-138, BT-143).
    public var percentage: ExactDecimal? { group.decimal(.term(first + 2)) }
    /// VAT category code (BT-95, BT-102; document level only).
    public var vatCategory: String? { isDocumentLevel ? group.text(.term(first + 3)) : nil }
    /// VAT rate (BT-96, BT-103; document level only).
    public var vatRate: ExactDecimal? { isDocumentLevel ? group.decimal(.term(first + 4)) : nil }
    /// Reason (BT-97, BT-104, BT-139, BT-144).
    public var reason: String? { group.text(.term(first + (isDocumentLevel ? 5 : 3))) }
    /// Reason code (BT-98, BT-105, BT-140, BT-145).
    public var reasonCode: String? { group.text(.term(first + (isDocumentLevel ? 6 : 4))) }
}
