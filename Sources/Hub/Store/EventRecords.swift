/// The lifecycle log and its audit checkpoints, as stored.
public protocol EventReads {
    /// The invoice's events, by position.
    func events(of id: InvoiceID) throws -> [LifecycleEvent]
    /// Every event of the invoices whose id is above `lower` (nil: no bound) and at most `upper` (nil: no
    /// bound), ordered by invoice id then position: the audit's walk through the whole log, events of
    /// invoices that no longer exist included.
    func events(after lower: InvoiceID?, through upper: InvoiceID?) throws -> [LifecycleEvent]
    /// The invoices' stored statuses and chain heads, ordered by id, after `id` (nil: from the start), at
    /// most `limit`.
    func chainStates(after id: InvoiceID?, limit: Int) throws -> [ChainState]
    /// The hashes of the events at these places (absent places are left out).
    func hashes(at places: [EventPosition]) throws -> [EventPosition: String]
    /// The latest checkpoint, its heads left out.
    func lastCheckpoint() throws -> AuditCheckpoint?
    /// Checkpoints with a sequence above `sequence`, in order, at most `limit`, each with the heads it sealed.
    func checkpoints(after sequence: Int64, limit: Int) throws -> [AuditCheckpoint]
}

/// Writes to the lifecycle log. Events and checkpoints are append-only: the databases refuse updates and
/// deletes.
public protocol EventWrites: EventReads {
    /// Appends an event (unique per invoice and position). The store numbers events in the order they are
    /// stored (the log's mark, which checkpoints use; it is not part of any hash).
    func append(_ event: LifecycleEvent) throws
    /// The chains that grew since the mark `mark`: the last event of each invoice among the events stored
    /// after it, at most `limit` events read, and the mark of the last event read (`mark` itself when none).
    /// No event stored later can take a mark at or below the one returned: a store whose concurrent
    /// transactions take marks out of commit order holds new events back until this unit of work ends.
    func chainsGrown(after mark: Int64, limit: Int) throws -> (heads: [SealedHead], through: Int64)
    /// Appends a checkpoint with the heads it seals (unique per sequence).
    func insert(_ checkpoint: AuditCheckpoint) throws
}

/// Where an event sits: its invoice and its position in the invoice's chain.
public struct EventPosition: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The invoice.
    public let invoiceID: InvoiceID
    /// 1 for the invoice's first event.
    public let position: Int

    /// Creates a position.
    public init(invoiceID: InvoiceID, position: Int) {
        self.invoiceID = invoiceID
        self.position = position
    }

    public static func < (a: EventPosition, b: EventPosition) -> Bool {
        (a.invoiceID, a.position) < (b.invoiceID, b.position)
    }

    public var description: String { "event \(position) of invoice \(invoiceID)" }
}

/// An invoice's stored status and chain head, as the audit compares them with its events.
public struct ChainState: Sendable, Hashable {
    /// The invoice.
    public let invoiceID: InvoiceID
    /// Its status as stored on the invoice.
    public let status: InvoiceStatus
    /// Its chain's length and last hash as stored on the invoice.
    public let head: ChainHead

    /// Creates a state.
    public init(invoiceID: InvoiceID, status: InvoiceStatus, head: ChainHead) {
        self.invoiceID = invoiceID
        self.status = status
        self.head = head
    }
}
