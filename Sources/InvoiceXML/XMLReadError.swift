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
public struct XMLLimits: Sendable, Equatable {
    /// The largest document accepted, in bytes.
    public var maxBytes: Int
    /// The deepest element nesting accepted.
    public var maxDepth: Int
    /// The most elements accepted.
    public var maxNodes: Int

    /// Creates limits.
    public init(maxBytes: Int = 50 * 1024 * 1024, maxDepth: Int = 128, maxNodes: Int = 2_000_000) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
        self.maxNodes = maxNodes
    }

    /// 50 MB, 128 levels, 2 million elements.
    public static let `default` = XMLLimits()
}
