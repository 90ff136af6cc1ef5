public import Foundation

/// Imports a directory file into the store: all of it in one transaction, or nothing.
public enum DirectoryImport {
    /// Reads `file` (see `DirectoryCSV`) and writes its entries.
    /// - Parameter replacingAll: remove the entries the file does not list.
    /// - Returns: the entries imported.
    /// - Throws: `HubError.unreadableFile`, `HubError.directoryFile` (every bad line; nothing imported).
    @discardableResult
    public static func importFile(_ file: URL, into store: any HubStore, replacingAll: Bool = false) async throws
        -> [BuyerDirectoryEntry]
    {
        let bytes: Data
        do { bytes = try Data(contentsOf: file) } catch {
            throw HubError.unreadableFile(path: file.path, reason: error.localizedDescription)
        }
        let entries = try DirectoryCSV.read(bytes)
        try await store.importDirectory(entries, replacingAll: replacingAll)
        return entries
    }
}
