public import Foundation
public import Hub
import Synchronization

/// The simulator's own copy of the buyer directory: read from a file at start (`DirectoryCSV`), changed at run
/// time by the admin routes (a buyer removed after the hub accepted its invoice makes the portal reject it).
/// Kept in memory: the next start reads the file again.
public final class SimulatorDirectory: Sendable {
    private let entries: Mutex<[String: BuyerDirectoryEntry]>

    /// A directory holding `entries`.
    public init(_ entries: [BuyerDirectoryEntry]) {
        self.entries = Mutex(Dictionary(entries.map { ($0.identifier, $0) }, uniquingKeysWith: { _, last in last }))
    }

    /// Reads a directory file.
    /// - Throws: `PortalSimulatorError.directory` with the file's bad lines.
    public convenience init(file: URL) throws(PortalSimulatorError) {
        let bytes: Data
        do { bytes = try Data(contentsOf: file) } catch {
            throw .directory("cannot read \(file.path): \(error.localizedDescription)")
        }
        do { self.init(try DirectoryCSV.read(bytes)) } catch { throw .directory("\(file.path): \(error.description)") }
    }

    /// The structure with this identifier, nil when the directory has none.
    public func entry(_ identifier: String) -> BuyerDirectoryEntry? { entries.withLock { $0[identifier] } }

    /// Every structure, by identifier.
    public var all: [BuyerDirectoryEntry] { entries.withLock { $0.values.sorted { $0.identifier < $1.identifier } } }

    /// Adds structures, each replacing the one with its identifier; with `replacingAll`, the others go.
    public func merge(_ added: [BuyerDirectoryEntry], replacingAll: Bool) {
        entries.withLock { entries in
            if replacingAll { entries.removeAll() }
            for entry in added { entries[entry.identifier] = entry }
        }
    }

    /// Removes a structure.
    /// - Returns: false when the directory had none with this identifier.
    @discardableResult
    public func remove(_ identifier: String) -> Bool { entries.withLock { $0.removeValue(forKey: identifier) != nil } }
}
