public import Foundation
public import InvoiceModel
import InvoiceXML

extension Binding {
    /// Reads the binding file at `url` against the EN 16931 dictionary `terms`.
    public static func load(from url: URL, terms: BusinessTerms) throws(MappingError) -> Binding {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw .resources(.notFound(searched: [url.path]))
        }
        return try parse(text, name: url.deletingPathExtension().lastPathComponent, terms: terms)
    }

    /// Whether `text` is a binding file (its first directive is `syntax`).
    public static func isBindingFile(_ text: String) -> Bool {
        for line in text.split(separator: "\n") {
            if line.hasPrefix("#") || line.trimmingXMLSpace().isEmpty { continue }
            return line.hasPrefix("syntax\t")
        }
        return false
    }

    /// Compiles the text of a binding file named `name`.
    public static func parse(_ text: String, name: String, terms: BusinessTerms) throws(MappingError) -> Binding {
        var parser = BindingFileParser(name: name, terms: terms)
        do {
            return try parser.parse(text)
        } catch {
            throw .malformedBinding(file: "\(name).tsv", line: error.line, reason: error.reason)
        }
    }
}

/// The binding file format, line by line (tab-separated; `#` starts a comment line):
///
/// - `syntax NAME` — the syntax family (`ubl`, `cii`); must come first.
/// - `root prefix:Name` — the document element.
/// - `namespace PREFIX URI [default]` — a prefix the paths use; `default` writes it without prefix.
/// - `format Date PICTURE` — how dates are written (`YYYY-MM-DD`, `YYYYMMDD`).
/// - `attribute TYPE @name VALUE` — an attribute every element of that data type carries (`Amount @currencyID $BT-5`).
/// - `when BT-n CODE…` — write with this file only invoices whose term has one of the codes.
/// - `BT-n PATH [OPTION]` / `BG-n PATH` / `BT-n-k PATH` — where a term, group or sub-term is,
///   relative to its parent's element (a sub-term: to its term's element). `-` as path: the syntax
///   has no place for it, the third column says why. Option `prefix=#*#`: the value is written
///   between the delimiters at the start of the element's text.
/// - `const ID PATH [VALUE]` — what writing a group or term (`BG-0` for the document) always adds.
/// - `order prefix:Parent CHILD…` — the schema's order of the children the writer may create.
struct BindingFileParser {
    let name: String
    let terms: BusinessTerms

    struct Failure: Error {
        let line: Int
        let reason: String
    }

    private struct Placement {
        let line: Int
        let path: Substring
        let option: Substring?
    }

    private var compiler = PathCompiler(namespaces: [:], defaultNamespacePrefix: nil)
    private var placements: [TermID: Placement] = [:]
    private var constants: [(line: Int, owner: TermID, path: Substring, value: Substring?)] = []
    private var codeLists: [TermID: (line: Int, pairs: [Substring])] = [:]
    private var constantsByOwner: [TermID: [ConstantBinding]] = [:]

    init(name: String, terms: BusinessTerms) {
        self.name = name
        self.terms = terms
    }

