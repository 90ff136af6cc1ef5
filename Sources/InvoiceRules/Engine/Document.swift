import Synchronization
public import InvoiceModel
public import InvoiceXML

/// A parsed document as the rules see it, with the XPath-like readings they need.
///
/// The readings follow XPath 2.0: a string value is the concatenated text below a node, a missing
/// node reads as the empty string, and `decimal` is nil where a cast to `xs:decimal` would fail.
public final class Document: @unchecked Sendable {
    /// The tree.
    public let tree: XMLTree
    /// Its syntax.
    public let syntax: Syntax
    /// The values of `DocumentValue` keys computed so far, by slot, each in a `DocumentValue.Box`.
    private var values: [AnyObject?] = []

    /// Wraps a tree.
    public init(tree: XMLTree, syntax: Syntax) {
        self.tree = tree
        self.syntax = syntax
    }

    /// The root element.
    public var root: XMLTree.Node { tree.root }

    /// The value of `key` for this document: computed by `compute` the first time it is asked for, then kept.
    ///
    /// Always inlined: the rules ask many times per document, and a closure made for the call would copy what it
    /// captures (the rule's terms, a struct of references) each time, where only the first call runs it.
    @inline(__always) public func value<Value>(_ key: DocumentValue<Value>, _ compute: () -> Value) -> Value {
        if let known = known(key) { return known }
        return keep(compute(), for: key)
    }

    /// The value kept for `key`, if any.
    private func known<Value>(_ key: DocumentValue<Value>) -> Value? {
        // A slot belongs to one key, so what it holds is that key's box.
        guard key.slot < values.count, let known = values[key.slot] else { return nil }
        return unsafeDowncast(known, to: DocumentValue<Value>.Box.self).value
    }

    /// Keeps `value` for `key`, and returns it.
    private func keep<Value>(_ value: Value, for key: DocumentValue<Value>) -> Value {
        if key.slot >= values.count { values += repeatElement(nil, count: key.slot + 1 - values.count) }
        values[key.slot] = DocumentValue<Value>.Box(value)
        return value
    }

    /// The nodes `path` selects from `node`.
    @inline(__always) public func select(_ path: Path, _ node: XMLTree.Node) -> [XMLTree.Node] {
        path.select(from: node, in: tree)
    }

    /// The first node `path` selects from `node`.
    @inline(__always) public func first(_ path: Path, _ node: XMLTree.Node) -> XMLTree.Node? {
        path.first(from: node, in: tree)
    }

    /// `node`'s string value cast to `xs:boolean`: `true` or `1`, `false` or `0`, surrounding white space allowed;
    /// nil for anything else (a cast error). Read on the bytes of an element without children.
    public func boolean(_ node: XMLTree.Node) -> Bool? {
        guard !tree.hasChildren(node) else {
            switch normalized(node) {
            case "true", "1": return true
            case "false", "0": return false
            default: return nil
            }
        }
        return tree.withTextBytes(node) { bytes in
            let value = bytes.trimmingXMLSpace()
            if value.elementsEqual("true".utf8) || value.elementsEqual("1".utf8) { return true }
            if value.elementsEqual("false".utf8) || value.elementsEqual("0".utf8) { return false }
            return nil
        }
    }

    /// Whether some node `path` selects from `node` passes `test` (tried in document order until one does).
    @inline(__always) public func any(_ path: Path, _ node: XMLTree.Node, where test: (XMLTree.Node) -> Bool) -> Bool {
        var found = false
        path.forEach(from: node, in: tree) { selected in
            found = test(selected)
            return !found
        }
        return found
    }

    /// Whether `path` selects anything from `node` (XPath `exists`).
    @inline(__always) public func exists(_ path: Path, _ node: XMLTree.Node) -> Bool {
        path.exists(from: node, in: tree)
    }

    /// How many nodes `path` selects from `node` (XPath `count`).
    public func count(_ path: Path, _ node: XMLTree.Node) -> Int { select(path, node).count }

    /// The string value of `node` (XPath `string(.)`).
    public func string(_ node: XMLTree.Node) -> String { tree.stringValue(node) }

    /// The string value of the first node `path` selects, or "" (XPath `string(path)` on a sequence's head).
    public func string(_ path: Path, _ node: XMLTree.Node) -> String {
        first(path, node).map { tree.stringValue($0) } ?? ""
    }

    /// XPath `normalize-space` of `node`'s string value.
    public func normalized(_ node: XMLTree.Node) -> String {
        if !tree.hasChildren(node) {
            let bytes = tree.textBytes(node)
            return Document.normalizeSpace(bytes: bytes) ?? String(decoding: bytes, as: UTF8.self)
        }
        return Document.normalizeSpace(string(node))
    }

