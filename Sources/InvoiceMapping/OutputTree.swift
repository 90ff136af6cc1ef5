/// The element tree a binding builds before it is written out; node 0 is the document element.
struct OutputTree {
    var names: [UInt32] = []
    var parents: [Int32] = []
    var children: [[Int32]] = []
    var texts: [String?] = []
    var attributes: [[(UInt32, String)]] = []

    init(root: UInt32) { _ = add(root, under: -1) }

    mutating func add(_ name: UInt32, under parent: Int32) -> Int32 {
        let node = Int32(names.count)
        names.append(name)
        parents.append(parent)
        children.append([])
        texts.append(nil)
        attributes.append([])
        if parent >= 0 { children[Int(parent)].append(node) }
        return node
    }

    func attribute(_ id: UInt32, of node: Int32) -> String? {
        for (name, value) in attributes[Int(node)] where name == id { return value }
        return nil
    }

    mutating func setAttribute(_ id: UInt32, _ value: String, on node: Int32) {
        if let index = attributes[Int(node)].firstIndex(where: { $0.0 == id }) {
            attributes[Int(node)][index].1 = value
        } else {
            attributes[Int(node)].append((id, value))
        }
    }

    /// Follows `path` from `node`, finding each step's element or creating it (with what its
    /// conditions say); at step `newAt` an element is always created. Nil when a `?` step finds nothing.
    mutating func ensure(_ path: BindingPath, from node: Int32, newAt: Int?, scope: TermScope) -> Int32? {
        var current = node
        for (index, step) in path.steps.enumerated() {
            switch step.axis {
            case .parent:
                let parent = parents[Int(current)]
                guard parent >= 0 else { return nil }
                current = parent
            case .child(let id):
                if index != newAt,
                    let found = children[Int(current)].first(where: { child in
                        names[Int(child)] == id && step.predicates.allSatisfy { holds($0, on: child, scope: scope) }
                    })
                {
                    current = found
                    continue
                }
                if step.mustExist { return nil }
                let created = add(id, under: current)
                for predicate in step.predicates { establish(predicate, on: created, scope: scope) }
                current = created
            }
        }
        return current
    }

    /// Whether a condition holds on an element being written.
    func holds(_ predicate: BindingPredicate, on node: Int32, scope: TermScope) -> Bool {
        var literal: String?
        switch predicate.comparison {
        case .exists: break
        case .equals(let l), .differs(let l, _):
            guard let text = l.string(in: scope) else { return predicate.negated }
            literal = text
        }
        var targets = [node]
        for id in predicate.elements {
            targets = targets.flatMap { children[Int($0)].filter { names[Int($0)] == id } }
        }
        let found = targets.contains { target in
            let text: String?
            if let attribute = predicate.attribute { text = self.attribute(attribute, of: target) } else { text = texts[Int(target)] ?? "" }
            guard let text else { return false }
            switch predicate.comparison {
            case .exists: return true
            case .equals(let l): return l.matches(text.utf8, Array(literal!.utf8))
            case .differs(let l, _): return !l.matches(text.utf8, Array(literal!.utf8))
            }
        }
        return found != predicate.negated
    }

    /// Makes a condition true on a new element: writes the compared value where it points.
    mutating func establish(_ predicate: BindingPredicate, on node: Int32, scope: TermScope) {
        guard !predicate.negated else { return }
        let literal: BindingLiteral
        switch predicate.comparison {
        case .exists: return
        case .equals(let l): literal = l
        case .differs(_, let write):
            guard let write else { return }
            literal = write
        }
        guard let text = literal.string(in: scope) else { return }
        var target = node
        for id in predicate.elements {
            target = children[Int(target)].first { names[Int($0)] == id } ?? add(id, under: target)
        }
        if let attribute = predicate.attribute {
            setAttribute(attribute, text, on: target)
        } else {
            texts[Int(target)] = text
        }
    }
}