    mutating func parse(_ text: String) throws(Failure) -> Binding {
        var syntax: InvoiceSyntax?
        var rootText: (Int, Substring)?
        var namespaces: [Binding.Namespace] = []
        var dateLayout = CalendarDate.Layout.iso
        var attributeLines: [(Int, [Substring])] = []
        var selector: Binding.Selector?
        var orderLines: [(Int, [Substring])] = []
        var unmapped: [TermID: String] = [:]

        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, rawLine) in lines.enumerated() {
            let number = index + 1
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            if line.trimmingXMLSpace().isEmpty || line.hasPrefix("#") { continue }
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map { $0.trimmingXMLSpace() }
            func column(_ i: Int) throws(Failure) -> Substring {
                guard i < columns.count, !columns[i].isEmpty else { throw Failure(line: number, reason: "missing column \(i + 1)") }
                return columns[i]
            }
            if syntax == nil && columns[0] != "syntax" { throw Failure(line: number, reason: "the file must start with a 'syntax' line") }
            switch columns[0] {
            case "syntax":
                guard let named = InvoiceSyntax(rawValue: String(try column(1))) else {
                    let known = InvoiceSyntax.allCases.map(\.rawValue).joined(separator: ", ")
                    throw Failure(line: number, reason: "unknown syntax \(columns[1]): expected one of \(known)")
                }
                syntax = named
            case "root": rootText = (number, try column(1))
            case "namespace":
                let isDefault = columns.count > 3 && columns[3] == "default"
                namespaces.append(.init(prefix: String(try column(1)), uri: String(try column(2)), isDefault: isDefault))
            case "format":
                guard try column(1) == "Date", let layout = CalendarDate.Layout(picture: String(try column(2))) else {
                    throw Failure(line: number, reason: "only 'format Date YYYY-MM-DD|YYYYMMDD' is known")
                }
                dateLayout = layout
            case "attribute": attributeLines.append((number, columns))
            case "when":
                guard let id = TermID(try column(1)) else { throw Failure(line: number, reason: "bad term \(columns[1])") }
                let codes = Set(columns.dropFirst(2).flatMap { $0.split(separator: " ") }.map(String.init))
                selector = .init(term: id, codes: codes)
            case "order": orderLines.append((number, columns))
            case "codes":
                guard let id = TermID(try column(1)) else { throw Failure(line: number, reason: "bad term \(columns[1])") }
                codeLists[id] = (number, columns.dropFirst(2).flatMap { $0.split(separator: " ") })
            case "const":
                guard let owner = TermID(try column(1)) else { throw Failure(line: number, reason: "bad owner \(columns[1])") }
                constants.append((number, owner, try column(2), columns.count > 3 && !columns[3].isEmpty ? columns[3] : nil))
            default:
                guard let id = TermID(columns[0]) else { throw Failure(line: number, reason: "unknown directive \(columns[0])") }
                guard terms[id] != nil || id == .invoice else { throw Failure(line: number, reason: "\(id) is not in the EN 16931 dictionary") }
                guard placements[id] == nil, unmapped[id] == nil else { throw Failure(line: number, reason: "\(id) placed twice") }
                let path = try column(1)
                if path == "-" {
                    unmapped[id] = String(try column(2))
                } else {
                    placements[id] = Placement(line: number, path: path, option: columns.count > 2 && !columns[2].isEmpty ? columns[2] : nil)
                }
            }
        }
        guard let syntax else { throw Failure(line: 1, reason: "no 'syntax' line") }
        guard let (rootLine, rootQualified) = rootText else { throw Failure(line: 1, reason: "no 'root' line") }

        let defaultPrefix = namespaces.first(where: \.isDefault)?.prefix
        compiler = PathCompiler(
            namespaces: Dictionary(namespaces.map { ($0.prefix, $0.uri) }, uniquingKeysWith: { a, _ in a }),
            defaultNamespacePrefix: defaultPrefix)
        let rootID = try compile(rootLine) { (c: inout PathCompiler) throws(PathCompiler.Failure) in try c.element(rootQualified) }
        let rootName = XMLVocabulary.shared.name(of: rootID) ?? QName("", String(rootQualified))
        guard InvoiceSyntax(rootNamespace: rootName.namespace, localName: rootName.local) == syntax else {
            throw Failure(line: rootLine, reason: "\(rootName) is not the root of a \(syntax) invoice")
        }

        var typeAttributes: [TermDataType: [ConstantBinding]] = [:]
        for (line, columns) in attributeLines {
            guard columns.count >= 4, let type = TermDataType(rawValue: String(columns[1])) else {
                throw Failure(line: line, reason: "expected 'attribute TYPE @name VALUE'")
            }
            let path = try compile(line) { (c: inout PathCompiler) throws(PathCompiler.Failure) in try c.path(columns[2]) }
            guard path.steps.isEmpty, path.attribute != nil else { throw Failure(line: line, reason: "expected an @attribute") }
            typeAttributes[type, default: []].append(ConstantBinding(path: path, value: BindingLiteral(parsing: columns[3])))
        }

