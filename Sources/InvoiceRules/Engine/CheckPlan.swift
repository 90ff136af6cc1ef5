import InvoiceXML

/// The patterns flattened into arrays, so that checking a document copies no rule and looks up no dictionary.
///
/// Rules are numbered across patterns, context alternatives across rules, assertions across rules. For each
/// pattern and each name the vocabulary held when the plan was made, the rules whose context may match an
/// element of that name are listed in priority order; an element of a name registered later can only match
/// the rules whose context ends in `*`.
final class CheckPlan: Sendable {
    typealias Test = @Sendable (Document, XMLTree.Node) -> Bool

    let patternCount: Int
    /// The names known when the plan was made: ids below this have their own candidate lists.
    let nameCount: Int
    /// For pattern `p` and name `n < nameCount`, the candidate rules are
    /// `candidates[candidateStarts[p * (nameCount + 1) + n] ..< candidateStarts[p * (nameCount + 1) + n + 1]]`;
    /// for other names, `candidates[laterNameRanges[p]]`.
    let candidateStarts: PlanColumn<Int32>
    let candidates: PlanColumn<Int32>
    let laterNameRanges: [Range<Int>]

    /// Rule `r`'s context alternatives are `alternativeStarts[r] ..< alternativeStarts[r + 1]`, its assertions
    /// `assertionStarts[r] ..< assertionStarts[r + 1]`.
    let alternativeStarts: PlanColumn<Int32>
    let assertionStarts: PlanColumn<Int32>

    /// Alternative `k`'s names, from the element up, are `steps[stepStarts[k] ..< stepStarts[k + 1]]` (`anyName`
    /// for `*`); it may be anchored at the root, and refer to a name filter and a predicate (or -1).
    let stepStarts: PlanColumn<Int32>
    let steps: PlanColumn<UInt32>
    let anchored: PlanColumn<Bool>
    let filterOf: PlanColumn<Int32>
    let predicateOf: PlanColumn<Int32>
    static let anyName = UInt32.max
    /// Name filter `f`'s answer for name `n < nameCount` is `filterAccepts[f * nameCount + n]`.
    let filters: [@Sendable (QName) -> Bool]
    let filterAccepts: PlanColumn<Bool>
    let predicates: PlanColumn<UnretainedTest>

    /// Each assertion's id and test.
    let ids: [String]
    let tests: PlanColumn<UnretainedTest>
    /// What `predicates` and `tests` refer to, kept alive by the plan.
    let testBoxes: [TestBox]
    /// Each assertion's names without which its test cannot fail (`Assertion.failsOnlyWith`):
    /// `requirements[requiredStarts[a] ..< requiredStarts[a + 1]]`, list after list; none when the test always runs.
    let requiredStarts: PlanColumn<Int32>
    let requirements: PlanColumn<Requirement>
    /// The assertions that need one name only (most: "no cbc:X here"), their name and kind, for a test that skips
    /// them in a few instructions: `singleKinds[a]` is 0 for the others, 1 for an element, 2 for an attribute.
    let singleNames: PlanColumn<UInt32>
    let singleKinds: PlanColumn<UInt8>

    /// One name of a list of `Assertion.failsOnlyWith`.
    struct Requirement: Equatable, Sendable {
        let name: UInt32
        let isAttribute: Bool
        /// Whether it ends its list.
        var endsList = false
        /// Where the assertion's next list starts.
        var nextList: Int32 = 0
        /// The first assertion after the run of following assertions (of the same rule, with as many lists) whose
        /// list at this place starts with the same names up to this one. When a document lacks the name, every
        /// assertion of the run lacks it too: a list that fails here fails for all of them.
        var skipsTo: Int32 = 0

        init(name: UInt32, isAttribute: Bool) {
            self.name = name
            self.isAttribute = isAttribute
        }

        static func == (a: Requirement, b: Requirement) -> Bool { a.name == b.name && a.isAttribute == b.isAttribute }
    }

