public import Foundation

/// The buyer directory: public structures and their services, imported from Chorus Pro's export and read
/// by the Chorus Pro rules on every deposit (from memory, for `cacheLifetime`).
public struct BuyerDirectory: Sendable {
    /// Where the directory is kept.
    public let store: any HubStore
    private let cache: DirectoryCache

    /// Creates the service; an import shows in `entry` after at most `cacheLifetime`.
    public init(store: any HubStore, cacheLifetime: Duration = .seconds(30)) {
        self.store = store
        cache = DirectoryCache(lifetime: cacheLifetime)
    }

    /// The entry for an identifier (nil: not in the directory).
    public func entry(_ identifier: String) async throws -> BuyerDirectoryEntry? {
        try await cache.entry(identifier, in: store)
    }

    /// How many structures the directory holds.
    public func count() async throws -> Int {
        try await store.read { tx in try tx.directoryCount() }
    }

    /// Writes entries in one unit of work: each replaces the entry with its identifier (and its services);
    /// with `replacingAll`, entries not in the list are removed.
    public func importEntries(_ entries: [BuyerDirectoryEntry], replacingAll: Bool = false) async throws {
        try await store.write { tx in
            if replacingAll { try tx.removeAllDirectoryEntries() }
            for entry in entries { try tx.replace(entry) }
        }
    }

    /// Reads `file` (see `DirectoryCSV`) and imports its entries: all of them, or nothing.
    /// - Parameter replacingAll: remove the entries the file does not list.
    /// - Returns: the entries imported.
    /// - Throws: `HubError.unreadableFile`, `HubError.directoryFile` (every bad line; nothing imported).
    @discardableResult
    public func importFile(_ file: URL, replacingAll: Bool = false) async throws -> [BuyerDirectoryEntry] {
        let bytes: Data
        do { bytes = try Data(contentsOf: file) } catch {
            throw HubError.unreadableFile(path: file.path, reason: error.localizedDescription)
        }
        let entries = try DirectoryCSV.read(bytes)
        try await importEntries(entries, replacingAll: replacingAll)
        return entries
    }
}
