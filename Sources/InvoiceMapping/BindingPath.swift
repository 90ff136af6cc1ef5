import InvoiceModel
import InvoiceXML

/// A value a predicate or a constant compares with or writes: literal text, or another term's value.
enum BindingLiteral: Sendable, Hashable {
    /// Literal text (stored as UTF-8 for fast comparison with tree text).
    case text(String, [UInt8])
    /// The value of a term found in the enclosing groups (`$BT-5`).
    case term(TermID)
    /// An `xs:boolean` (`true()`, `false()`): matches `true`/`1` or `false`/`0`, written `true` or `false`.
    case boolean(Bool)

    /// Parses `'text'`, `"text"`, `$BT-5`, `true()`, `false()` or a bare word.
    init(parsing token: Substring) {
        let t = token.trimmingXMLSpace()
        if t == "true()" || t == "false()" {
            self = .boolean(t == "true()")
        } else if t.hasPrefix("$"), let id = TermID(t.dropFirst()) {
            self = .term(id)
        } else if t.count >= 2, let q = t.first, q == "'" || q == "\"", t.last == q {
            let inner = String(t.dropFirst().dropLast())
            self = .text(inner, Array(inner.utf8))
        } else {
            self = .text(String(t), Array(t.utf8))
        }
    }
}

/// A condition on an element, written `[…]` after a step: `[cbc:ChargeIndicator='false']`,
/// `[not @schemeID='SEPA']`, `[@schemeID]`, `[@currencyID=$BT-6]`, `[cac:TaxScheme/cbc:ID!='VAT' => 'TAX']`.
///
/// Reading keeps the elements where it holds; writing makes it hold on the elements it creates
/// (an `=` condition is written out; `!=` writes the value after `=>`, when given).
///
/// A class, immutable once compiled: paths test their conditions without copying them.
final class BindingPredicate: Sendable {
    enum Comparison: Sendable, Hashable {
        /// The target exists.
        case exists
        /// Some target's trimmed text equals the literal.
        case equals(BindingLiteral)
        /// Some target's trimmed text differs from the literal; the second literal is what writing puts there.
        case differs(BindingLiteral, write: BindingLiteral?)
    }

    /// Child element steps from the element to the target.
    let elements: [UInt32]
    /// The target attribute, nil for the last element's text.
    let attribute: UInt32?
    let comparison: Comparison
    /// `not …`: the element is kept when the condition does NOT hold.
    let negated: Bool

    init(elements: [UInt32], attribute: UInt32?, comparison: Comparison, negated: Bool) {
        self.elements = elements
        self.attribute = attribute
        self.comparison = comparison
        self.negated = negated
    }
}

/// One step of a binding path.
struct BindingStep: Sendable {
    enum Axis: Sendable, Hashable {
        case child(UInt32)
        case parent
    }

    var axis: Axis
    var predicates: [BindingPredicate]
    /// `+`: writing always creates a new element here (one per value or group occurrence).
    var createsNew: Bool
    /// `?`: writing only uses an existing element here, never creates one.
    var mustExist: Bool
}

/// A compiled path from a group's element to a term's value or a sub-group's element.
///
/// Grammar: steps separated by `/`: `prefix:Name` (child element), `..` (parent), `.` (the element
/// itself), each child step optionally marked `+` or `?` and followed by predicates; a final
/// `@name` reads an attribute instead of text. Alternatives are separated by ` | `: reading takes
/// them in order, writing the first one the value fits.
///
/// A class, immutable once compiled: reading passes paths around without copying their arrays.
final class BindingPath: Sendable, CustomStringConvertible {
    let steps: [BindingStep]
    /// Final attribute, nil for the element's text.
    let attribute: UInt32?
    let description: String
    /// Per step, the child's name id (`BindingPath.parentStep` for `..`): read without touching `steps`.
    let stepNames: [UInt32]
    /// Per step, whether it has conditions.
    let stepHasPredicates: [Bool]
    /// The element names of the child steps, the last first: a document without one of them has nothing there.
    let namesNeeded: [UInt32]