    init(_ patterns: [RulePattern]) {
        var known: [QName] = []
        while let name = XMLVocabulary.shared.name(of: UInt32(known.count)) { known.append(name) }
        let nameCount = known.count
        patternCount = patterns.count
        self.nameCount = nameCount

        var alternativeStarts: [Int32] = [0], assertionStarts: [Int32] = [0]
        var stepStarts: [Int32] = [0], steps: [UInt32] = [], anchored: [Bool] = []
        var filterOf: [Int32] = [], predicateOf: [Int32] = []
        var filters: [@Sendable (QName) -> Bool] = [], filterAccepts: [Bool] = [], predicates: [UnretainedTest] = []
        var ids: [String] = [], tests: [UnretainedTest] = [], requiredStarts: [Int32] = [0], requirements: [Requirement] = []
        var testBoxes: [TestBox] = []
        /// `test`, boxed for calls without reference counting.
        func unretained(_ test: @escaping Test) -> UnretainedTest {
            testBoxes.append(TestBox(test))
            return UnretainedTest(testBoxes[testBoxes.count - 1])
        }
        var candidateStarts: [Int32] = [], candidates: [Int32] = [], laterNameRanges: [Range<Int>] = []
        var ruleOfAssertion: [Int32] = []

        var rule: Int32 = 0
        for pattern in patterns {
            // Rules by the name of the elements they may match; those that may match later names.
            var byName = [[Int32]](repeating: [], count: nameCount)
            var later: [Int32] = []
            for contextRule in pattern.rules {
                var forAllNames = false
                for alternative in contextRule.context.alternatives {
                    for name in alternative.names.reversed() { steps.append(name ?? CheckPlan.anyName) }
                    stepStarts.append(Int32(steps.count))
                    anchored.append(alternative.anchored)
                    if let predicate = alternative.predicate {
                        predicateOf.append(Int32(predicates.count))
                        predicates.append(unretained(predicate))
                    } else {
                        predicateOf.append(-1)
                    }
                    switch (alternative.names.last ?? nil, alternative.nameFilter) {
                    case (let name?, _):
                        if byName[Int(name)].last != rule { byName[Int(name)].append(rule) }
                        filterOf.append(-1)
                    case (nil, let filter?):
                        filterOf.append(Int32(filters.count))
                        filters.append(filter)
                        for (id, name) in known.enumerated() {
                            let accepted = filter(name)
                            filterAccepts.append(accepted)
                            if accepted && byName[id].last != rule { byName[id].append(rule) }
                        }
                        if later.last != rule { later.append(rule) }
                    case (nil, nil):
                        forAllNames = true
                        filterOf.append(-1)
                    }
                }
                if forAllNames {
                    for id in 0..<nameCount where byName[id].last != rule { byName[id].append(rule) }
                    if later.last != rule { later.append(rule) }
                }
                alternativeStarts.append(Int32(anchored.count))
                ruleOfAssertion.append(contentsOf: repeatElement(rule, count: contextRule.assertions.count))
                for assertion in contextRule.assertions {
                    ids.append(assertion.id)
                    tests.append(unretained(assertion.holds))
                    // A test that can fail with no name at all always runs.
                    let lists = assertion.failsOnlyWith ?? []
                    for list in lists where !lists.contains(where: { $0.elements.isEmpty && $0.attributes.isEmpty }) {
                        requirements += list.elements.map { Requirement(name: $0, isAttribute: false) }
                        requirements += list.attributes.map { Requirement(name: $0, isAttribute: true) }
                        requirements[requirements.count - 1].endsList = true
                    }
                    requiredStarts.append(Int32(requirements.count))
                }
                assertionStarts.append(Int32(ids.count))
                rule += 1
            }
            for rules in byName {
                candidateStarts.append(Int32(candidates.count))
                candidates.append(contentsOf: rules)
            }
            candidateStarts.append(Int32(candidates.count))
            let start = candidates.count
            candidates.append(contentsOf: later)
            laterNameRanges.append(start..<candidates.count)
        }
        self.alternativeStarts = PlanColumn(alternativeStarts)
        self.assertionStarts = PlanColumn(assertionStarts)
        self.stepStarts = PlanColumn(stepStarts)
        self.steps = PlanColumn(steps)
        self.anchored = PlanColumn(anchored)
        self.filterOf = PlanColumn(filterOf)
        self.predicateOf = PlanColumn(predicateOf)
        self.filters = filters
        self.filterAccepts = PlanColumn(filterAccepts)
        self.predicates = PlanColumn(predicates)
        self.ids = ids
        self.tests = PlanColumn(tests)
        self.testBoxes = testBoxes
        self.requiredStarts = PlanColumn(requiredStarts)
        let linked = CheckPlan.linked(requirements, requiredStarts, ruleOfAssertion)
        self.requirements = PlanColumn(linked)
        var singleNames = [UInt32](repeating: 0, count: ids.count), singleKinds = [UInt8](repeating: 0, count: ids.count)
        for a in 0..<ids.count where requiredStarts[a + 1] - requiredStarts[a] == 1 {
            let requirement = linked[Int(requiredStarts[a])]
            singleNames[a] = requirement.name
            singleKinds[a] = requirement.isAttribute ? 2 : 1
        }
        self.singleNames = PlanColumn(singleNames)
        self.singleKinds = PlanColumn(singleKinds)
        self.candidateStarts = PlanColumn(candidateStarts)
        self.candidates = PlanColumn(candidates)
        self.laterNameRanges = laterNameRanges
    }

