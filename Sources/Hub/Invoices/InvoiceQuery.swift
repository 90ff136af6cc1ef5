import Foundation
public import InvoiceModel

/// Filters and a page position for listing invoices; every filter given must hold.
public struct InvoiceQuery: Sendable, Hashable {
    /// Only these statuses (empty: all).
    public var statuses: Set<InvoiceStatus>
    /// Only invoices whose seller identifier is this (a SIRET, SIREN or VAT number as summarised).
    public var seller: String?
    /// Only invoices addressed to this buyer SIRET.
    public var buyer: String?
    /// Only invoices with this number (BT-1), exactly.
    public var number: String?
    /// Only invoices issued on or after this day (BT-2).
    public var issuedFrom: CalendarDate?
    /// Only invoices issued on or before this day (BT-2).
    public var issuedTo: CalendarDate?
    /// Only invoices this supplier organisation deposited (operators' filter; suppliers are scoped anyway).
    public var supplierOrganisationID: String?
    /// Only invoices whose number, buyer (name or SIRET) or amount due contains this text, case aside (the console's
    /// search box); an amount may be written with a decimal comma.
    public var text: String?
    /// How many to return, 1…`maximumLimit`.
    public var limit: Int
    /// Where the previous page ended (`InvoicePage.nextCursor`); nil for the first page.
    public var cursor: InvoiceCursor?

    /// The default page size.
    public static let defaultLimit = 50
    /// The largest page.
    public static let maximumLimit = 500

    /// Creates a query.
    public init(
        statuses: Set<InvoiceStatus> = [], seller: String? = nil, buyer: String? = nil, number: String? = nil,
        issuedFrom: CalendarDate? = nil, issuedTo: CalendarDate? = nil, supplierOrganisationID: String? = nil,
        limit: Int = InvoiceQuery.defaultLimit, cursor: InvoiceCursor? = nil, text: String? = nil
    ) {
        self.text = text
        self.statuses = statuses
        self.seller = seller
        self.buyer = buyer
        self.number = number
        self.issuedFrom = issuedFrom
        self.issuedTo = issuedTo
        self.supplierOrganisationID = supplierOrganisationID
        self.limit = limit
        self.cursor = cursor
    }

    /// Checks the limit and the date range.
    public func validated() throws(HubError) -> InvoiceQuery {
        guard (1...InvoiceQuery.maximumLimit).contains(limit) else {
            throw .invalidQuery("limit must be between 1 and \(InvoiceQuery.maximumLimit)")
        }
        if let from = issuedFrom, let to = issuedTo, from > to {
            throw .invalidQuery("the date range ends (\(to)) before it starts (\(from))")
        }
        for (name, value) in [("seller", seller), ("buyer", buyer), ("number", number), ("text", text)] {
            if let value, value.isEmpty || value.unicodeScalars.count > 200 {  // code points, as the OpenAPI maxLength
                throw .invalidQuery("\(name) must have 1 to 200 characters")
            }
        }
        return self
    }
}

extension InvoiceQuery {
    /// `text` as a `LIKE` pattern (`%…%`, with `\` escaping `%`, `_` and itself), for the text columns.
    public var textPattern: String? {
        text.map { "%" + Self.escapedForLike($0.lowercased()) + "%" }
    }

    /// `text` as a `LIKE` pattern for the amount column: a decimal comma read as a point (`1 234,50` → `1234.50`).
    public var amountPattern: String? {
        text.map { "%" + Self.escapedForLike($0.replacingOccurrences(of: ",", with: ".").filter { !$0.isWhitespace }) + "%" }
    }

    private static func escapedForLike(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }
}

/// A position in the listing (newest first): the internal sequence of the last invoice returned.
public struct InvoiceCursor: Sendable, Hashable, CustomStringConvertible {
    /// The sequence of the last invoice of the previous page; the next page starts below it.
    public let sequence: Int64

    /// Creates a cursor.
    public init(sequence: Int64) { self.sequence = sequence }

    /// Reads a cursor as `description` writes it.
    /// - Throws: `HubError.invalidQuery` when the text is not a cursor.
    public init(_ text: String) throws(HubError) {
        let digits = text.utf8.dropFirst()
        guard text.hasPrefix("c"), (1...12).contains(digits.count),
            digits.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x7A).contains($0) }),
            let value = Int64(text.dropFirst(), radix: 36), value > 0
        else { throw .invalidQuery("the cursor is not one this hub gave") }
        sequence = value
    }

    /// `c` then the sequence in base 36: opaque to clients, stable across filters.
    public var description: String { "c" + String(sequence, radix: 36) }
}

/// One page of a listing.
public struct InvoicePage: Sendable, Hashable {
    /// The invoices, newest first.
    public let invoices: [InvoiceSummary]
    /// Where the next page starts; nil on the last page.
    public let nextCursor: InvoiceCursor?

    /// Creates a page.
    public init(invoices: [InvoiceSummary], nextCursor: InvoiceCursor?) {
        self.invoices = invoices
        self.nextCursor = nextCursor
    }
}
