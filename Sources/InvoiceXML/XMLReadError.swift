/// Why a document could not be read into an `XMLTree`.
public enum XMLReadError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The input has no bytes at all.
    case empty
    /// The input is larger than the configured limit.
    case tooLarge(size: Int, limit: Int)
    /// Elements are nested deeper than the configured limit.
    case tooDeep(line: Int, limit: Int)
    /// The document has more elements than the configured limit.
    case tooManyNodes(limit: Int)
    /// The document declares a DOCTYPE; DTDs and entities are refused outright (no XXE, no entity bombs).
    case forbiddenDoctype(line: Int)
    /// The bytes are not well-formed XML (including bytes that are not valid in the declared encoding).
    case notWellFormed(line: Int, column: Int, reason: String)

    public var description: String {
        switch self {
        case .empty: return "the document is empty"
        case .tooLarge(let size, let limit): return "the document is \(size) bytes, over the \(limit)-byte limit"
        case .tooDeep(let line, let limit): return "elements nest deeper than \(limit) levels (line \(line))"
        case .tooManyNodes(let limit): return "the document has more than \(limit) elements"
        case .forbiddenDoctype(let line): return "DOCTYPE declarations are not accepted (line \(line)): DTDs and entities are refused"
        case .notWellFormed(let line, let column, let reason): return "not well-formed XML at line \(line), column \(column): \(reason)"
        }
    }

    /// A stable machine-readable code for the error.
    public var code: String {
        switch self {
        case .empty: return "empty"
        case .tooLarge: return "too-large"
        case .tooDeep: return "too-deep"
        case .tooManyNodes: return "too-many-nodes"
        case .forbiddenDoctype: return "forbidden-doctype"
        case .notWellFormed: return "not-well-formed"
        }
    }
}

/// Limits that bound the work and memory spent on one document.
///
/// One setting decides them: the largest document accepted, which the hub sets to its deposit limit
/// (`--max-body-size`, 120 MB by default, Chorus Pro's). The element count follows it, so that an invoice of any
/// accepted size fits while the tree's memory stays in proportion to the bytes: a tree costs about 40 bytes per
/// element, and a real invoice spends 25 to 60 bytes of XML on each, so at most one element per
/// `bytesPerElement` bytes keeps the tree under 2.5 times the largest accepted document however the elements
/// are packed.
public struct XMLLimits: Sendable, Equatable {
    /// The largest document accepted, in bytes.
    public var maxBytes: Int
    /// The deepest element nesting accepted.
    public var maxDepth: Int
    /// The most elements accepted.
    public var maxNodes: Int

    /// The hub's deposit limit and the command line's: 120 MB (10^6 bytes), Chorus Pro's.
    public static let defaultMaxBytes = 120_000_000
    /// The fewest bytes per element the element limit allows on average (`<a/>` alone is 4).
    public static let bytesPerElement = 16

    /// Creates limits; the element count, when not given, follows `maxBytes` (one per `bytesPerElement` bytes).
    public init(maxBytes: Int = XMLLimits.defaultMaxBytes, maxDepth: Int = 128, maxNodes: Int? = nil) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
        self.maxNodes = maxNodes ?? XMLLimits.elements(forBytes: maxBytes)
    }

    /// The limits for documents of up to `maxBytes` bytes: the default depth, and the element count that follows.
    public init(forDocumentsUpTo maxBytes: Int) {
        self.init(maxBytes: maxBytes)
    }

    /// The element limit that follows a byte limit: one element per `bytesPerElement` bytes, and never so few that
    /// a small limit refuses a small invoice.
    public static func elements(forBytes bytes: Int) -> Int {
        max(bytes / bytesPerElement, 10_000)
    }

    /// 120 MB, 128 levels, 7.5 million elements.
    public static let `default` = XMLLimits()
}
