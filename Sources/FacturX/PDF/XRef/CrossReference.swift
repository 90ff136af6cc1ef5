/// One revision's cross-reference data: a classic table, a stream, or both (a hybrid file's `/XRefStm`).
struct CrossReferenceSection: Sendable {
    var table: ClassicCrossReferenceTable?
    var stream: CrossReferenceStream?
    var trailer: PDFDictionary

    /// The entry for `number` in this revision; in a hybrid section the stream fills what the table leaves free.
    func entry(_ number: Int, in bytes: UnsafeRawBufferPointer) -> CrossReferenceEntry? {
        let fromTable = table?.entry(number, in: bytes)
        if case .inFile = fromTable { return fromTable }
        return stream?.entry(number) ?? fromTable
    }

    var size: Int { max(table?.size ?? 0, stream?.size ?? 0) }
}

/// Every revision's cross-reference sections, newest first: the newest entry for an object wins.
struct CrossReference: Sendable {
    var sections: [CrossReferenceSection] = []

    func entry(_ number: Int, in bytes: UnsafeRawBufferPointer) -> CrossReferenceEntry? {
        for section in sections {
            if let entry = section.entry(number, in: bytes) { return entry }
        }
        return nil
    }

    /// The trailer: the newest section's, with keys it lacks taken from older ones.
    var trailer: PDFDictionary {
        var merged = PDFDictionary()
        for section in sections {
            for entry in section.trailer.entries { merged.add(entry.key, entry.value) }
        }
        return merged
    }
}