    /// Whether XPath `normalize-space` of `node`'s string value is `text` (upper-cased first when `uppercased`),
    /// compared on the bytes when the text is ASCII, without making a string.
    public func normalized(_ node: XMLTree.Node, is text: String, uppercased: Bool = false) -> Bool {
        if !tree.hasChildren(node),
            let answer = text.utf8.withContiguousStorageIfAvailable({
                Document.normalizedASCII(tree.textBytes(node), is: $0, uppercased: uppercased)
            }), let answer
        {
            return answer
        }
        let value = normalized(node)
        return (uppercased ? value.uppercased() : value) == text
    }

    /// Whether normalised `bytes` (ASCII-upper-cased when `uppercased`) equal `text`; nil when `bytes` are not
    /// all ASCII (upper-casing is then Unicode's).
    private static func normalizedASCII(_ bytes: ArraySlice<UInt8>, is text: UnsafeBufferPointer<UInt8>, uppercased: Bool) -> Bool? {
        var matched = 0
        var equal = true
        var pendingSpace = false
        for var b in bytes {
            if b >= 0x80 { return nil }
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D {
                pendingSpace = matched > 0
                continue
            }
            guard equal else { continue }
            if pendingSpace {
                if matched < text.count && text[matched] == 0x20 { matched += 1 } else { equal = false }
                pendingSpace = false
            }
            if uppercased && b >= 0x61 && b <= 0x7A { b -= 0x20 }
            if matched < text.count && text[matched] == b { matched += 1 } else { equal = false }
        }
        return equal && matched == text.count
    }

    /// XPath `normalize-space` of the first node `path` selects ("" when none).
    public func normalized(_ path: Path, _ node: XMLTree.Node) -> String {
        first(path, node).map { normalized($0) } ?? ""
    }

    /// Whether the first node `path` selects has text other than white space (XPath `normalize-space(path) != ''`).
    public func hasText(_ path: Path, _ node: XMLTree.Node) -> Bool {
        guard let target = first(path, node) else { return false }
        return hasText(target)
    }

    /// Whether `node`'s string value has anything but white space.
    public func hasText(_ node: XMLTree.Node) -> Bool {
        if !tree.hasChildren(node) {
            return tree.textBytes(node).contains { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }
        }
        return !normalized(node).isEmpty
    }

    /// `node`'s string value cast to `xs:decimal`, nil when it is not one.
    public func decimal(_ node: XMLTree.Node) -> ExactDecimal? {
        if !tree.hasChildren(node) { return ExactDecimal.parse(tree.textBytes(node)) }
        return ExactDecimal(string(node))
    }

    /// The first node `path` selects, cast to `xs:decimal`; nil when there is none or it is not a decimal.
    public func decimal(_ path: Path, _ node: XMLTree.Node) -> ExactDecimal? {
        first(path, node).flatMap { decimal($0) }
    }

    /// Whether `node` carries the attribute `name`.
    @inline(__always) public func hasAttribute(_ node: XMLTree.Node, _ name: UInt32) -> Bool { tree.hasAttribute(node, name) }

    /// `node`'s string value cast to `xs:double` (as XPath does when untyped text meets a number), nil when not a number.
    public func number(_ node: XMLTree.Node) -> ExactDecimal? {
        if let plain = decimal(node) { return plain }
        return ExactDecimal.parseDouble(string(node))
    }

    /// The value of attribute `name` (`schemeID`, `currencyID` …) on `node`.
    public func attribute(_ node: XMLTree.Node, _ name: UInt32) -> String? { tree.attribute(node, name) }

    /// XPath `normalize-space`: trims XML white space and folds inner runs to one space.
    public static func normalizeSpace(_ text: String) -> String {
        var text = text
        return text.withUTF8 { normalizeSpace(bytes: $0) } ?? text
    }

    /// `normalize-space` over UTF-8 bytes; nil when they are already normalised (the common case).
    static func normalizeSpace(bytes: some Collection<UInt8>) -> String? {
        @inline(__always) func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
        var clean = true
        var previousSpace = true
        for b in bytes {
            let space = isSpace(b)
            if space && (previousSpace || b != 0x20) {
                clean = false
                break
            }
            previousSpace = space
        }
        if clean && !previousSpace { return nil }
        if clean && bytes.isEmpty { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var pending = false
        for b in bytes {
            if isSpace(b) {
                pending = !out.isEmpty
            } else {
                if pending { out.append(0x20) }
                pending = false
                out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Something rules derive from the whole document (a sum, the set of categories used), computed at most once
/// per document however many rules and context elements ask for it: make one key when the rules are built,
/// and read it with `Document.value(_:_:)`.
public final class DocumentValue<Value>: Sendable {
    /// Where documents keep this value.
    let slot: Int

    /// A new key.
    public init() { slot = DocumentValueSlots.next.add(1, ordering: .relaxed).oldValue }

    /// How a document keeps the value.
    final class Box {
        let value: Value
        init(_ value: Value) { self.value = value }
    }
}

private enum DocumentValueSlots {
    static let next = Atomic<Int>(0)
}