    static let parentStep = UInt32.max

    init(steps: [BindingStep], attribute: UInt32?, description: String) {
        self.steps = steps
        self.attribute = attribute
        self.description = description
        stepNames = steps.map { step in
            if case .child(let id) = step.axis { return id }
            return BindingPath.parentStep
        }
        stepHasPredicates = steps.map { !$0.predicates.isEmpty }
        namesNeeded = stepNames.reversed().filter { $0 != BindingPath.parentStep }
    }

    /// Whether `tree` holds an element of every child step's name (else the path reaches nothing).
    @inline(__always) func mayReach(in tree: XMLTree) -> Bool {
        for name in namesNeeded where !tree.contains(named: name) { return false }
        return true
    }

    /// Whether the path is just `.`: the group or term lives on its parent's element.
    var isSelf: Bool { steps.isEmpty && attribute == nil }

    /// The step writing creates anew for each value or occurrence: the one marked `+`, else the last element step.
    func newStepIndex(repeating: Bool) -> Int? {
        if let marked = steps.firstIndex(where: \.createsNew) { return marked }
        guard repeating else { return nil }
        return steps.lastIndex { if case .child = $0.axis { return true } else { return false } }
    }
}

// MARK: - Parsing

/// Resolves `prefix:Name` and bare attribute names to vocabulary ids, and parses path text.
struct PathCompiler {
    let namespaces: [String: String]
    /// `prefix:Local` of every element name met, by id, for writing.
    var elementNames: [UInt32: String] = [:]
    var attributeNames: [UInt32: String] = [:]
    /// Namespaces written without prefix.
    let defaultNamespacePrefix: String?

    struct Failure: Error { let reason: String }

