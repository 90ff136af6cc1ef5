public import Foundation
public import InvoiceModel
public import InvoiceXML

/// The XML Schema of each syntax, as the official pipeline checks it before the EN 16931 rules: element content
/// models (order, required elements, occurrences), values of the simple types (dates, decimals, codes, lengths),
/// required and allowed attributes.
///
/// The schemas are data (`formats/schema/ubl.tsv`, `cii.tsv`, generated from the official XSDs by
/// `scripts/generate-schema-tables.py`) and one walk over the tree the rules read checks them: each element once,
/// its children against its type's particles. Every finding is fatal, names the element and what was expected
/// (`formats/schema/messages.tsv`, French and English) and points at the element's path and line. After the first
/// misplaced child of an element, its other children are not matched again (one cause, one finding) but those the
/// model knows are still checked inside, so a supplier sees every broken value in one go.
///
/// Not modelled: the content of `ext:ExtensionContent` (a lax wildcard: extensions, signatures) is accepted
/// without being descended, and `xsd:ID` values are checked as names, not for uniqueness.
public struct SchemaRules: Sendable {
    let ubl: SchemaTables
    let cii: SchemaTables
    let messages: SchemaMessages

    /// Loads the tables of both syntaxes and the messages from `formats` (the project's `formats/` folder).
    /// - Throws: `ResourceError.malformed` naming the file and line that is missing or does not parse.
    public init(formats: URL) throws(ResourceError) {
        let folder = formats.appendingPathComponent("schema")
        ubl = try SchemaTables(file: folder.appendingPathComponent("ubl.tsv"))
        cii = try SchemaTables(file: folder.appendingPathComponent("cii.tsv"))
        messages = try SchemaMessages(file: folder.appendingPathComponent("messages.tsv"))
    }

    /// The schema findings on a tree whose root `syntax` recognised, in document order.
    public func check(_ tree: XMLTree, as syntax: InvoiceSyntax) -> [Finding] {
        let tables = syntax == .ubl ? ubl : cii
        // The tables the walk reads for every element, as buffers for the walk's duration: read without reference
        // counting or bounds checks.
        return tables.complexTypes.withUnsafeBufferPointer { complexTypes in
            tables.particles.withUnsafeBufferPointer { particles in
                tables.options.withUnsafeBufferPointer { options in
                    tables.simpleTypes.withUnsafeBufferPointer { simpleTypes in
                        let walk = SchemaWalk(
                            tree: tree, tables: tables, messages: messages, complexTypeRows: complexTypes, particleRows: particles,
                            optionRows: options, simpleTypeRows: simpleTypes)
                        if let root = tables.roots[tree.nameID(tree.root)] {
                            walk.element(tree.root, .complex(root))
                        } else {
                            walk.report("unknown-element", at: tree.root, ["element": walk.display(tree.nameID(tree.root)), "parent": "/"])
                        }
                        return walk.found.findings
                    }
                }
            }
        }
    }
}

/// One walk of one tree.
///
/// The walk does not change: its findings go to a list held by reference. Were its methods mutating, each would
/// count a reference to the tables' and the tree's arrays it reads across a call (the callee might change them).
struct SchemaWalk {
    let tree: XMLTree
    let tables: SchemaTables
    let messages: SchemaMessages
    /// The tables' `complexTypes`, `particles`, `options` and `simpleTypes`, valid during the walk.
    let complexTypeRows: UnsafeBufferPointer<SchemaTables.ComplexType>
    let particleRows: UnsafeBufferPointer<SchemaTables.Particle>
    let optionRows: UnsafeBufferPointer<SchemaTables.Option>
    let simpleTypeRows: UnsafeBufferPointer<SimpleValueType>
    let found = FindingList()

    /// The findings of a walk, in document order.
    final class FindingList {
        var findings: [Finding] = []
    }

    private static let instanceNamespace = "http://www.w3.org/2001/XMLSchema-instance"
    private static let xmlNamespace = "http://www.w3.org/XML/1998/namespace"

    /// Checks `node` as an element of `type`, and its descendants.
    func element(_ node: XMLTree.Node, _ type: SchemaTables.ElementType) {
        switch type {
        case .simple(let simple):
            attributes(of: node, allowed: 0..<0)
            value(of: node, simple)
        case .complex(let index):
            let complex = complexTypeRows[index]
            attributes(of: node, allowed: complex.attributeRange)
            if complex.particleCount >= 0 {
                content(of: node, typeIndex: index, complex.particleRange)
            } else {
                value(of: node, Int(complex.valueType))
            }
        }
    }

    /// A value: no element children, text of the simple type.
    private func value(of node: XMLTree.Node, _ simple: Int) {
        if let child = tree.firstChild(node) {
            report("elements-in-value", at: child, ["parent": display(tree.nameID(node)), "element": display(tree.nameID(child))])
            return
        }
        let type = simpleTypeRows[simple]
        if let problem = tree.withTextBytes(node, { type.problem($0, enumerations: tables.enumerations) }) {
            badValue(problem, simple, tree.textBytes(node), at: node)
        }
    }

