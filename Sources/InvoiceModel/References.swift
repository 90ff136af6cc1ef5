/// An invoice note (BG-1).
public struct InvoiceNote: Sendable, Hashable {
    /// The note group, generic.
    public let group: BusinessGroup

    /// Wraps a note group.
    public init(_ group: BusinessGroup) { self.group = group }

    /// Subject code (BT-21, UNTDID 4451).
    public var subjectCode: String? { group.text("BT-21") }
    /// The note (BT-22).
    public var text: String? { group.text("BT-22") }
}

/// A preceding invoice reference (BG-3).
public struct PrecedingInvoiceReference: Sendable, Hashable {
    /// The reference group, generic.
    public let group: BusinessGroup

    /// Wraps a reference group.
    public init(_ group: BusinessGroup) { self.group = group }

    /// Preceding invoice reference (BT-25).
    public var number: String? { group.text("BT-25") }
    /// Preceding invoice issue date (BT-26).
    public var issueDate: CalendarDate? { group.date("BT-26") }
}

/// An additional supporting document (BG-24): a reference, a link or an embedded file.
public struct Attachment: Sendable, Hashable {
    /// The document group, generic.
    public let group: BusinessGroup

    /// Wraps a supporting document group.
    public init(_ group: BusinessGroup) { self.group = group }

    /// Supporting document reference (BT-122).
    public var reference: String? { group.text("BT-122") }
    /// Description (BT-123).
    public var description: String? { group.text("BT-123") }
    /// External document location (BT-124).
    public var externalLocation: String? { group.text("BT-124") }
    /// Attached document (BT-125) with MIME code and file name.
    public var document: BinaryObject? { group["BT-125"]?.binary }
}

/// Delivery information (BG-13), with the invoicing period (BG-14) and deliver-to address (BG-15).
public struct Delivery: Sendable, Hashable {
    /// The delivery group, generic.
    public let group: BusinessGroup

    /// Wraps the delivery group.
    public init(_ group: BusinessGroup) { self.group = group }

    /// Deliver to party name (BT-70).
    public var partyName: String? { group.text("BT-70") }
    /// Deliver to location identifier (BT-71).
    public var locationID: Identifier? { group.identifier("BT-71") }
    /// Actual delivery date (BT-72).
    public var actualDate: CalendarDate? { group.date("BT-72") }
    /// Invoicing period start date (BT-73).
    public var periodStart: CalendarDate? { group.value("BT-73", in: "BG-14")?.date }
    /// Invoicing period end date (BT-74).
    public var periodEnd: CalendarDate? { group.value("BT-74", in: "BG-14")?.date }
    /// Deliver to address (BG-15).
    public var address: PostalAddress? { group.group("BG-15").map { PostalAddress("BG-15", $0) } }
}

/// Payment instructions (BG-16) with credit transfers (BG-17), card (BG-18) and direct debit (BG-19).
public struct PaymentInstructions: Sendable, Hashable {
    /// The payment instructions group, generic.
    public let group: BusinessGroup

    /// Wraps the payment instructions group.
    public init(_ group: BusinessGroup) { self.group = group }

    /// Payment means type code (BT-81, UNTDID 4461).
    public var meansCode: String? { group.text("BT-81") }
    /// Payment means text (BT-82).
    public var meansText: String? { group.text("BT-82") }
    /// Remittance information (BT-83).
    public var remittanceInformation: String? { group.text("BT-83") }
    /// Payment accounts for credit transfers (BT-84 of each BG-17).
    public var creditTransferAccounts: [String] { group.groups("BG-17").compactMap { $0.text("BT-84") } }
    /// Payment card primary account number (BT-87).
    public var cardAccount: String? { group.value("BT-87", in: "BG-18")?.text }
    /// Mandate reference identifier (BT-89).
    public var mandateReference: String? { group.value("BT-89", in: "BG-19")?.text }
    /// Bank assigned creditor identifier (BT-90).
    public var creditorIdentifier: String? { group.value("BT-90", in: "BG-19")?.text }
    /// Debited account identifier (BT-91).
    public var debitedAccount: String? { group.value("BT-91", in: "BG-19")?.text }
}