        for constant in constants {
            guard placements[constant.owner] != nil || constant.owner == .invoice else {
                throw Failure(line: constant.line, reason: "\(constant.owner) is not placed in this file")
            }
            let path = try compile(constant.line) { (c: inout PathCompiler) throws(PathCompiler.Failure) in try c.path(constant.path) }
            constantsByOwner[constant.owner, default: []].append(
                ConstantBinding(path: path, value: constant.value.map(BindingLiteral.init(parsing:))))
        }
        let root = try group(.invoice, path: BindingPath(steps: [], attribute: nil, description: ""), repeating: false)

        var order: [UInt64: Int] = [:]
        var orderedParents: Set<UInt32> = []
        for (line, columns) in orderLines {
            guard columns.count >= 3 else { throw Failure(line: line, reason: "expected 'order PARENT CHILD…'") }
            let parent = try compile(line) { (c: inout PathCompiler) throws(PathCompiler.Failure) in try c.element(columns[1]) }
            orderedParents.insert(parent)
            let children = columns.dropFirst(2).flatMap { $0.split(separator: " ") }
            for (rank, child) in children.enumerated() {
                let id = try compile(line) { (c: inout PathCompiler) throws(PathCompiler.Failure) in try c.element(child) }
                order[UInt64(parent) << 32 | UInt64(id)] = rank
            }
        }

