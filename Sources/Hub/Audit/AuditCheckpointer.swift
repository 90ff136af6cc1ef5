public import Foundation
public import Logging
public import ServiceLifecycle

/// Seals the heads of the chains that grew, every `interval`, in a checkpoint chained to the one before
/// (`AuditCheckpoint`). A service of `hermine serve`: several hub nodes may run it on one database; when
/// two seal at once, the checkpoint sequence's unique index keeps one and the other tries again later.
/// Sealing reads the events stored since the last checkpoint, `maximumEvents` at most at a time.
public struct AuditCheckpointer: Service {
    /// Where the log is kept.
    public let store: any HubStore
    /// How often to seal.
    public let interval: Duration
    /// The most events one checkpoint reads (the rest wait for the next).
    public let maximumEvents: Int
    private let chain: EventChain
    private let logger: Logger

    /// Creates the service.
    public init(
        store: any HubStore, interval: Duration = .seconds(1), maximumEvents: Int = 50_000, chain: EventChain = .standard,
        logger: Logger = Logger(label: "hermine.audit")
    ) {
        self.store = store
        self.interval = interval
        self.maximumEvents = maximumEvents
        self.chain = chain
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                break
            }
            do {
                if let checkpoint = try await seal() {
                    logger.debug(
                        "audit checkpoint",
                        metadata: ["sequence": "\(checkpoint.sequence)", "heads": "\(checkpoint.heads.count)", "hash": "\(checkpoint.hash)"])
                }
            } catch HubError.conflict {
                // Another node sealed first; the next round seals what is left.
            } catch {
                logger.warning("audit checkpoint failed", metadata: ["error": "\(error)"])
            }
        }
        // Once more on the way out, so that a clean shutdown leaves every chain sealed.
        _ = try? await seal()
    }

    /// Seals the chains that grew since they were last sealed, if any; returns the checkpoint written.
    @discardableResult
    public func seal(at date: Date = Date()) async throws -> AuditCheckpoint? {
        let chain = self.chain
        let limit = maximumEvents
        return try await store.write { tx -> AuditCheckpoint? in
            let last = try tx.lastCheckpoint()
            let grown = try tx.chainsGrown(after: last?.through ?? 0, limit: limit)
            guard !grown.heads.isEmpty else { return nil }
            let checkpoint = AuditCheckpoint.next(after: last, sealing: grown.heads, through: grown.through, at: date, chain: chain)
            try tx.insert(checkpoint)
            return checkpoint
        }
    }
}