    deinit {
        candidateStarts.free()
        candidates.free()
        alternativeStarts.free()
        assertionStarts.free()
        stepStarts.free()
        steps.free()
        anchored.free()
        filterOf.free()
        predicateOf.free()
        filterAccepts.free()
        predicates.free()
        tests.free()
        requiredStarts.free()
        requirements.free()
        singleNames.free()
        singleKinds.free()
    }

    /// Checks every element against every pattern; calls `fail` for each assertion that does not hold, in
    /// document order within each pattern.
    func check(_ document: Document, fail: (String, XMLTree.Node) -> Void) {
        let tree = document.tree
        for pattern in 0..<patternCount {
            let table = pattern * (nameCount + 1)
            for node in tree.allNodes {
                let name = Int(tree.nameID(node))
                let range =
                    name < nameCount
                    ? Int(candidateStarts[table + name])..<Int(candidateStarts[table + name + 1]) : laterNameRanges[pattern]
                for k in range {
                    let rule = Int(candidates[k])
                    guard matches(rule, node, document) else { continue }
                    var a = Int(assertionStarts[rule])
                    let end = Int(assertionStarts[rule + 1])
                    while a < end {
                        switch singleKinds[a] {
                        case 0:
                            if let next = skip(a, in: tree) {
                                a = next
                                continue
                            }
                        case 1:
                            if !tree.contains(named: singleNames[a]) {
                                a += 1
                                continue
                            }
                        default:
                            if !tree.containsAttribute(named: singleNames[a]) {
                                a += 1
                                continue
                            }
                        }
                        if !tests[a](document, node) { fail(ids[a], node) }
                        a += 1
                    }
                    break
                }
            }
        }
    }

    /// Whether some alternative of rule `rule`'s context matches `node`.
    @inline(__always) private func matches(_ rule: Int, _ node: XMLTree.Node, _ document: Document) -> Bool {
        let tree = document.tree
        alternatives: for k in Int(alternativeStarts[rule])..<Int(alternativeStarts[rule + 1]) {
            var current: XMLTree.Node? = node
            for i in Int(stepStarts[k])..<Int(stepStarts[k + 1]) {
                guard let c = current else { continue alternatives }
                let step = steps[i]
                if step != CheckPlan.anyName && tree.nameID(c) != step { continue alternatives }
                current = tree.parent(c)
            }
            if anchored[k] && current != nil { continue }
            let filter = Int(filterOf[k])
            if filter >= 0 {
                let name = Int(tree.nameID(node))
                let accepted = name < nameCount ? filterAccepts[filter * nameCount + name] : filters[filter](tree.name(node))
                if !accepted { continue }
            }
            let predicate = Int(predicateOf[k])
            if predicate >= 0 && !predicates[predicate](document, node) { continue }
            return true
        }
        return false
    }

