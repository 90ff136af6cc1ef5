/// Where one object lives, as a cross-reference section says.
enum CrossReferenceEntry: Sendable, Equatable {
    /// Deleted (or never used) in this revision.
    case free
    /// At a byte offset in the file.
    case inFile(offset: Int)
    /// The `index`-th object of object stream `stream`.
    case compressed(stream: Int, index: Int)
}
