public import InvoiceXML

/// One rule's test: it holds (true) or the rule fires on the context element (false).
public struct Assertion: Sendable {
    /// The rule id, as the standard names it (`BR-CO-10`).
    public let id: String
    /// The test; it reads the document around the context element.
    public let holds: @Sendable (Document, XMLTree.Node) -> Bool
    /// Lists of names of which the test needs at least one whole list in the document to fail; when the
    /// document lacks a name of every list, the assertion holds without running the test. Nil when the test
    /// always runs.
    let failsOnlyWith: [RequiredNames]?

    /// Creates an assertion.
    public init(_ id: String, _ holds: @escaping @Sendable (Document, XMLTree.Node) -> Bool) {
        self.init(id, failsOnlyWith: nil, holds)
    }

    /// Creates an assertion whose test can only fail in documents holding every name of one of `failsOnlyWith`.
    init(_ id: String, failsOnlyWith: [RequiredNames]?, _ holds: @escaping @Sendable (Document, XMLTree.Node) -> Bool) {
        self.id = id
        self.holds = holds
        self.failsOnlyWith = failsOnlyWith
    }
}

/// Element and attribute names that must all occur in a document (anywhere) for a test to be able to fail.
struct RequiredNames: Sendable {
    /// Element names, the most telling first.
    var elements: [UInt32]
    /// Attribute names.
    var attributes: [UInt32]
}

/// Rules that share a context: the first context in a pattern that matches an element is the only one checked on it.
public struct ContextRule: Sendable {
    /// Where the assertions apply.
    public let context: ContextPattern
    /// The assertions checked on each matching element.
    public let assertions: [Assertion]

    /// Creates a context rule.
    public init(_ context: ContextPattern, _ assertions: [Assertion]) {
        self.context = context
        self.assertions = assertions
    }
}

/// An ordered group of context rules. Within a pattern each element is checked by the first rule whose context matches it.
public struct RulePattern: Sendable {
    /// The pattern's name (`UBL-model`, `EN16931-CII-Syntax` …).
    public let name: String
    /// The rules, in priority order.
    public let rules: [ContextRule]

    /// Creates a pattern.
    public init(_ name: String, _ rules: [ContextRule]) {
        self.name = name
        self.rules = rules
    }
}