        var mapped = Set(placements.keys)
        mapped.insert(.invoice)
        return Binding(
            name: name, syntax: syntax, rootName: rootName, unmapped: unmapped, mapped: mapped,
            rootID: rootID, namespaces: namespaces, dateLayout: dateLayout, typeAttributes: typeAttributes,
            selector: selector, root: root, elementNames: compiler.elementNames,
            attributeNames: compiler.attributeNames, order: order, orderedParents: orderedParents)
    }

    private mutating func compile<T>(_ line: Int, _ body: (inout PathCompiler) throws(PathCompiler.Failure) -> T) throws(Failure) -> T {
        do { return try body(&compiler) } catch { throw Failure(line: line, reason: error.reason) }
    }

    /// The group `id` with everything placed under it, members in the file's order.
    private mutating func group(_ id: TermID, path: BindingPath, repeating: Bool, maxOccurs: Int? = nil) throws(Failure) -> GroupBinding {
        let children = terms.children(of: id)
            .filter { placements[$0.id] != nil && !$0.dataType.isQualifier }
            .sorted { placements[$0.id]!.line < placements[$1.id]!.line }
        // A term written as a prefix of its element's text: the terms on the same element read what follows it.
        var prefixed: (path: Substring, prefix: TextPrefix)?
        for child in children {
            if let placement = placements[child.id], let prefix = try textPrefix(placement) { prefixed = (placement.path, prefix) }
        }
        var termBindings: [TermBinding] = []
        var groupBindings: [GroupBinding] = []
        for child in children {
            let placement = placements[child.id]!
            if child.dataType == .group {
                let path = try compile(placement.line) { (c: inout PathCompiler) throws(PathCompiler.Failure) in try c.path(placement.path) }
                var maxOccurs: Int?
                for option in placement.option?.split(separator: " ") ?? [] {
                    guard option.hasPrefix("max="), let value = Int(option.dropFirst(4)), value > 0 else {
                        throw Failure(line: placement.line, reason: "unknown group option \(option) (a group takes max=N)")
                    }
                    maxOccurs = value
                }
                groupBindings.append(try group(child.id, path: path, repeating: child.cardinality.isRepeatable, maxOccurs: maxOccurs))
            } else {
                let follows = prefixed.flatMap { $0.path == placement.path ? $0.prefix : nil }
                termBindings.append(try term(child, placement, follows: follows))
            }
        }
        return GroupBinding(
            id: id, path: path, repeating: repeating, terms: termBindings, groups: groupBindings,
            constants: constantsByOwner[id] ?? [], maxOccurs: maxOccurs)
    }

    /// The `prefix=#*#` option of a placement, if it has one.
    private func textPrefix(_ placement: Placement) throws(Failure) -> TextPrefix? {
        for option in placement.option?.split(separator: " ") ?? [] where option.hasPrefix("prefix=") {
            guard let star = option.firstIndex(of: "*") else { throw Failure(line: placement.line, reason: "prefix needs a *") }
            let open = option[option.index(option.startIndex, offsetBy: 7)..<star]
            let close = option[option.index(after: star)...]
            guard !open.isEmpty, !close.isEmpty else { throw Failure(line: placement.line, reason: "prefix needs two delimiters") }
            return TextPrefix(open: Array(open.utf8), close: Array(close.utf8))
        }
        return nil
    }

    private mutating func term(_ definition: BusinessTerm, _ placement: Placement, follows: TextPrefix?) throws(Failure) -> TermBinding {
        let alternatives = try compile(placement.line) { (c: inout PathCompiler) throws(PathCompiler.Failure) in
            try c.alternatives(placement.path)
        }
        var qualifiers: [QualifierBinding] = []
        for qualifier in terms.qualifiers(of: definition.id) {
            guard let q = placements[qualifier.id] else { continue }
            let path = try compile(q.line) { (c: inout PathCompiler) throws(PathCompiler.Failure) in try c.path(q.path) }
            qualifiers.append(QualifierBinding(role: qualifier.dataType, path: path))
        }
        let prefix = try textPrefix(placement)
        var unless: BindingLiteral?
        var defaultSum: [TermID]?
        var needs: TermID?
        var defaultText: String?
        var defaultWhen: TermID?
        for option in placement.option?.split(separator: " ") ?? [] {
            if option.hasPrefix("prefix=") {
                continue
            } else if option.hasPrefix("needs=") {
                guard let id = TermID(option.dropFirst(6)), !id.isGroup else { throw Failure(line: placement.line, reason: "expected needs=BT-n") }
                needs = id
            } else if option.hasPrefix("default='"), option.hasSuffix("'"), option.count > 10 {
                defaultText = String(option.dropFirst(9).dropLast())
            } else if option.hasPrefix("if=") {
                guard let id = TermID(option.dropFirst(3)), !id.isGroup else { throw Failure(line: placement.line, reason: "expected if=BT-n") }
                defaultWhen = id
            } else if option.hasPrefix("unless=") {
                unless = BindingLiteral(parsing: option.dropFirst(7))
            } else if option.hasPrefix("default=sum("), option.hasSuffix(")") {
                let ids = option.dropFirst(12).dropLast().split(separator: "/").compactMap { TermID($0) }
                guard ids.count >= 1, ids.last?.isGroup == false, ids.dropLast().allSatisfy(\.isGroup) else {
                    throw Failure(line: placement.line, reason: "expected default=sum(BG-n/…/BT-n)")
                }
                defaultSum = ids
            } else {
                throw Failure(line: placement.line, reason: "unknown option \(option)")
            }
        }
        if (defaultText == nil) != (defaultWhen == nil) {
            throw Failure(line: placement.line, reason: "default='TEXT' and if=BT-n go together")
        }
        var codesOut: [String: String] = [:]
        var codesIn: [String: String] = [:]
        if let (line, pairs) = codeLists[definition.id] {
            for pair in pairs {
                let sides = pair.split(separator: "=")
                guard sides.count == 2 else { throw Failure(line: line, reason: "expected MODEL=SYNTAX code pairs") }
                codesOut[String(sides[0])] = String(sides[1])
                codesIn[String(sides[1])] = String(sides[0])
            }
        }
        return TermBinding(
            id: definition.id, dataType: definition.dataType, repeating: definition.cardinality.isRepeatable,
            alternatives: alternatives, qualifiers: qualifiers, constants: constantsByOwner[definition.id] ?? [],
            prefix: prefix, followsPrefix: prefix == nil ? follows : nil, codesOut: codesOut, codesIn: codesIn,
            unless: unless, defaultSum: defaultSum, needs: needs,
            defaultText: defaultText.flatMap { text in defaultWhen.map { TermBinding.DefaultText(text: text, when: $0) } })
    }
}
