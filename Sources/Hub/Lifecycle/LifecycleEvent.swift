public import Foundation

/// One transition of an invoice, in the hub's append-only log, chained by hash to the invoice's previous
/// event.
///
/// Each invoice has its own chain: event `n` of an invoice carries the hash of its event `n - 1` (the
/// genesis hash for the first), and its own hash covers its fields and that link. Editing, removing,
/// reordering or inserting an event of an invoice breaks its chain at that position; periodic audit
/// checkpoints (`AuditCheckpoint`) seal the chains' heads, so that the last events of an invoice, or a
/// whole invoice's chain, cannot go either. Writes to different invoices never touch the same chain.
public struct LifecycleEvent: Sendable, Codable, Hashable {
    /// The invoice the event is about.
    public let invoiceID: InvoiceID
    /// Its place in the invoice's chain, from 1.
    public let position: Int
    /// The status the invoice left (nil for its first event).
    public let from: InvoiceStatus?
    /// The status the invoice entered.
    public let to: InvoiceStatus
    /// When, to the millisecond.
    public let at: Date
    /// Who caused it.
    public let actor: Actor
    /// Why, for people (may be empty).
    public let reason: String
    /// The hash of the invoice's previous event (`EventChain.genesis` for its first).
    public let previousHash: String
    /// This event's hash (lowercase hex SHA-256).
    public let hash: String

    /// Creates an event from its stored fields (`EventChain` computes the hash of a new one).
    public init(
        invoiceID: InvoiceID, position: Int, from: InvoiceStatus?, to: InvoiceStatus, at: Date, actor: Actor,
        reason: String, previousHash: String, hash: String
    ) {
        self.invoiceID = invoiceID
        self.position = position
        self.from = from
        self.to = to
        self.at = at
        self.actor = actor
        self.reason = reason
        self.previousHash = previousHash
        self.hash = hash
    }

    /// Where it sits in the log.
    public var place: EventPosition { EventPosition(invoiceID: invoiceID, position: position) }

    /// The invoice's chain head once this event is appended.
    public var head: ChainHead { ChainHead(length: position, hash: hash) }

    /// The bytes the hash covers: every field but the hash itself, in a fixed layout.
    public static func hashedContent(
        invoiceID: InvoiceID, position: Int, from: InvoiceStatus?, to: InvoiceStatus, at: Date, actor: Actor,
        reason: String, previousHash: String
    ) -> Data {
        let fields = [
            "event-v2", invoiceID.rawValue, String(position), from.map { String($0.rawValue) } ?? "", String(to.rawValue),
            String(at.millisecondsSince1970), actor.description, reason, previousHash,
        ]
        // Length-prefixed so that no two field lists give the same bytes.
        return Data(fields.map { "\($0.utf8.count):\($0)" }.joined(separator: "|").utf8)
    }

    /// The bytes this event's hash should cover.
    public var hashedContent: Data {
        Self.hashedContent(
            invoiceID: invoiceID, position: position, from: from, to: to, at: at, actor: actor, reason: reason,
            previousHash: previousHash)
    }
}

/// The end of an invoice's event chain: how many events it has and the hash of the last.
public struct ChainHead: Sendable, Hashable, Codable {
    /// How many events the chain holds.
    public let length: Int
    /// The last event's hash (`EventChain.genesis` when there is none).
    public let hash: String

    /// Creates a head.
    public init(length: Int, hash: String) {
        self.length = length
        self.hash = hash
    }

    /// The head of an invoice without events.
    public static let empty = ChainHead(length: 0, hash: EventChain.genesis)
}

/// Builds the links of invoices' event chains.
public struct EventChain: Sendable {
    /// The "previous hash" of an invoice's first event.
    public static let genesis = String(repeating: "0", count: 64)

    /// SHA-256 of some bytes, as lowercase hex.
    public let sha256: @Sendable (Data) -> String

    /// Creates a chain with a SHA-256 implementation.
    public init(sha256: @escaping @Sendable (Data) -> String) { self.sha256 = sha256 }

    /// The event that follows `head` in an invoice's chain, its hash computed.
    public func next(
        after head: ChainHead, invoiceID: InvoiceID, from: InvoiceStatus?, to: InvoiceStatus, at: Date, actor: Actor,
        reason: String
    ) -> LifecycleEvent {
        // Times are kept to the millisecond, as stored.
        let at = Date(millisecondsSince1970: at.millisecondsSince1970)
        let position = head.length + 1
        let hash = sha256(
            LifecycleEvent.hashedContent(
                invoiceID: invoiceID, position: position, from: from, to: to, at: at, actor: actor, reason: reason,
                previousHash: head.hash))
        return LifecycleEvent(
            invoiceID: invoiceID, position: position, from: from, to: to, at: at, actor: actor, reason: reason,
            previousHash: head.hash, hash: hash)
    }

    /// Whether an event's stored hash matches its content.
    public func holds(_ event: LifecycleEvent) -> Bool { sha256(event.hashedContent) == event.hash }
}

extension Date {
    /// Milliseconds since 1970, as the hub stores times.
    public var millisecondsSince1970: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }

    /// A time from milliseconds since 1970.
    public init(millisecondsSince1970 millis: Int64) { self.init(timeIntervalSince1970: Double(millis) / 1000) }
}