    /// Reports a value that is not of its simple type: an element's text, or its `attribute`.
    private func badValue(
        _ problem: SimpleValueType.ValueProblem, _ simple: Int, _ value: ArraySlice<UInt8>, at node: XMLTree.Node,
        attribute: UInt32? = nil
    ) {
        let type = simpleTypeRows[simple]
        var values = [
            "value": shortened(value), "element": display(tree.nameID(node)), "min": String(type.minLength ?? 0),
            "max": type.maxLength.map(String.init) ?? "∞",
        ]
        if let attribute { values["attribute"] = tree.qname(attribute).local }
        report(attribute == nil ? problem.rawValue : "attribute-" + problem.rawValue, at: node, values, type: type.builtin)
    }

    /// The attributes of `node` against those its type allows (`allowed`, a range of the tables' attribute uses);
    /// `xsi:` and `xml:` attributes are always allowed.
    private func attributes(of node: XMLTree.Node, allowed: Range<Int>) {
        for position in tree.attributePositions(node) {
            let name = tree.attributeName(at: position)
            guard let use = allowed.first(where: { tables.attributeUses[$0].name == name }).map({ tables.attributeUses[$0] }) else {
                let namespace = tree.qname(name).namespace
                if namespace != SchemaWalk.instanceNamespace && namespace != SchemaWalk.xmlNamespace {
                    report("attribute-unknown", at: node, ["attribute": tree.qname(name).local, "element": display(tree.nameID(node))])
                }
                continue
            }
            let type = simpleTypeRows[use.type]
            if let problem = tree.withAttributeValueBytes(at: position, { type.problem($0, enumerations: tables.enumerations) }) {
                badValue(problem, use.type, tree.attributeValueBytes(at: position), at: node, attribute: name)
            }
        }
        for index in allowed where tables.attributeUses[index].required && !tree.hasAttribute(node, tables.attributeUses[index].name) {
            report(
                "attribute-missing", at: node,
                ["element": display(tree.nameID(node)), "attribute": tree.qname(tables.attributeUses[index].name).local])
        }
    }

    /// Element-only content: no text, the children in the order and numbers the particles (`particles`, a range of
    /// the tables' particles) allow.
    private func content(of node: XMLTree.Node, typeIndex: Int, _ particles: Range<Int>) {
        let parent = tree.nameID(node)
        if !tree.withTextBytes(node, { $0.isXMLSpace }) {
            let text = tree.withTextBytes(node) { Array($0.trimmingXMLSpace()) }
            report("text-in-elements", at: node, ["parent": display(parent), "value": shortened(text[...])])
        }
        var position = particles.lowerBound  // the particle being filled
        var count = 0  // how many children it took
        var previous: UInt32?  // the last child matched
        var failed = false
        var next = tree.firstChild(node)
        while let child = next {
            next = tree.nextSibling(child)
            let name = tree.nameID(child)
            if failed {
                if let known = tables.elementIndexes[typeIndex][name] { element(child, known.type) }
                continue
            }
            // Moves on through the particles until one takes the child, or a required one is still unfilled.
            var candidate = position
            var taken = count
            var matched: SchemaTables.ElementType??
            while candidate < particles.upperBound {
                let particle = particleRows[candidate]
                if taken < particle.maxOccurs, let type = match(particle, name) {
                    matched = .some(type)
                    break
                }
                if taken < particle.minOccurs { break }
                candidate += 1
                taken = 0
            }
            if let matched {
                position = candidate
                count = taken + 1
                previous = name
                if let type = matched { element(child, type) }
                continue
            }
            failed = true
            misplaced(child, in: node, typeIndex: typeIndex, particles, at: candidate, since: position, previous: previous)
            if let known = tables.elementIndexes[typeIndex][name] { element(child, known.type) }
        }
        if failed { return }
        // What is left must be optional.
        while position < particles.upperBound {
            if count < particleRows[position].minOccurs {
                report("missing-end", at: node, ["parent": display(parent), "expected": expected(particleRows[position])])
                return
            }
            position += 1
            count = 0
        }
    }

    /// Reports why `child` does not fit: the particle where matching stopped is `stop` (a required one still
    /// unfilled, or the end), the one being filled was `current` (positions in the tables' particles).
    private func misplaced(
        _ child: XMLTree.Node, in node: XMLTree.Node, typeIndex: Int, _ particles: Range<Int>, at stop: Int, since current: Int,
        previous: UInt32?
    ) {
        let name = tree.nameID(child)
        let element = display(name)
        guard let known = tables.elementIndexes[typeIndex][name] else {
            report("unknown-element", at: child, ["element": element, "parent": display(tree.nameID(node))])
            return
        }
        let knownPosition = particles.lowerBound + known.particle
        if knownPosition > stop, stop < particles.upperBound {
            report("missing-before", at: child, ["expected": expected(particleRows[stop]), "element": element])
        } else if knownPosition == current, let previous,
            particleRows[current].optionRange.contains(where: { optionRows[$0].name == previous })
        {
            let max = particleRows[current].maxOccurs
            report(max == 1 ? "too-many" : "too-many-n", at: child, ["max": String(max), "element": element])
        } else {
            report("out-of-order", at: child, ["element": element, "expected": previous.map(display) ?? display(tree.nameID(node))])
        }
    }

