public import Foundation

/// One transition in the hub's append-only event log, chained to the event before it by hash.
///
/// The chain runs over the whole log, in sequence order: each event's hash covers its own fields
/// and the previous event's hash, so editing, removing or reordering any event breaks every link
/// after it, and `EventChain.verify` names the first broken one.
public struct LifecycleEvent: Sendable, Codable, Hashable {
    /// Position in the log, from 1.
    public let sequence: Int64
    /// The invoice the event is about.
    public let invoiceID: String
    /// The status the invoice left (nil for its first event).
    public let from: InvoiceStatus?
    /// The status the invoice entered.
    public let to: InvoiceStatus
    /// When, to the millisecond.
    public let at: Date
    /// Who caused it: `supplier:<org>`, `buyer:<org>`, `operator:<org>`, `hub`, `portal`.
    public let actor: String
    /// Why, for people (may be empty).
    public let reason: String
    /// The previous event's hash (`EventChain.genesis` for the first event).
    public let previousHash: String
    /// This event's hash (lowercase hex SHA-256).
    public let hash: String

    /// Creates an event from its stored fields (`EventChain.next` computes the hash of a new one).
    public init(
        sequence: Int64, invoiceID: String, from: InvoiceStatus?, to: InvoiceStatus, at: Date, actor: String,
        reason: String, previousHash: String, hash: String
    ) {
        self.sequence = sequence
        self.invoiceID = invoiceID
        self.from = from
        self.to = to
        self.at = at
        self.actor = actor
        self.reason = reason
        self.previousHash = previousHash
        self.hash = hash
    }

    /// The bytes the hash covers: every field but the hash itself, in a fixed layout.
    public static func hashedContent(
        sequence: Int64, invoiceID: String, from: InvoiceStatus?, to: InvoiceStatus, at: Date,
        actor: String, reason: String, previousHash: String
    ) -> Data {
        let millis = Int64((at.timeIntervalSince1970 * 1000).rounded())
        let fields = [
            String(sequence), invoiceID, from.map { String($0.rawValue) } ?? "", String(to.rawValue), String(millis),
            actor, reason, previousHash,
        ]
        // Length-prefixed so that no two field lists give the same bytes.
        return Data(fields.map { "\($0.utf8.count):\($0)" }.joined(separator: "|").utf8)
    }
}

/// Builds and checks the hash chain of the event log.
public struct EventChain: Sendable {
    /// The "previous hash" of the first event.
    public static let genesis = String(repeating: "0", count: 64)

    /// SHA-256 of some bytes, as lowercase hex.
    public let sha256: @Sendable (Data) -> String

    /// Creates a chain with a SHA-256 implementation.
    public init(sha256: @escaping @Sendable (Data) -> String) { self.sha256 = sha256 }

    /// The event that follows `previous` (nil: the log is empty) with these fields, its hash computed.
    public func next(
        after previous: (sequence: Int64, hash: String)?, invoiceID: String, from: InvoiceStatus?, to: InvoiceStatus,
        at: Date, actor: String, reason: String
    ) -> LifecycleEvent {
        let sequence = (previous?.sequence ?? 0) + 1
        let previousHash = previous?.hash ?? EventChain.genesis
        // Times are kept to the millisecond, as stored.
        let at = Date(timeIntervalSince1970: (at.timeIntervalSince1970 * 1000).rounded() / 1000)
        let hash = sha256(
            LifecycleEvent.hashedContent(
                sequence: sequence, invoiceID: invoiceID, from: from, to: to, at: at, actor: actor, reason: reason,
                previousHash: previousHash))
        return LifecycleEvent(
            sequence: sequence, invoiceID: invoiceID, from: from, to: to, at: at, actor: actor, reason: reason,
            previousHash: previousHash, hash: hash)
    }

    /// What is wrong with a log, at its first broken link.
    public enum Break: Sendable, Equatable, CustomStringConvertible {
        /// Sequence numbers skip or repeat: an event is missing or duplicated.
        case gap(expected: Int64, found: Int64)
        /// The event does not point at the hash of the event before it.
        case unlinked(sequence: Int64)
        /// The event's stored hash does not match its content: it was altered.
        case altered(sequence: Int64)
        /// The transition is not allowed by the lifecycle, or contradicts the invoice's previous status.
        case invalidTransition(sequence: Int64, invoiceID: String)

        public var description: String {
            switch self {
            case .gap(let expected, let found): "event \(expected) is missing (found \(found) in its place)"
            case .unlinked(let sequence): "event \(sequence) does not point at the hash of event \(sequence - 1)"
            case .altered(let sequence): "event \(sequence) was altered: its hash does not match its content"
            case .invalidTransition(let sequence, let invoice): "event \(sequence) is not a valid transition for invoice \(invoice)"
            }
        }
    }

    /// Walks events in sequence order and returns the first broken link, or nil when the chain holds.
    public func verify(_ events: some Sequence<LifecycleEvent>) -> Break? {
        var walk = ChainWalk(chain: self)
        for event in events {
            if let broken = walk.step(event) { return broken }
        }
        return nil
    }
}

/// Checks a log one event at a time, so that a log too long for memory can be read in pages.
public struct ChainWalk: Sendable {
    /// The chain's hash function.
    public let chain: EventChain
    /// The sequence the next event must have.
    public private(set) var expected: Int64 = 1
    /// The hash the next event must point at.
    public private(set) var previousHash = EventChain.genesis
    /// The status each invoice reached, according to the events so far.
    public private(set) var statuses: [String: InvoiceStatus] = [:]

    /// Starts a walk at the beginning of the log.
    public init(chain: EventChain) { self.chain = chain }

    /// Checks the next event; returns the break it shows, or nil when it links well.
    public mutating func step(_ event: LifecycleEvent) -> EventChain.Break? {
        if event.sequence != expected { return .gap(expected: expected, found: event.sequence) }
        if event.previousHash != previousHash { return .unlinked(sequence: event.sequence) }
        let content = LifecycleEvent.hashedContent(
            sequence: event.sequence, invoiceID: event.invoiceID, from: event.from, to: event.to, at: event.at,
            actor: event.actor, reason: event.reason, previousHash: event.previousHash)
        if chain.sha256(content) != event.hash { return .altered(sequence: event.sequence) }
        if event.from != statuses[event.invoiceID] || !Lifecycle.allows(from: event.from, to: event.to) {
            return .invalidTransition(sequence: event.sequence, invoiceID: event.invoiceID)
        }
        statuses[event.invoiceID] = event.to
        previousHash = event.hash
        expected += 1
        return nil
    }
}