    mutating func element(_ qualified: Substring) throws(Failure) -> UInt32 {
        guard let colon = qualified.firstIndex(of: ":") else { throw Failure(reason: "element \(qualified) has no prefix") }
        let prefix = String(qualified[..<colon])
        let local = String(qualified[qualified.index(after: colon)...])
        guard let uri = namespaces[prefix] else { throw Failure(reason: "unknown prefix \(prefix) in \(qualified)") }
        guard !local.isEmpty, local.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." }) else {
            throw Failure(reason: "bad element name \(qualified)")
        }
        let id = XMLVocabulary.shared.register(QName(uri, local))
        elementNames[id] = prefix == defaultNamespacePrefix ? local : String(qualified)
        return id
    }

    mutating func attribute(_ name: Substring) throws(Failure) -> UInt32 {
        guard !name.isEmpty, !name.contains(":"), name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
            throw Failure(reason: "bad attribute name \(name)")
        }
        let id = XMLVocabulary.shared.register(QName("", String(name)))
        attributeNames[id] = String(name)
        return id
    }

    /// Parses `a | b | c` into its alternatives.
    mutating func alternatives(_ text: Substring) throws(Failure) -> [BindingPath] {
        var result: [BindingPath] = []
        for part in PathCompiler.split(text, on: "|") { result.append(try path(part.trimmingXMLSpace())) }
        return result
    }

    /// Parses one path.
    mutating func path(_ text: Substring) throws(Failure) -> BindingPath {
        var steps: [BindingStep] = []
        var attribute: UInt32?
        let parts = PathCompiler.split(text, on: "/")
        for (index, rawPart) in parts.enumerated() {
            var part = rawPart.trimmingXMLSpace()
            guard !part.isEmpty else { throw Failure(reason: "empty step in \(text)") }
            if part == "." { continue }
            if part == ".." {
                steps.append(BindingStep(axis: .parent, predicates: [], createsNew: false, mustExist: false))
                continue
            }
            if part.hasPrefix("@") {
                guard index == parts.count - 1 else { throw Failure(reason: "attribute step must come last in \(text)") }
                attribute = try self.attribute(part.dropFirst())
                continue
            }
            var createsNew = false
            var mustExist = false
            if part.hasPrefix("+") {
                createsNew = true
                part = part.dropFirst()
            } else if part.hasPrefix("?") {
                mustExist = true
                part = part.dropFirst()
            }
            let nameEnd = part.firstIndex(of: "[") ?? part.endIndex
            let name = try element(part[..<nameEnd])
            var predicates: [BindingPredicate] = []
            var rest = part[nameEnd...]
            while !rest.isEmpty {
                guard rest.first == "[", let close = PathCompiler.closingBracket(rest) else {
                    throw Failure(reason: "bad predicate in \(part)")
                }
                predicates.append(try predicate(rest[rest.index(after: rest.startIndex)..<close]))
                rest = rest[rest.index(after: close)...]
            }
            steps.append(BindingStep(axis: .child(name), predicates: predicates, createsNew: createsNew, mustExist: mustExist))
        }
        return BindingPath(steps: steps, attribute: attribute, description: String(text))
    }

    private mutating func predicate(_ text: Substring) throws(Failure) -> BindingPredicate {
        var body = text.trimmingXMLSpace()
        var negated = false
        if body.hasPrefix("not ") {
            negated = true
            body = body.dropFirst(4).trimmingXMLSpace()
        }
        var target = body
        var comparison = BindingPredicate.Comparison.exists
        if let range = PathCompiler.operatorRange(body, "!=") {
            target = body[..<range.lowerBound]
            let right = body[range.upperBound...]
            if let arrow = PathCompiler.operatorRange(right, "=>") {
                comparison = .differs(BindingLiteral(parsing: right[..<arrow.lowerBound]),
                    write: BindingLiteral(parsing: right[arrow.upperBound...]))
            } else {
                comparison = .differs(BindingLiteral(parsing: right), write: nil)
            }
        } else if let range = PathCompiler.operatorRange(body, "=") {
            target = body[..<range.lowerBound]
            comparison = .equals(BindingLiteral(parsing: body[range.upperBound...]))
        }
        var elements: [UInt32] = []
        var attribute: UInt32?
        for part in target.trimmingXMLSpace().split(separator: "/") {
            let step = part.trimmingXMLSpace()
            if step.hasPrefix("@") {
                attribute = try self.attribute(step.dropFirst())
            } else {
                guard attribute == nil else { throw Failure(reason: "attribute must come last in [\(text)]") }
                elements.append(try element(step))
            }
        }
        guard !elements.isEmpty || attribute != nil else { throw Failure(reason: "empty predicate [\(text)]") }
        return BindingPredicate(elements: elements, attribute: attribute, comparison: comparison, negated: negated)
    }

    /// Splits on `separator` outside brackets and quotes.
    static func split(_ text: Substring, on separator: Character) -> [Substring] {
        var parts: [Substring] = []
        var start = text.startIndex
        walkOutsideQuotes(text) { index, character, depth in
            if character == separator && depth == 0 {
                parts.append(text[start..<index])
                start = text.index(after: index)
            }
            return true
        }
        parts.append(text[start...])
        return parts
    }

    /// The `]` that closes the bracket `text` opens with.
    static func closingBracket(_ text: Substring) -> Substring.Index? {
        var closing: Substring.Index?
        walkOutsideQuotes(text) { index, character, depth in
            if character == "]" && depth == 0 { closing = index }
            return closing == nil
        }
        return closing
    }

    /// Walks `text` outside quoted strings, giving each character with the bracket depth after it,
    /// until `visit` answers false.
    private static func walkOutsideQuotes(_ text: Substring, _ visit: (Substring.Index, Character, Int) -> Bool) {
        var depth = 0
        var quote: Character?
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "'" || character == "\"" {
                quote = character
            } else {
                if character == "[" { depth += 1 } else if character == "]" { depth -= 1 }
                if !visit(index, character, depth) { return }
            }
            index = text.index(after: index)
        }
    }

    /// Where operator `op` first occurs outside quotes (`=` not part of `!=` or `=>`).
    static func operatorRange(_ text: Substring, _ op: String) -> Range<Substring.Index>? {
        var quote: Character?
        var index = text.startIndex
        while index < text.endIndex {
            let c = text[index]
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "'" || c == "\"" {
                quote = c
            } else if text[index...].hasPrefix(op) {
                let end = text.index(index, offsetBy: op.count)
                if op == "=" {
                    let before = index > text.startIndex ? text[text.index(before: index)] : " "
                    let after = end < text.endIndex ? text[end] : " "
                    if before == "!" || after == ">" {
                        index = text.index(after: index)
                        continue
                    }
                }
                return index..<end
            }
            index = text.index(after: index)
        }
        return nil
    }
}

