public import Foundation
public import InvoiceModel
public import InvoiceXML

/// One pattern's rules as a table (`formats/rules/ubl-syntax.tsv`, `cii-syntax.tsv`): each line names a rule, the
/// elements it is checked on, and what it asks of them, as an element path and a kind (absent, at most N …).
/// Rules that compute are marked `computed` and given as Swift functions when the table becomes a pattern.
///
/// Line format (tab-separated, `#` starts a comment): `id  context  kind  path  value`; see the tables' headers.
public struct RuleTable: Sendable {
    /// What a declarative rule asks of the nodes its path selects.
    public enum Kind: Sendable, Equatable {
        /// The path selects nothing (an element or attribute that should not be there).
        case absent
        /// The path selects something.
        case present
        /// The path selects at most this many nodes.
        case atMost(Int)
        /// The path selects exactly this many nodes.
        case exactly(Int)
        /// The path selects nothing, or some node whose text is this value.
        case absentOrEqual(String)
        /// The value (`.`: the element's text; `@name`: its attribute, "" when absent) is a code of a list of
        /// `formats/codelists/<syntax>/`, compared as `comparison` says.
        case code(list: String, comparison: CodeComparison)
        /// The first node the path selects has text other than white space (XPath `normalize-space(path) != ''`).
        case hasText
        /// The first node the path selects, if any, has at most this many characters after its first `.`
        /// (`string-length(substring-after(path, '.')) <= N`).
        case decimals(Int)
        /// A Swift function decides.
        case computed
        /// Not a rule: the context rules Swift builds under this row's `$name` context go here, in their order
        /// (rules generated from Swift data, such as the VAT category families).
        case rules
    }

    /// How a coded value is compared with its list.
    public enum CodeComparison: String, Sendable, Equatable {
        /// XPath `normalize-space`, then a whole code (`code`).
        case normalized = "code"
        /// Normalised and upper-cased (`code-uppercased`: VATEX codes in any case).
        case uppercased = "code-uppercased"
        /// Exactly as written (`code-as-written`: MIME codes).
        case asWritten = "code-as-written"
    }

    /// What a `code` row reads on its context element.
    public enum CodedValue: Sendable, Equatable {
        /// The element's text.
        case text
        /// An attribute of the element.
        case attribute(UInt32)
    }

    /// One line of the table.
    public struct Row: Sendable {
        /// The rule id (`UBL-CR-001`).
        public let id: String
        /// The context: a `ContextPattern` text, or `$name` for a context defined in Swift.
        public let context: String
        /// What the rule asks.
        public let kind: Kind
        /// The nodes it counts; nil for computed and code rules.
        public let path: ElementPath?
        /// What a code rule reads; nil for the others.
        public let codedValue: CodedValue?
        /// The location path of `has-text` and `decimals` rows (which may go up with `..`); nil for the others.
        public let locationPath: Path?
        /// The line number in the file, for error messages.
        public let line: Int
    }

    /// A computed rule's test: true when the rule holds on the context element.
    public typealias Test = @Sendable (Document, XMLTree.Node) -> Bool

    /// The rows, in file order (which is the pattern's rule order).
    public let rows: [Row]
    /// Where the rows came from.
    public let file: String

