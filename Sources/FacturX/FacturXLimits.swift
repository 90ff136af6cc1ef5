/// Bounds on the work and memory spent reading one PDF: a hostile file meets a typed error, never a hang.
public struct FacturXLimits: Sendable, Equatable {
    /// The largest input accepted, checked before parsing (and before reading, for files).
    public var maxInputBytes: Int
    /// The most bytes all decoded streams of one document may add up to (decompression bombs).
    public var maxInflatedBytes: Int
    /// The most objects a document may declare or hold.
    public var maxObjects: Int
    /// The deepest nesting of arrays and dictionaries (and of name-tree levels).
    public var maxNesting: Int
    /// The most object look-ups (cache misses) reading one document may need.
    public var maxLookups: Int
    /// The most cross-reference sections (revisions) followed through `/Prev`.
    public var maxRevisions: Int
    /// How many times over the input may be lexed in all (unterminated strings in many objects would
    /// otherwise make parsing quadratic).
    public var maxParsePasses: Int

    /// Creates limits; the defaults suit invoices with a generous margin.
    public init(
        maxInputBytes: Int = 100 * 1024 * 1024, maxInflatedBytes: Int = 64 * 1024 * 1024, maxObjects: Int = 500_000,
        maxNesting: Int = 64, maxLookups: Int = 200_000, maxRevisions: Int = 1_000, maxParsePasses: Int = 16
    ) {
        self.maxInputBytes = maxInputBytes
        self.maxInflatedBytes = maxInflatedBytes
        self.maxObjects = maxObjects
        self.maxNesting = maxNesting
        self.maxLookups = maxLookups
        self.maxRevisions = maxRevisions
        self.maxParsePasses = maxParsePasses
    }

    /// 100 MB input, 64 MB inflated, 500,000 objects, nesting 64.
    public static let `default` = FacturXLimits()
}