// MARK: - Reading over an XMLTree

/// The groups being read or written, innermost last: where `$BT-n` references are looked up.
struct TermScope {
    var groups: [BusinessGroup] = []

    func value(_ term: TermID) -> TermValue? {
        for group in groups.reversed() {
            if let value = group[term] { return value }
        }
        return nil
    }
}

/// Trims XML white space from both ends of a byte slice.
@inline(__always)
func trimmed<Bytes: BidirectionalCollection<UInt8>>(_ bytes: Bytes) -> Bytes where Bytes.SubSequence == Bytes, Bytes.Index == Int {
    var start = bytes.startIndex
    var end = bytes.endIndex
    while start < end, isXMLSpace(bytes[start]) { start += 1 }
    while end > start, isXMLSpace(bytes[end - 1]) { end -= 1 }
    return bytes[start..<end]
}

@inline(__always)
func isXMLSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 }

extension BindingPath {
    /// The first element the path reaches from `node`, in document order.
    func first(from node: XMLTree.Node, in tree: XMLTree, scope: TermScope) -> XMLTree.Node? {
        guard mayReach(in: tree) else { return nil }
        return first(stepIndex: 0, node: node, tree: tree, scope: scope)
    }

    /// Appends every element the path reaches from `node`, in document order.
    func all(from node: XMLTree.Node, in tree: XMLTree, scope: TermScope, into result: inout [XMLTree.Node]) {
        guard mayReach(in: tree) else { return }
        all(stepIndex: 0, node: node, tree: tree, scope: scope, into: &result)
    }

    private func first(stepIndex: Int, node: XMLTree.Node, tree: XMLTree, scope: TermScope) -> XMLTree.Node? {
        if stepIndex == stepNames.count { return node }
        let name = stepNames[stepIndex]
        if name == BindingPath.parentStep {
            guard let parent = tree.parent(node) else { return nil }
            return first(stepIndex: stepIndex + 1, node: parent, tree: tree, scope: scope)
        }
        // The children of that name one after the other, the others looked at only when nothing was found below the
        // first; nothing is built.
        let checked = stepHasPredicates[stepIndex]
        var next = tree.firstChild(node, named: name)
        while let child = next {
            if !checked || holds(stepIndex, on: child, tree: tree, scope: scope),
                let found = first(stepIndex: stepIndex + 1, node: child, tree: tree, scope: scope)
            {
                return found
            }
            next = tree.nextSibling(child, named: name)
        }
        return nil
    }

    private func all(stepIndex: Int, node: XMLTree.Node, tree: XMLTree, scope: TermScope, into result: inout [XMLTree.Node]) {
        if stepIndex == stepNames.count {
            result.append(node)
            return
        }
        let name = stepNames[stepIndex]
        if name == BindingPath.parentStep {
            guard let parent = tree.parent(node) else { return }
            all(stepIndex: stepIndex + 1, node: parent, tree: tree, scope: scope, into: &result)
            return
        }
        let checked = stepHasPredicates[stepIndex]
        var next = tree.firstChild(node, named: name)
        while let child = next {
            if !checked || holds(stepIndex, on: child, tree: tree, scope: scope) {
                all(stepIndex: stepIndex + 1, node: child, tree: tree, scope: scope, into: &result)
            }
            next = tree.nextSibling(child, named: name)
        }
    }