    /// Parses a table's text; `file` names it in errors.
    public init(text: String, file: String, syntax: Syntax) throws(ResourceError) {
        var rows: [Row] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            if line.trimmingXMLSpace().isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            func malformed(_ reason: String) -> ResourceError { .malformed(file: file, line: number, reason: reason) }
            guard fields.count >= 3 else { throw malformed("expected id, context, kind, path, value") }
            let value = fields.count > 4 ? fields[4] : nil
            let kind: Kind
            switch (fields[2], value) {
            case ("absent", nil): kind = .absent
            case ("present", nil): kind = .present
            case ("at-most", let v?): guard let n = Int(v) else { throw malformed("at-most needs a count") }; kind = .atMost(n)
            case ("exactly", let v?): guard let n = Int(v) else { throw malformed("exactly needs a count") }; kind = .exactly(n)
            case ("absent-or-equal", let v?): kind = .absentOrEqual(v)
            case ("computed", nil): kind = .computed
            case ("rules", nil):
                guard fields[1].hasPrefix("$") else { throw malformed("a rules row names a $context defined in Swift") }
                kind = .rules
            case ("has-text", nil): kind = .hasText
            case ("decimals", let v?): guard let n = Int(v), n >= 0 else { throw malformed("decimals needs a count") }; kind = .decimals(n)
            case (let name, let list?) where CodeComparison(rawValue: name) != nil:
                kind = .code(list: list, comparison: CodeComparison(rawValue: name)!)
            default: throw malformed("unknown kind or wrong number of columns: \(fields[2])")
            }
            var path: ElementPath?
            var codedValue: CodedValue?
            var locationPath: Path?
            if kind == .hasText || { if case .decimals = kind { true } else { false } }() {
                guard fields.count >= 4, RuleTable.isLocationPath(fields[3], syntax) else {
                    throw malformed("expected a location path such as cac:Item/cbc:Name or ../cbc:ID")
                }
                locationPath = Path(fields[3], syntax)
            } else if case .code = kind {
                if fields[3] == "." {
                    codedValue = .text
                } else if fields[3].hasPrefix("@"), ElementPath.isName(fields[3].dropFirst(), prefixed: false, in: syntax),
                    let id = syntax.name(fields[3].dropFirst())
                {
                    codedValue = .attribute(id)
                } else {
                    throw malformed("a code rule reads . (the element's text) or @name (an attribute), not \(fields[3])")
                }
            } else if kind == .present, fields.count >= 4, fields[3].hasPrefix("../"), RuleTable.isLocationPath(fields[3], syntax) {
                // A path that goes up from the context element (`../ram:ActualAmount`) is a location path.
                locationPath = Path(fields[3], syntax)
            } else if kind == .computed || kind == .rules {
                guard fields.count == 3 else { throw malformed("a computed rule or a rules row has no path") }
            } else {
                guard fields.count >= 4, let compiled = ElementPath(fields[3], syntax) else {
                    throw malformed("expected an element path such as cac:Delivery/cbc:ID or //@schemeName")
                }
                path = compiled
            }
            rows.append(
                Row(id: fields[0], context: fields[1], kind: kind, path: path, codedValue: codedValue, locationPath: locationPath, line: number))
        }
        self.rows = rows
        self.file = file
    }

    /// Reads and parses a table file.
    public init(file: URL, syntax: Syntax) throws(ResourceError) {
        let text: String
        do { text = try String(contentsOf: file, encoding: .utf8) } catch {
            throw .malformed(file: file.path, line: 0, reason: "unreadable: \(error.localizedDescription)")
        }
        try self.init(text: text, file: file.path, syntax: syntax)
    }

    /// The table as a pattern: each run of rows sharing a context becomes one `ContextRule`, in file order.
    ///
    /// - Parameters:
    ///   - name: the pattern's name.
    ///   - syntax: the syntax of the context texts.
    ///   - contexts: the contexts written `$name` in the table, by name.
    ///   - computed: the tests of the `computed` rows, by rule id; each must be used.
    ///   - formats: the folder of the code lists `code` rows name.
    /// - Throws: `ResourceError.malformed` when a `$context`, a computed test or a code list is missing, or a test
    ///   is not used.
    public func pattern(
        _ name: String, syntax: Syntax, contexts: [String: ContextPattern], computed: [String: Test], formats: URL,
        rules spliced: [String: [ContextRule]] = [:]
    ) throws(ResourceError) -> RulePattern {
        var rules: [ContextRule] = []
        var runContext: String?
        var runStart = 0
        var assertions: [Assertion] = []
        var used: Set<String> = []

        func closeRun() throws(ResourceError) {
            guard let text = runContext else { return }
            let context: ContextPattern
            if text.hasPrefix("$") {
                guard let named = contexts[text] else {
                    throw .malformed(file: file, line: runStart, reason: "no context named \(text) is defined in Swift")
                }
                context = named
            } else {
                guard let checked = ContextPattern(checking: text, syntax) else {
                    throw .malformed(file: file, line: runStart, reason: "expected a context such as cac:Delivery or /ubl:Invoice")
                }
                context = checked
            }
            rules.append(ContextRule(context, assertions))
            assertions = []
        }

        var usedRules: Set<String> = []
        for row in rows {
            if row.kind == .rules {
                try closeRun()
                runContext = nil
                guard let built = spliced[row.context] else {
                    throw .malformed(file: file, line: row.line, reason: "no context rules named \(row.context) are built in Swift")
                }
                usedRules.insert(row.context)
                rules += built
                continue
            }
            if row.context != runContext {
                try closeRun()
                runContext = row.context
                runStart = row.line
            }
            if row.kind == .computed {
                guard let test = computed[row.id] else {
                    throw .malformed(file: file, line: row.line, reason: "no Swift test is registered for computed rule \(row.id)")
                }
                used.insert(row.id)
                assertions.append(Assertion(row.id, test))
            } else if case .code(let list, let comparison) = row.kind, let value = row.codedValue {
                let codes = CodeSet(Set(try CodeListFile.codes(syntax.invoiceSyntax, list, in: formats)))
                assertions.append(Assertion(row.id, RuleTable.test(value, in: codes, comparison)))
            } else if let path = row.locationPath {
                assertions.append(Assertion(row.id, RuleTable.test(row.kind, path)))
            } else if let path = row.path {
                assertions.append(Assertion(row.id, failsOnlyWith: RuleTable.namesToFail(row.kind, path), RuleTable.test(row.kind, path)))
            }
        }
        try closeRun()
        if let unused = Set(computed.keys).subtracting(used).sorted().first {
            throw .malformed(file: file, line: 0, reason: "the Swift test for \(unused) matches no computed row")
        }
        if let unused = Set(spliced.keys).subtracting(usedRules).sorted().first {
            throw .malformed(file: file, line: 0, reason: "the Swift context rules \(unused) match no rules row")
        }
        return RulePattern(name, rules)
    }

    /// The names a document needs for a declarative rule to fail: those of some alternative of its path when it
    /// fails only on what the path selects; nil when it may fail on a document without them.
    static func namesToFail(_ kind: Kind, _ path: ElementPath) -> [RequiredNames]? {
        switch kind {
        case .absent, .atMost, .absentOrEqual: return path.namesRequired
        case .present, .exactly, .computed, .code, .hasText, .decimals, .rules: return nil
        }
    }

    /// Whether `text` is a location path `Path` compiles: steps `..`, `.` or a name with one of `syntax`'s prefixes.
    static func isLocationPath(_ text: String, _ syntax: Syntax) -> Bool {
        let steps = text.split(separator: "/", omittingEmptySubsequences: false)
        return !text.isEmpty && !text.hasPrefix("/") && steps.allSatisfy { step in
            step == ".." || step == "." || ElementPath.isName(step, prefixed: true, in: syntax)
        }
    }

    /// The test of a `has-text` or `decimals` row, or of a `present` row whose path goes up.
    static func test(_ kind: Kind, _ path: Path) -> Test {
        switch kind {
        case .present: return { d, n in d.exists(path, n) }
        case .hasText: return { d, n in d.hasText(path, n) }
        case .decimals(let limit):
            return { d, n in
                guard let target = d.first(path, n) else { return true }
                let text = d.string(target).unicodeScalars
                guard let point = text.firstIndex(of: ".") else { return true }
                return text.distance(from: point, to: text.endIndex) - 1 <= limit
            }
        default: return { _, _ in true }
        }
    }

    /// The test of a code rule.
    static func test(_ value: CodedValue, in codes: CodeSet, _ comparison: CodeComparison) -> Test {
        switch (value, comparison) {
        case (.text, .normalized): return { d, n in d.normalized(n, isIn: codes) }
        case (.text, .uppercased): return { d, n in codes.contains(d.normalized(n).uppercased()) }
        case (.text, .asWritten): return { d, n in codes.contains(d.tree.text(n)) }
        case (.attribute(let name), .normalized): return { d, n in d.normalizedAttribute(n, name, isIn: codes) }
        case (.attribute(let name), .uppercased):
            return { d, n in codes.contains(Document.normalizeSpace(d.attribute(n, name) ?? "").uppercased()) }
        case (.attribute(let name), .asWritten): return { d, n in codes.contains(d.attribute(n, name) ?? "") }
        }
    }

    /// The test of a declarative rule.
    static func test(_ kind: Kind, _ path: ElementPath) -> Test {
        switch kind {
        case .absent: return { d, n in !path.exists(from: n, in: d) }
        case .present: return { d, n in path.exists(from: n, in: d) }
        case .atMost(let limit): return { d, n in path.count(from: n, in: d, upTo: limit + 1) <= limit }
        case .exactly(let count): return { d, n in path.count(from: n, in: d, upTo: count + 1) == count }
        case .absentOrEqual(let value):
            return { d, n in
                let texts = path.texts(from: n, in: d)
                return texts.isEmpty || texts.contains(value)
            }
        case .computed, .code, .hasText, .decimals, .rules: return { _, _ in true }
        }
    }
}

