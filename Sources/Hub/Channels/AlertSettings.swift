public import Foundation

/// Who in an organisation gets e-mails when its invoices change, and for which statuses, in which language.
public struct AlertSettings: Sendable, Hashable, Codable {
    /// The language of the mails.
    public enum Language: String, Sendable, Hashable, Codable, CaseIterable {
        case fr, en
    }

    /// The organisation.
    public let organisationID: String
    /// Where mails go (none: no mail).
    public var addresses: [String]
    /// The statuses whose events send a mail.
    public var statuses: Set<InvoiceStatus>
    /// The language.
    public var language: Language
    /// When they were last changed.
    public var updatedAt: Date

    /// Creates settings.
    public init(organisationID: String, addresses: [String], statuses: Set<InvoiceStatus>, language: Language, updatedAt: Date) {
        self.organisationID = organisationID
        self.addresses = addresses
        self.statuses = statuses
        self.language = language
        self.updatedAt = Date(millisecondsSince1970: updatedAt.millisecondsSince1970)
    }

    /// What a supplier hears of by default: its invoice rejected, made available to the buyer, disputed, paid.
    public static let supplierDefault: Set<InvoiceStatus> = [.rejected, .madeAvailable, .disputed, .paid]
    /// What a buyer hears of by default: an invoice made available to it.
    public static let buyerDefault: Set<InvoiceStatus> = [.madeAvailable]

    /// Whether `address` looks like an e-mail address a mail server takes: `local@domain`, no spaces, no angle
    /// brackets nor line breaks (which would let a value write headers), at most 254 characters.
    public static func isAddress(_ address: String) -> Bool {
        guard address.utf8.count <= 254, address.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "<") && $0 != UInt8(ascii: ">") })
        else { return false }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix(".") else {
            return false
        }
        return true
    }
}

/// One invoice change an alert tells of.
public struct AlertItem: Sendable, Hashable {
    /// The invoice.
    public let invoiceID: InvoiceID
    /// Its number.
    public let number: String?
    /// The supplier's name.
    public let supplier: String?
    /// The buyer's name.
    public let buyer: String?
    /// The amount due, as written, with its currency.
    public let amount: String?
    /// The status it reached.
    public let status: InvoiceStatus
    /// When.
    public let at: Date
    /// Why (the portal's or the buyer's comment), may be empty.
    public let reason: String

    /// Creates an item.
    public init(invoiceID: InvoiceID, number: String?, supplier: String?, buyer: String?, amount: String?, status: InvoiceStatus, at: Date, reason: String) {
        self.invoiceID = invoiceID
        self.number = number
        self.supplier = supplier
        self.buyer = buyer
        self.amount = amount
        self.status = status
        self.at = at
        self.reason = reason
    }
}

/// An e-mail to send: one change, or a digest of several.
public struct AlertMail: Sendable, Hashable {
    /// Recipients.
    public let to: [String]
    /// The recipient organisation's language.
    public let language: AlertSettings.Language
    /// The organisation's name.
    public let organisation: String
    /// What changed, oldest first.
    public let items: [AlertItem]

    /// Creates a mail.
    public init(to: [String], language: AlertSettings.Language, organisation: String, items: [AlertItem]) {
        self.to = to
        self.language = language
        self.organisation = organisation
        self.items = items
    }

    /// Whether it tells of several changes at once.
    public var isDigest: Bool { items.count > 1 }
}

/// What sends alert mails (`SMTPMailer`, at the edge: templates and SMTP).
public protocol AlertMailer: Sendable {
    /// Sends `mail`; returns when the mail server accepted it.
    /// - Throws: `DeliveryFailure` (`refused`: the server refused the sender or every recipient for good).
    func send(_ mail: AlertMail) async throws(DeliveryFailure)
}

/// Alert settings as the stores keep them: addresses one per line, statuses as comma-separated codes.
public struct AlertSettingsColumns: Sendable {
    /// The addresses, one per line.
    public let addresses: String
    /// The status codes, ascending, comma-separated.
    public let statuses: String

    /// The columns of `settings`.
    public init(_ settings: AlertSettings) {
        addresses = settings.addresses.joined(separator: "\n")
        statuses = settings.statuses.map(\.rawValue).sorted().map(String.init).joined(separator: ",")
    }

    /// Settings read back from their columns.
    /// - Throws: `HubError.storage` for a language or status no version of the hub wrote.
    public static func settings(organisationID: String, addresses: String, statuses: String, language: String, updatedAt: Int64) throws
        -> AlertSettings
    {
        guard let language = AlertSettings.Language(rawValue: language) else {
            throw HubError.storage("alert settings of \(organisationID) have an unknown language \(language)")
        }
        var set: Set<InvoiceStatus> = []
        for code in statuses.split(separator: ",") {
            guard let value = Int(code), let status = InvoiceStatus(rawValue: value) else {
                throw HubError.storage("alert settings of \(organisationID) have an unknown status \(code)")
            }
            set.insert(status)
        }
        return AlertSettings(
            organisationID: organisationID, addresses: addresses.split(separator: "\n").map(String.init), statuses: set, language: language,
            updatedAt: Date(millisecondsSince1970: updatedAt))
    }
}
