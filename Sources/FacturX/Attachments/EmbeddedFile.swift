public import Foundation

/// A file embedded in the PDF (a file specification with an `/EF` stream).
public struct EmbeddedFile: Sendable, Equatable {
    /// The file's name: `/UF`, else `/F`, else its key in the `/EmbeddedFiles` name tree.
    public let name: String
    /// `/AFRelationship` (`Data`, `Source`, `Alternative`, `Supplement`, `Unspecified`), when given.
    public let relationship: String?
    /// The embedded stream's `/Subtype`, a MIME type such as `text/xml`, when given.
    public let subtype: String?
    /// `/Desc`, when given.
    public let description: String?
    /// The size the PDF declares in `/Params /Size`, when given.
    public let declaredSize: Int?
    /// Whether the file is listed in the catalog's `/Names /EmbeddedFiles` tree.
    public let inNameTree: Bool
    /// Whether the file is listed in the catalog's `/AF` (associated files) array.
    public let inAssociatedFiles: Bool
    /// The decoded bytes, when they were read (always for the invoice; for others, see `FacturXReader.inspect`).
    public let bytes: Data?

    /// The decoded size when the bytes were read, else the declared one.
    public var size: Int? { bytes?.count ?? declaredSize }

    /// Creates a description of an embedded file.
    public init(
        name: String, relationship: String?, subtype: String?, description: String?, declaredSize: Int?,
        inNameTree: Bool, inAssociatedFiles: Bool, bytes: Data?
    ) {
        self.name = name
        self.relationship = relationship
        self.subtype = subtype
        self.description = description
        self.declaredSize = declaredSize
        self.inNameTree = inNameTree
        self.inAssociatedFiles = inAssociatedFiles
        self.bytes = bytes
    }
}