extension RuleTable {
    /// What a syntax file adds to its table: the `$name` contexts and the computed rules' tests.
    typealias SwiftRules = (contexts: [String: ContextPattern], computed: [String: Test])

    /// The pattern for `relativePath` in `formats`, for the rule-set builders. `swiftRules` is called once the
    /// table is read, so that the names the table uses are in the vocabulary by then.
    /// - Throws: `ResourceError.malformed` with the file and line at fault when the table is missing or broken.
    static func loadPattern(
        _ relativePath: String, in formats: URL, name: String, syntax: Syntax, _ swiftRules: () -> SwiftRules
    ) throws(ResourceError) -> RulePattern {
        let table = try RuleTable(file: formats.appendingPathComponent(relativePath), syntax: syntax)
        let rules = swiftRules()
        return try table.pattern(name, syntax: syntax, contexts: rules.contexts, computed: rules.computed, formats: formats)
    }

    /// `loadPattern` for a table that also places context rules built in Swift (`rules` rows).
    static func loadPattern(
        _ relativePath: String, in formats: URL, name: String, syntax: Syntax,
        _ swiftRules: () -> (contexts: [String: ContextPattern], computed: [String: Test], rules: [String: [ContextRule]])
    ) throws(ResourceError) -> RulePattern {
        let table = try RuleTable(file: formats.appendingPathComponent(relativePath), syntax: syntax)
        let rules = swiftRules()
        return try table.pattern(
            name, syntax: syntax, contexts: rules.contexts, computed: rules.computed, formats: formats, rules: rules.rules)
    }
}