    /// The type `name` gets from `particle`: nil when it does not match, `.some(nil)` for a wildcard's element.
    @inline(__always)
    private func match(_ particle: SchemaTables.Particle, _ name: UInt32) -> SchemaTables.ElementType?? {
        if particle.wildcard >= 0 {
            let namespace = tree.qname(name).namespace
            return !namespace.isEmpty && namespace != tables.wildcardNamespaces[Int(particle.wildcard)] ? .some(nil) : nil
        }
        for index in particle.optionRange where optionRows[index].name == name { return .some(optionRows[index].type) }
        return nil
    }

    /// The elements a particle expects, `cbc:ID` or `udt:DateString | udt:Date`.
    private func expected(_ particle: SchemaTables.Particle) -> String {
        if particle.wildcard >= 0 { return "*" }
        return particle.optionRange.map { display(optionRows[$0].name) }.joined(separator: " | ")
    }

    /// `prefix:local` with the tables' prefixes.
    func display(_ name: UInt32) -> String {
        let qname = tree.qname(name)
        if let prefix = tables.prefixOfNamespace[qname.namespace] { return prefix + ":" + qname.local }
        return qname.namespace.isEmpty ? qname.local : "{\(qname.namespace)}\(qname.local)"
    }

    /// A value as shown in a message: at most 60 characters.
    private func shortened(_ bytes: ArraySlice<UInt8>) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        return text.count > 60 ? String(text.prefix(60)) + "…" : text
    }

    /// Adds the finding of message `key`, its placeholders filled (`{type}` with `type`'s description).
    func report(_ key: String, at node: XMLTree.Node, _ values: [String: String], type: XSDBuiltin? = nil) {
        found.findings.append(
            Finding(
                rule: messages.rule(key), severity: .fatal, message: messages.message(key, values, type: type),
                location: Location(path: tree.path(node), line: tree.line(node))))
    }
}

/// The messages of schema findings and the descriptions of the built-in types (`formats/schema/messages.tsv`).
struct SchemaMessages: Sendable {
    private var rules: [String: String] = [:]
    private var templates: [String: Message] = [:]
    private var types: [XSDBuiltin: Message] = [:]

    /// Reads the file; every message key the walk uses and every built-in type must be there.
    init(file: URL) throws(ResourceError) {
        let text: String
        do { text = try String(contentsOf: file, encoding: .utf8) } catch {
            throw .malformed(file: file.path, line: 0, reason: "unreadable: \(error.localizedDescription)")
        }
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where !line.isEmpty && !line.hasPrefix("#") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            switch (fields.first, fields.count) {
            case ("message", 5):
                rules[fields[1]] = fields[2]
                templates[fields[1]] = Message(fr: fields[4], en: fields[3])
            case ("type", 4):
                guard fields[1].hasPrefix("xsd:"), let builtin = XSDBuiltin(rawValue: String(fields[1].dropFirst(4))) else {
                    throw .malformed(file: file.path, line: offset + 1, reason: "unknown built-in type \(fields[1])")
                }
                types[builtin] = Message(fr: fields[3], en: fields[2])
            default:
                throw .malformed(file: file.path, line: offset + 1, reason: "expected message KEY RULE English French, or type XSD English French")
            }
        }
        let keys = [
            "unknown-element", "missing-before", "missing-end", "too-many", "too-many-n", "out-of-order", "text-in-elements", "elements-in-value",
            "lexical", "length", "enumeration", "attribute-missing", "attribute-unknown", "attribute-lexical", "attribute-length",
            "attribute-enumeration",
        ]
        for key in keys where templates[key] == nil {
            throw .malformed(file: file.path, line: 0, reason: "no message \(key)")
        }
        for builtin in XSDBuiltin.allCases where types[builtin] == nil {
            throw .malformed(file: file.path, line: 0, reason: "no description of xsd:\(builtin.rawValue)")
        }
    }

    func rule(_ key: String) -> String { rules[key] ?? "XSD" }

    /// The message `key` with its placeholders filled; `{type}` takes `type`'s description in each language.
    func message(_ key: String, _ values: [String: String], type: XSDBuiltin?) -> Message {
        guard let template = templates[key] else { return Message(fr: key, en: key) }
        func fill(_ text: String, _ description: String?) -> String {
            var text = text
            for (name, value) in values { text = text.replacingOccurrences(of: "{\(name)}", with: value) }
            if let description { text = text.replacingOccurrences(of: "{type}", with: description) }
            return text
        }
        let description = type.flatMap { types[$0] }
        return Message(fr: fill(template.fr, description?.fr), en: fill(template.en, description?.en))
    }
}
