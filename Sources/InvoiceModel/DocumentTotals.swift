/// Document totals (BG-22).
public struct DocumentTotals: Sendable, Hashable {
    /// The totals group, generic.
    public let group: BusinessGroup

    /// Wraps the totals group.
    public init(_ group: BusinessGroup) { self.group = group }

    /// Sum of invoice line net amounts (BT-106).
    public var lineNetSum: ExactDecimal? { group.decimal("BT-106") }
    /// Sum of allowances on document level (BT-107).
    public var allowanceTotal: ExactDecimal? { group.decimal("BT-107") }
    /// Sum of charges on document level (BT-108).
    public var chargeTotal: ExactDecimal? { group.decimal("BT-108") }
    /// Invoice total amount without VAT (BT-109).
    public var taxExclusive: ExactDecimal? { group.decimal("BT-109") }
    /// Invoice total VAT amount (BT-110).
    public var vatTotal: ExactDecimal? { group.decimal("BT-110") }
    /// Invoice total VAT amount in accounting currency (BT-111).
    public var vatTotalInAccountingCurrency: ExactDecimal? { group.decimal("BT-111") }
    /// Invoice total amount with VAT (BT-112).
    public var taxInclusive: ExactDecimal? { group.decimal("BT-112") }
    /// Paid amount (BT-113).
    public var paid: ExactDecimal? { group.decimal("BT-113") }
    /// Rounding amount (BT-114).
    public var rounding: ExactDecimal? { group.decimal("BT-114") }
    /// Amount due for payment (BT-115).
    public var amountDue: ExactDecimal? { group.decimal("BT-115") }
}

/// One VAT breakdown (BG-23): the taxable base and tax of one VAT category and rate.
public struct VATBreakdown: Sendable, Hashable {
    /// The breakdown group, generic.
    public let group: BusinessGroup

    /// Wraps a breakdown group.
    public init(_ group: BusinessGroup) { self.group = group }

    /// VAT category taxable amount (BT-116).
    public var taxableAmount: ExactDecimal? { group.decimal("BT-116") }
    /// VAT category tax amount (BT-117).
    public var taxAmount: ExactDecimal? { group.decimal("BT-117") }
    /// VAT category code (BT-118, UNTDID 5305).
    public var categoryCode: String? { group.text("BT-118") }
    /// VAT category rate (BT-119).
    public var rate: ExactDecimal? { group.decimal("BT-119") }
    /// VAT exemption reason text (BT-120).
    public var exemptionReason: String? { group.text("BT-120") }
    /// VAT exemption reason code (BT-121, VATEX).
    public var exemptionReasonCode: String? { group.text("BT-121") }
}