    private func holds(_ stepIndex: Int, on node: XMLTree.Node, tree: XMLTree, scope: TermScope) -> Bool {
        for predicate in steps[stepIndex].predicates where !predicate.holds(on: node, in: tree, scope: scope) { return false }
        return true
    }

    /// The trimmed text (or attribute value) of the first element the path reaches from `node`, nil when absent or empty.
    func firstString(from node: XMLTree.Node, in tree: XMLTree, scope: TermScope) -> String? {
        guard let element = first(from: node, in: tree, scope: scope) else { return nil }
        if let attribute {
            guard let value = tree.attribute(element, attribute) else { return nil }
            let t = value.trimmingXMLSpace()
            return t.isEmpty ? nil : String(t)
        }
        let bytes = trimmed(tree.textBytes(element))
        return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)
    }
}

extension BindingPredicate {
    /// Whether the condition holds on `node` of a read tree.
    func holds(on node: XMLTree.Node, in tree: XMLTree, scope: TermScope) -> Bool {
        switch comparison {
        case .exists:
            return anyTarget(0, node, tree, literal: nil, kind: 0) != negated
        case .equals(let l):
            guard let bytes = l.bytes(in: scope) else { return negated }
            return anyTarget(0, node, tree, literal: (l, bytes), kind: 1) != negated
        case .differs(let l, _):
            guard let bytes = l.bytes(in: scope) else { return negated }
            return anyTarget(0, node, tree, literal: (l, bytes), kind: 2) != negated
        }
    }

    /// Whether some target of the condition passes: kind 0 exists, 1 equals, 2 differs.
    private func anyTarget(_ elementIndex: Int, _ node: XMLTree.Node, _ tree: XMLTree, literal: (BindingLiteral, [UInt8])?, kind: Int) -> Bool {
        if elementIndex == elements.count {
            let text: ArraySlice<UInt8>
            if let attribute {
                guard let value = tree.attributeBytes(node, attribute) else { return false }
                text = trimmed(value)
            } else {
                text = trimmed(tree.textBytes(node))
            }
            guard let (l, bytes) = literal else { return true }
            return l.matches(text, bytes) == (kind == 1)
        }
        let id = elements[elementIndex]
        var next = tree.firstChild(node, named: id)
        while let child = next {
            if anyTarget(elementIndex + 1, child, tree, literal: literal, kind: kind) { return true }
            next = tree.nextSibling(child, named: id)
        }
        return false
    }
}

extension BindingLiteral {
    /// The literal's UTF-8 text; for a term reference, its value's text in `scope` (nil when absent).
    func bytes(in scope: TermScope) -> [UInt8]? {
        switch self {
        case .text(_, let bytes): return bytes
        case .term(let id): return scope.value(id).map { Array($0.text.utf8) }
        case .boolean(let b): return Array((b ? "true" : "false").utf8)
        }
    }

    /// The literal's text; for a term reference, its value's text in `scope`.
    func string(in scope: TermScope) -> String? {
        switch self {
        case .text(let s, _): return s
        case .term(let id): return scope.value(id)?.text
        case .boolean(let b): return b ? "true" : "false"
        }
    }

    /// Whether trimmed `text` equals the resolved literal `bytes`, booleans by value.
    func matches(_ text: some Collection<UInt8>, _ bytes: [UInt8]) -> Bool {
        guard case .boolean(let b) = self else { return text.elementsEqual(bytes) }
        return b ? (text.elementsEqual("true".utf8) || text.elementsEqual("1".utf8))
            : (text.elementsEqual("false".utf8) || text.elementsEqual("0".utf8))
    }

    /// The term this literal refers to, if it is a reference.
    var referencedTerm: TermID? {
        if case .term(let id) = self { return id }
        return nil
    }
}

extension BindingPath {
    /// The terms the path's conditions refer to (`$BT-5`): a value can only be placed when they have values.
    var referencedTerms: [TermID] {
        steps.flatMap(\.predicates).compactMap { predicate in
            switch predicate.comparison {
            case .exists: return nil
            case .equals(let l), .differs(let l, _): return l.referencedTerm
            }
        }
    }
}