    /// Nil when assertion `a` has no required names or some list of them occurs whole in `tree`: its test must
    /// run. Otherwise the next assertion whose test may have to run.
    @inline(__always) private func skip(_ a: Int, in tree: XMLTree) -> Int? {
        var i = Int(requiredStarts[a])
        let end = Int(requiredStarts[a + 1])
        if i == end { return nil }
        var next = Int.max
        while i < end {
            let requirement = requirements[i]
            let present =
                requirement.isAttribute ? tree.containsAttribute(named: requirement.name) : tree.contains(named: requirement.name)
            if !present {
                // This list fails, and so do the following assertions' lists that start alike.
                next = min(next, Int(requirement.skipsTo))
                i = Int(requirement.nextList)
            } else if requirement.endsList {
                return nil
            } else {
                i += 1
            }
        }
        return next
    }

    /// `requirements` with each one's `nextList` and `skipsTo` set; assertion `a`'s requirements are
    /// `starts[a] ..< starts[a + 1]`, its rule `ruleOf[a]`.
    private static func linked(_ requirements: [Requirement], _ starts: [Int32], _ ruleOf: [Int32]) -> [Requirement] {
        var requirements = requirements
        /// The lists of assertion `a`, as ranges of `requirements`.
        func lists(_ a: Int) -> [Range<Int>] {
            var result: [Range<Int>] = []
            var start = Int(starts[a])
            for i in Int(starts[a])..<Int(starts[a + 1]) where requirements[i].endsList {
                result.append(start..<(i + 1))
                start = i + 1
            }
            return result
        }
        let count = starts.count - 1
        let allLists = (0..<count).map(lists)
        for a in 0..<count {
            for (index, list) in allLists[a].enumerated() {
                for position in list {
                    requirements[position].nextList = Int32(list.upperBound)
                    let prefix = requirements[list.lowerBound...position]
                    var b = a + 1
                    while b < count, ruleOf[b] == ruleOf[a], allLists[b].count == allLists[a].count,
                        requirements[allLists[b][index]].starts(with: prefix)
                    {
                        b += 1
                    }
                    requirements[position].skipsTo = Int32(b)
                }
            }
        }
        return requirements
    }
}

/// A column of the plan: the values of an array in memory the plan owns (`CheckPlan.deinit` frees it), read
/// without reference counting, uniqueness or bounds checks: the check loop reads a dozen columns per element,
/// and as arrays each read reloaded and tested its array. The plan makes every index it reads from its own columns.
struct PlanColumn<Element: BitwiseCopyable>: @unchecked Sendable {
    private let base: UnsafeMutablePointer<Element>
    let count: Int

    init(_ values: [Element]) {
        count = values.count
        base = .allocate(capacity: max(values.count, 1))
        values.withUnsafeBufferPointer { if let first = $0.baseAddress { base.initialize(from: first, count: values.count) } }
    }

    @inline(__always) subscript(_ index: Int) -> Element {
        assert(index >= 0 && index < count, "plan column read out of bounds")
        return base[index]
    }

    /// Frees the memory; the column is not read again.
    func free() { base.deallocate() }
}

/// A test in a box, so that the plan can hold it by an unmanaged reference.
final class TestBox: Sendable {
    let test: @Sendable (Document, XMLTree.Node) -> Bool
    init(_ test: @escaping @Sendable (Document, XMLTree.Node) -> Bool) { self.test = test }
}

/// A test called through an unmanaged reference to its box: calling it costs no reference counting (a closure
/// read from an array is retained for the call). The box must outlive it: `CheckPlan.testBoxes` keeps them.
struct UnretainedTest: Sendable {
    private let box: Unmanaged<TestBox>

    init(_ box: TestBox) { self.box = Unmanaged.passUnretained(box) }

    @inline(__always) func callAsFunction(_ document: Document, _ node: XMLTree.Node) -> Bool {
        box._withUnsafeGuaranteedRef { $0.test(document, node) }
    }
}
