public import Foundation
public import Logging
public import ServiceLifecycle

/// Seals the heads of the chains that grew, every `interval`, in a checkpoint chained to the one before
/// (`AuditCheckpoint`). A service of `hermine serve`: several hub nodes may run it on one database; when
/// two seal at once, the checkpoint sequence's unique index keeps one and the other tries again later.
public struct AuditCheckpointer: Service {
    /// Where the log is kept.
    public let store: any HubStore
    /// How often to seal.
    public let interval: Duration
    /// The most heads one checkpoint seals (the rest wait for the next).
    public let maximumHeads: Int
    private let chain: EventChain
    private let logger: Logger

    /// Creates the service.
    public init(
        store: any HubStore, interval: Duration = .seconds(1), maximumHeads: Int = 10_000, chain: EventChain = .standard,
        logger: Logger = Logger(label: "hermine.audit")
    ) {
        self.store = store
        self.interval = interval
        self.maximumHeads = maximumHeads
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
        let limit = maximumHeads
        return try await store.write { tx -> AuditCheckpoint? in
            let heads = try tx.unsealedChains(limit: limit)
            guard !heads.isEmpty else { return nil }
            let checkpoint = AuditCheckpoint.next(after: try tx.lastCheckpoint(), sealing: heads, at: date, chain: chain)
            try tx.insert(checkpoint)
            return checkpoint
        }
    }
}
