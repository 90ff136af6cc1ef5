/// The buyer directory, as stored.
public protocol DirectoryReads {
    /// The entry with this identifier, with its services.
    func directoryEntry(identifier: String) throws -> BuyerDirectoryEntry?
    /// How many entries the directory holds.
    func directoryCount() throws -> Int
}

/// Writes to the buyer directory.
public protocol DirectoryWrites: DirectoryReads {
    /// Creates or replaces the entry with this identifier, services included.
    func replace(_ entry: BuyerDirectoryEntry) throws
    /// Removes every entry and service.
    func removeAllDirectoryEntries() throws
}
