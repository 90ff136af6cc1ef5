/// Why a hub operation could not be done. The edges translate these: HTTP statuses, exit codes.
public enum HubError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No organisation has this id.
    case unknownOrganisation(String)
    /// An organisation's fields are not acceptable (bad id, no name, an identifier owned by another…).
    case invalidOrganisation(id: String, reason: String)
    /// A credential's role does not fit the organisation it is for (a buyer role for a supplier…).
    case roleMismatch(organisation: String, kind: OrganisationKind, role: Role)
    /// A directory file has bad lines; nothing of it was imported.
    case directoryFile([DirectoryLineError])
    /// A data file of the hub (tenants, directory) could not be read.
    case unreadableFile(path: String, reason: String)
    /// No invoice has this id, or the caller may not see it.
    case invoiceNotFound(InvoiceID)
    /// The lifecycle does not allow this transition from the invoice's current status.
    case transitionNotAllowed(invoiceID: InvoiceID, from: InvoiceStatus, to: InvoiceStatus)
    /// This role may not set this status.
    case transitionForbidden(role: Role, to: InvoiceStatus)
    /// No delivery has this id.
    case deliveryNotFound(String)
    /// The delivery was delivered: there is nothing to send again.
    case deliveryDone(String)
    /// A buyer channel's configuration is not acceptable (the reason names the field).
    case invalidChannel(String)
    /// No channel has this id for this buyer.
    case channelNotFound(String)
    /// A webhook subscription is not acceptable (the reason says why).
    case invalidSubscription(String)
    /// No subscription has this id for this organisation.
    case subscriptionNotFound(String)
    /// E-mail alert settings are not acceptable (the reason says why).
    case invalidAlerts(String)
    /// A console user is not acceptable (the reason says why: the address, the password, a duplicate).
    case invalidUser(String)
    /// The caller's role may not do this (the reason says what).
    case notAllowed(String)
    /// A listing query is not acceptable (limit out of range, unreadable cursor, inverted dates…).
    case invalidQuery(String)
    /// The storage failed (I/O, corrupt file, unreachable server); the message is for operators.
    case storage(String)
    /// A unique index refused a row because a concurrent unit of work wrote its twin first; running the unit
    /// of work again sees that row (`HubStore.writeRetryingConflicts`).
    case conflict(String)

    /// A stable machine-readable code.
    public var code: String {
        switch self {
        case .unknownOrganisation: "unknown-organisation"
        case .invalidOrganisation: "invalid-organisation"
        case .roleMismatch: "role-mismatch"
        case .directoryFile: "directory-file"
        case .unreadableFile: "unreadable-file"
        case .invoiceNotFound: "invoice-not-found"
        case .transitionNotAllowed: "transition-not-allowed"
        case .transitionForbidden: "transition-forbidden"
        case .deliveryNotFound: "delivery-not-found"
        case .deliveryDone: "delivery-done"
        case .invalidChannel: "invalid-channel"
        case .channelNotFound: "channel-not-found"
        case .invalidSubscription: "invalid-subscription"
        case .subscriptionNotFound: "subscription-not-found"
        case .invalidAlerts: "invalid-alerts"
        case .invalidUser: "invalid-user"
        case .notAllowed: "not-allowed"
        case .invalidQuery: "invalid-query"
        case .storage: "storage"
        case .conflict: "conflict"
        }
    }

    public var description: String {
        switch self {
        case .unknownOrganisation(let id): return "no organisation has the id \(id)"
        case .invalidOrganisation(let id, let reason): return "organisation \(id): \(reason)"
        case .roleMismatch(let organisation, let kind, let role):
            return "organisation \(organisation) is a \(kind.rawValue) organisation; it cannot hold the \(role.rawValue) role"
        case .directoryFile(let errors):
            let shown = errors.prefix(20).map(\.description)
            let more = errors.count > 20 ? ["… and \(errors.count - 20) more bad lines"] : []
            return "the directory file has \(errors.count) bad line(s); nothing was imported:\n"
                + (shown + more).joined(separator: "\n")
        case .unreadableFile(let path, let reason): return "\(path): \(reason)"
        case .invoiceNotFound(let id): return "no invoice \(id)"
        case .transitionNotAllowed(let id, let from, let to):
            return "invoice \(id) is \(from.rawValue) \(from.englishName); it cannot become \(to.rawValue) \(to.englishName)"
        case .transitionForbidden(let role, let to):
            return "a \(role.rawValue) may not set the status \(to.rawValue) \(to.englishName)"
        case .deliveryNotFound(let id): return "no delivery \(id)"
        case .deliveryDone(let id): return "delivery \(id) was delivered; there is nothing to send again"
        case .invalidChannel(let reason): return "invalid channel: \(reason)"
        case .channelNotFound(let id): return "no channel \(id)"
        case .invalidSubscription(let reason): return "invalid subscription: \(reason)"
        case .subscriptionNotFound(let id): return "no subscription \(id)"
        case .invalidAlerts(let reason): return "invalid alert settings: \(reason)"
        case .invalidUser(let reason): return "invalid user: \(reason)"
        case .notAllowed(let reason): return reason
        case .invalidQuery(let reason): return reason
        case .storage(let message): return "storage error: \(message)"
        case .conflict(let message): return "conflicting concurrent write: \(message)"
        }
    }
}

/// One bad line of a directory file.
public struct DirectoryLineError: Sendable, Equatable, CustomStringConvertible {
    /// The 1-based line where the record starts.
    public let line: Int
    /// What is wrong with it.
    public let reason: String

    /// Creates a line error.
    public init(line: Int, reason: String) {
        self.line = line
        self.reason = reason
    }

    public var description: String { "line \(line): \(reason)" }
}
