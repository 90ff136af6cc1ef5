public import InvoiceXML

/// A compiled location path over an `XMLTree`, written in the syntax's own element names.
///
/// Grammar: steps separated by `/`; a step is `prefix:Name`, `*` (any element), `..` (parent),
/// or `.` (self); `//` before a step means "at any depth below"; a leading `/` starts at the root,
/// whose name must then match the first step. Predicates are Swift filters applied by the caller.
public struct Path: Sendable, CustomStringConvertible {
    enum Step: Sendable, Equatable {
        case child(UInt32)
        case anyChild
        case descendant(UInt32)
        case anyDescendant
        case parent
        case this
    }

    let steps: [Step]
    let absolute: Bool
    /// Whether every step goes down one level (`prefix:Name` or `*`): then a depth-first walk selects the nodes in
    /// document order, each once, without sets of intermediate nodes.
    let childSteps: Bool
    /// The text this path was compiled from.
    public let description: String

    /// Compiles `text` with the prefixes of `syntax`.
    public init(_ text: String, _ syntax: Syntax) {
        description = text
        var rest = Substring(text)
        absolute = rest.hasPrefix("/") && !rest.hasPrefix("//")
        if absolute { rest = rest.dropFirst() }
        var steps: [Step] = []
        var deep = false
        while !rest.isEmpty {
            if rest.hasPrefix("//") {
                deep = true
                rest = rest.dropFirst(2)
                continue
            }
            if rest.hasPrefix("/") {
                rest = rest.dropFirst()
                continue
            }
            let end = rest.firstIndex(of: "/") ?? rest.endIndex
            let token = rest[rest.startIndex..<end]
            rest = rest[end...]
            switch token {
            case "..": steps.append(.parent)
            case ".": steps.append(.this)
            case "*": steps.append(deep ? .anyDescendant : .anyChild)
            default: steps.append(deep ? .descendant(syntax.nameID(token)) : .child(syntax.nameID(token)))
            }
            deep = false
        }
        self.steps = steps
        childSteps = steps.allSatisfy { step in
            switch step {
            case .child, .anyChild: return true
            default: return false
            }
        }
        // `../../a/b`: the steps up, then the steps down.
        var up = 0, start = 0
        while start < steps.count, steps[start] == .parent || steps[start] == .this {
            if steps[start] == .parent { up += 1 }
            start += 1
        }
        stepsUp = up
        firstStepDown = start
        walksUpThenDown = !absolute && steps[start...].allSatisfy { step in
            switch step {
            case .child, .anyChild: return true
            default: return false
            }
        }
    }

    /// For a relative path that goes up some steps (`..`, `.`), then down child steps only: how many steps up, where
    /// the steps down start. Such a path is walked from one node, without building a list per step.
    private let stepsUp: Int
    private let firstStepDown: Int
    private let walksUpThenDown: Bool

    /// The ancestor `stepsUp` steps above `node`, nil when there is none.
    @inline(__always) private func upperStart(_ node: XMLTree.Node, in tree: XMLTree) -> XMLTree.Node? {
        var start = node
        for _ in 0..<stepsUp {
            guard let parent = tree.parent(start) else { return nil }
            start = parent
        }
        return start
    }

    /// The nodes this path selects from `node`, in document order, each once.
    public func select(from node: XMLTree.Node, in tree: XMLTree) -> [XMLTree.Node] {
        if walksUpThenDown {
            var result: [XMLTree.Node] = []
            if let start = upperStart(node, in: tree) { collect(from: start, stepIndex: firstStepDown, in: tree, into: &result) }
            return result
        }
        if childSteps {
            // An absolute path: a relative one of child steps only is walked above, up no step.
            var result: [XMLTree.Node] = []
            if let first = steps.first, Path.accepts(first, tree.root, in: tree) {
                collect(from: tree.root, stepIndex: 1, in: tree, into: &result)
            } else if steps.isEmpty {
                result.append(tree.root)
            }
            return result
        }
        var current: [XMLTree.Node]
        var stepIndex = 0
        if absolute {
            guard let first = steps.first else { return [tree.root] }
            switch first {
            case .child(let id): current = tree.nameID(tree.root) == id ? [tree.root] : []
            case .anyChild: current = [tree.root]
            default: current = []
            }
            stepIndex = 1
        } else {
            current = [node]
        }
        while stepIndex < steps.count && !current.isEmpty {
            current = Path.apply(steps[stepIndex], to: current, in: tree)
            stepIndex += 1
        }
        return current
    }

