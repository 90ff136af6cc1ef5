public import ServiceLifecycle

/// Everything the hub keeps, behind one small interface: units of work over primitive operations.
///
/// ```swift
/// let event = try await store.write { tx in
///     guard let invoice = try tx.lock(id) else { throw HubError.invoiceNotFound(id) }
///     …                                   // the domain decides (Hub), the store only stores
///     try tx.append(event)
///     try tx.update(id, status: event.to, chain: event.head)
///     return event
/// }
/// ```
///
/// A `write` body runs in one transaction: everything it writes lands together or not at all, and every
/// state change is written with the rows it implies in one `write`. Bodies are synchronous on purpose:
/// nothing waits on the network or a clock inside a transaction, so transactions stay short; the
/// adapters run them where their connection lives (SQLite: the writer's thread, with group commit;
/// PostgreSQL: a pool of threads, one connection each). A body may run again when the store reports a
/// conflict with a concurrent transaction (`HubError.conflict`, see `writeRetryingConflicts`), so it
/// must only read and write through the transaction.
///
/// The domain's rules (duplicates, allowed transitions, event chaining, visibility) live in `Hub`,
/// never in an adapter; the databases back them with unique indexes. Adapters throw `HubError.storage`
/// for their own failures and `HubError.conflict` when a unique index refused a row.
public protocol HubStore: Sendable {
    /// Runs `body` over a consistent view of the store and returns what it returns.
    func read<T: Sendable>(_ body: @escaping @Sendable (any StoreReads) throws -> T) async throws -> T

    /// Runs `body` in one transaction and returns what it returns once the transaction is durable.
    /// - Parameters:
    ///   - size: roughly how many bytes the body writes; a store may commit large writes on their own so
    ///     that they do not delay small ones (SQLite's group commit does).
    ///   - body: the unit of work; an error it throws rolls everything back and is rethrown.
    func write<T: Sendable>(size: Int, _ body: @escaping @Sendable (any StoreWrites) throws -> T) async throws -> T

    /// Background work the store needs while it is used (PostgreSQL's connection pool, SQLite's log
    /// checkpoints): services of the hub's `ServiceGroup`, or run around a short use (the command line's
    /// `StoreLocation.withStore`). PostgreSQL's units of work wait for its pool to run; SQLite's run without.
    var services: [any Service] { get }
}

extension HubStore {
    /// A unit of work of ordinary size.
    public func write<T: Sendable>(_ body: @escaping @Sendable (any StoreWrites) throws -> T) async throws -> T {
        try await write(size: 0, body)
    }

    /// Runs a unit of work, running it again (up to `attempts` times) when a concurrent transaction wrote
    /// a row that a unique index of the store keeps unique: the next run sees that row and decides again
    /// (a duplicate instead of an insert, a replay instead of a second idempotency record).
    public func writeRetryingConflicts<T: Sendable>(
        size: Int = 0, attempts: Int = 4, _ body: @escaping @Sendable (any StoreWrites) throws -> T
    ) async throws -> T {
        var attempt = 1
        while true {
            do {
                return try await write(size: size, body)
            } catch HubError.conflict where attempt < attempts {
                attempt += 1
            }
        }
    }
}

/// What a read-only unit of work may do, by concern.
public typealias StoreReads = TenantReads & AccountReads & DirectoryReads & InvoiceReads & EventReads & DeliveryReads & ChannelReads & OperationReads

/// What a unit of work may do, by concern.
public typealias StoreWrites = TenantWrites & AccountWrites & DirectoryWrites & InvoiceWrites & EventWrites & DeliveryWrites & ChannelWrites & OperationWrites