    /// Appends the nodes the steps from `stepIndex` on select below `node`, depth first (child steps only).
    private func collect(from node: XMLTree.Node, stepIndex: Int, in tree: XMLTree, into result: inout [XMLTree.Node]) {
        if stepIndex == steps.count {
            result.append(node)
            return
        }
        if case .child(let id) = steps[stepIndex] {
            var next = tree.firstChild(node, named: id)
            while let child = next {
                collect(from: child, stepIndex: stepIndex + 1, in: tree, into: &result)
                next = tree.nextSibling(child, named: id)
            }
            return
        }
        for child in tree.children(node) { collect(from: child, stepIndex: stepIndex + 1, in: tree, into: &result) }
    }

    /// Calls `body` with each node the path selects from `node`, in document order, until it returns false. A
    /// relative path up then down is walked without building arrays.
    public func forEach(from node: XMLTree.Node, in tree: XMLTree, _ body: (XMLTree.Node) -> Bool) {
        if walksUpThenDown {
            if let start = upperStart(node, in: tree) { _ = visit(start, stepIndex: firstStepDown, in: tree, body) }
            return
        }
        for selected in select(from: node, in: tree) where !body(selected) { return }
    }

    /// `forEach` below `node` from step `stepIndex`; false once `body` has asked to stop.
    private func visit(_ node: XMLTree.Node, stepIndex: Int, in tree: XMLTree, _ body: (XMLTree.Node) -> Bool) -> Bool {
        if stepIndex == steps.count { return body(node) }
        if case .child(let id) = steps[stepIndex] {
            var next = tree.firstChild(node, named: id)
            while let child = next {
                if !visit(child, stepIndex: stepIndex + 1, in: tree, body) { return false }
                next = tree.nextSibling(child, named: id)
            }
            return true
        }
        for child in tree.children(node) where !visit(child, stepIndex: stepIndex + 1, in: tree, body) { return false }
        return true
    }

    /// Whether a child step accepts `node`.
    @inline(__always) private static func accepts(_ step: Step, _ node: XMLTree.Node, in tree: XMLTree) -> Bool {
        switch step {
        case .child(let id): return tree.nameID(node) == id
        case .anyChild: return true
        default: return false
        }
    }

    /// The first node this path selects from `node`.
    public func first(from node: XMLTree.Node, in tree: XMLTree) -> XMLTree.Node? {
        // Relative paths up then down are walked without building arrays: the common case in rules.
        if walksUpThenDown {
            guard let start = upperStart(node, in: tree) else { return nil }
            return firstBelow(start, stepIndex: firstStepDown, in: tree)
        }
        if childSteps, absolute, let first = steps.first {
            return Path.accepts(first, tree.root, in: tree) ? firstBelow(tree.root, stepIndex: 1, in: tree) : nil
        }
        return select(from: node, in: tree).first
    }

    private func firstBelow(_ node: XMLTree.Node, stepIndex: Int, in tree: XMLTree) -> XMLTree.Node? {
        if stepIndex == steps.count { return node }
        if case .child(let id) = steps[stepIndex] {
            var next = tree.firstChild(node, named: id)
            while let child = next {
                if let found = firstBelow(child, stepIndex: stepIndex + 1, in: tree) { return found }
                next = tree.nextSibling(child, named: id)
            }
            return nil
        }
        for child in tree.children(node) {
            if let found = firstBelow(child, stepIndex: stepIndex + 1, in: tree) { return found }
        }
        return nil
    }

    /// Whether the path selects anything from `node`.
    public func exists(from node: XMLTree.Node, in tree: XMLTree) -> Bool {
        first(from: node, in: tree) != nil
    }

    private static func apply(_ step: Step, to nodes: [XMLTree.Node], in tree: XMLTree) -> [XMLTree.Node] {
        var result: [XMLTree.Node] = []
        switch step {
        case .child(let id):
            for node in nodes { result.append(contentsOf: tree.children(node, named: id)) }
            return result
        case .anyChild:
            for node in nodes { result.append(contentsOf: tree.children(node)) }
            return result
        case .parent:
            for node in nodes { if let p = tree.parent(node) { result.append(p) } }
        case .this:
            return nodes
        case .descendant(let id):
            // Descendants of any of `nodes` named `id`, from the name index.
            let candidates = tree.nodes(named: id)
            if nodes == [tree.root] { return candidates.filter { $0 != tree.root } }
            for candidate in candidates where isBelow(candidate, anyOf: nodes, in: tree) { result.append(candidate) }
            return result
        case .anyDescendant:
            for candidate in tree.allNodes where isBelow(candidate, anyOf: nodes, in: tree) { result.append(candidate) }
            return result
        }
        // Parents may repeat and come out of order.
        return Array(Set(result)).sorted()
    }

    private static func isBelow(_ node: XMLTree.Node, anyOf ancestors: [XMLTree.Node], in tree: XMLTree) -> Bool {
        var current = tree.parent(node)
        while let c = current {
            if ancestors.contains(c) { return true }
            current = tree.parent(c)
        }
        return false
    }
}
