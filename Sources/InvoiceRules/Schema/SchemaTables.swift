import Foundation
import InvoiceModel
import InvoiceXML

/// One syntax's XML Schema as tables (`formats/schema/ubl.tsv`, `cii.tsv`), read once into arrays indexed by
/// type number, element names as vocabulary ids: what `SchemaValidator` walks a tree with.
///
/// The tables are written by `scripts/generate-schema-tables.py` from the official XSDs; its header describes the
/// rows. Loading checks every reference, so a broken table stops at start-up with its file and line.
struct SchemaTables: Sendable {
    /// What a child element's declaration gives it.
    enum ElementType: Sendable, Equatable {
        /// A complex type (element-only or simple content, with attributes): an index into `complexTypes`.
        case complex(Int)
        /// A simple type: text only, no attributes: an index into `simpleTypes`.
        case simple(Int)
    }

    /// An element a particle matches, and the type it gets there.
    struct Option: Sendable {
        let name: UInt32
        let type: ElementType
    }

    /// One particle of an element-only content model: plain values, so that the walk copies no reference.
    struct Particle: Sendable {
        /// Its options: `options[firstOption..<firstOption + optionCount]` (one element, or a choice's).
        let firstOption: Int32
        let optionCount: Int32
        let minOccurs: Int
        let maxOccurs: Int
        /// For a wildcard: the index in `wildcardNamespaces` of the namespace its elements may not be in (they are
        /// accepted, not descended); -1 otherwise.
        let wildcard: Int32

        var optionRange: Range<Int> { Int(firstOption)..<Int(firstOption + optionCount) }
    }

    /// An attribute a complex type allows.
    struct AttributeUse: Sendable {
        let name: UInt32
        let type: Int
        let required: Bool
    }

    /// A complex type, as plain values: its particles (`particleCount` < 0 for simple content, whose value is of
    /// `valueType`) and attributes are ranges of the shared arrays.
    struct ComplexType: Sendable {
        let firstParticle: Int32
        let particleCount: Int32
        let valueType: Int32
        let firstAttribute: Int32
        let attributeCount: Int32

        var particleRange: Range<Int> { Int(firstParticle)..<Int(firstParticle + max(particleCount, 0)) }
        var attributeRange: Range<Int> { Int(firstAttribute)..<Int(firstAttribute + attributeCount) }
    }

    /// A complex type as the loader builds it.
    private struct ComplexTypeBuilder {
        let name: String
        var particles: [(options: [Option], minOccurs: Int, maxOccurs: Int, wildcard: String?)]?
        var valueType: Int?
        var attributes: [AttributeUse] = []
    }

    /// The document elements and their types.
    let roots: [UInt32: Int]
    let complexTypes: [ComplexType]
    let particles: [Particle]
    let options: [Option]
    let attributeUses: [AttributeUse]
    /// The namespaces wildcards exclude.
    let wildcardNamespaces: [String]
    /// For each complex type, every element its content model names, with its particle's position (from 0) and
    /// type: where a child out of place is still checked (read only then).
    let elementIndexes: [[UInt32: (particle: Int, type: ElementType)]]
    let simpleTypes: [SimpleValueType]
    /// The values of the enumerated simple types (`SimpleValueType.enumeration`).
    let enumerations: [Set<String>]
    /// Prefix → namespace, as the table names elements (for messages).
    let prefixes: [String: String]
    /// Namespace → prefix.
    let prefixOfNamespace: [String: String]

    /// Reads a table file.
    /// - Throws: `ResourceError.malformed` naming the file and line that does not parse or names what is missing.
    init(file: URL) throws(ResourceError) {
        let text: String
        do { text = try String(contentsOf: file, encoding: .utf8) } catch {
            throw .malformed(file: file.path, line: 0, reason: "unreadable: \(error.localizedDescription)")
        }
        var prefixes: [String: String] = [:]
        var simpleIndex: [String: Int] = [:]
        var simpleTypes: [SimpleValueType] = []
        var enumerations: [Set<String>] = []
        for builtin in XSDBuiltin.allCases {
            simpleIndex["xsd:" + builtin.rawValue] = simpleTypes.count
            simpleTypes.append(SimpleValueType(builtin: builtin))
        }
        var complexIndex: [String: Int] = [:]
        var complexTypes: [ComplexTypeBuilder] = []
        // Type references are resolved after every row is read: a type may be used before its rows.
        var pending: [(line: Int, fields: [String])] = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        func fail(_ line: Int, _ reason: String) -> ResourceError { .malformed(file: file.path, line: line, reason: reason) }
        for (offset, line) in lines.enumerated() where !line.isEmpty && !line.hasPrefix("#") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            let number = offset + 1
            switch fields[0] {
            case "namespace":
                guard fields.count == 3 else { throw fail(number, "expected namespace PREFIX URI") }
                prefixes[fields[1]] = fields[2]
            case "simple":
                guard fields.count >= 3, let base = simpleIndex[fields[2]] else { throw fail(number, "expected simple TYPE BUILTIN FACETS…") }
                var type = SimpleValueType(builtin: simpleTypes[base].builtin)
                for facet in fields.dropFirst(3) {
                    let parts = facet.split(separator: "=", maxSplits: 1).map(String.init)
                    guard parts.count == 2 else { throw fail(number, "a facet is NAME=VALUE, not \(facet)") }
                    switch parts[0] {
                    case "minLength": type.minLength = Int(parts[1])
                    case "maxLength": type.maxLength = Int(parts[1])
                    case "length":
                        type.minLength = Int(parts[1])
                        type.maxLength = Int(parts[1])
                    case "enumeration":
                        type.enumeration = Int32(enumerations.count)
                        enumerations.append(Set(parts[1].split(separator: "|").map(String.init)))
                    default: throw fail(number, "unknown facet \(parts[0])")
                    }
                }
                simpleIndex[fields[1]] = simpleTypes.count
                simpleTypes.append(type)
            case "complex":
                guard fields.count >= 3, fields[2] == "elements" || (fields[2] == "text" && fields.count == 4) else {
                    throw fail(number, "expected complex TYPE elements, or complex TYPE text VALUE_TYPE")
                }
                complexIndex[fields[1]] = complexTypes.count
                complexTypes.append(ComplexTypeBuilder(name: fields[1], particles: fields[2] == "elements" ? [] : nil))
                pending.append((number, fields))
            case "root", "element", "choice", "any", "attribute": pending.append((number, fields))
            default: throw fail(number, "unknown row kind \(fields[0])")
            }
        }
        func name(_ qualified: String, _ line: Int) throws(ResourceError) -> UInt32 {
            let parts = qualified.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, let uri = prefixes[parts[0]] else { throw fail(line, "unknown prefix in \(qualified)") }
            return XMLVocabulary.shared.register(QName(uri, parts[1]))
        }
        func type(_ text: String, _ line: Int) throws(ResourceError) -> ElementType {
            if let index = complexIndex[text] { return .complex(index) }
            if let index = simpleIndex[text] { return .simple(index) }
            throw fail(line, "unknown type \(text)")
        }
        func occurs(_ text: String, _ line: Int) throws(ResourceError) -> Int {
            if text == "n" { return Int.max }
            guard let value = Int(text), value >= 0 else { throw fail(line, "occurrences are a number or n, not \(text)") }
            return value
        }
        var roots: [UInt32: Int] = [:]
        for (line, fields) in pending {
            switch fields[0] {
            case "root":
                guard fields.count == 3, case .complex(let index) = try type(fields[2], line) else {
                    throw fail(line, "expected root ELEMENT COMPLEX_TYPE")
                }
                roots[try name(fields[1], line)] = index
            case "complex":
                if fields[2] == "text" {
                    guard case .simple(let value) = try type(fields[3], line) else { throw fail(line, "a value type must be simple") }
                    complexTypes[complexIndex[fields[1]]!].valueType = value
                }
            case "attribute":
                guard fields.count == 5, let owner = complexIndex[fields[1]], case .simple(let value) = try type(fields[3], line) else {
                    throw fail(line, "expected attribute COMPLEX_TYPE NAME SIMPLE_TYPE USE")
                }
                let attribute = XMLVocabulary.shared.register(QName("", fields[2]))
                complexTypes[owner].attributes.append(AttributeUse(name: attribute, type: value, required: fields[4] == "required"))
            default:
                guard fields.count >= 5, let owner = complexIndex[fields[1]], complexTypes[owner].particles != nil else {
                    throw fail(line, "a particle row names an element-only complex type, its occurrences and its elements")
                }
                let minOccurs = try occurs(fields[2], line)
                let maxOccurs = try occurs(fields[3], line)
                var options: [Option] = []
                var wildcard: String?
                switch fields[0] {
                case "element":
                    guard fields.count == 6 else { throw fail(line, "expected element TYPE MIN MAX ELEMENT TYPE") }
                    options = [Option(name: try name(fields[4], line), type: try type(fields[5], line))]
                case "choice":
                    for option in fields.dropFirst(4) {
                        let parts = option.split(separator: "=", maxSplits: 1).map(String.init)
                        guard parts.count == 2 else { throw fail(line, "a choice option is ELEMENT=TYPE") }
                        options.append(Option(name: try name(parts[0], line), type: try type(parts[1], line)))
                    }
                default:
                    guard fields.count == 5, let uri = prefixes[fields[4]] else { throw fail(line, "expected any TYPE MIN MAX PREFIX") }
                    wildcard = uri
                }
                complexTypes[owner].particles?.append((options, minOccurs, maxOccurs, wildcard))
            }
        }
        guard !roots.isEmpty else { throw fail(0, "no root row") }
        // Flattened into plain arrays.
        var flatTypes: [ComplexType] = []
        var flatParticles: [Particle] = []
        var flatOptions: [Option] = []
        var flatAttributes: [AttributeUse] = []
        var namespaces: [String] = []
        var indexes: [[UInt32: (particle: Int, type: ElementType)]] = []
        for type in complexTypes {
            let firstParticle = Int32(flatParticles.count)
            var index: [UInt32: (particle: Int, type: ElementType)] = [:]
            for (position, particle) in (type.particles ?? []).enumerated() {
                var wildcard: Int32 = -1
                if let excluded = particle.wildcard {
                    if !namespaces.contains(excluded) { namespaces.append(excluded) }
                    wildcard = Int32(namespaces.firstIndex(of: excluded) ?? 0)
                }
                for option in particle.options where index[option.name] == nil { index[option.name] = (position, option.type) }
                flatParticles.append(
                    Particle(
                        firstOption: Int32(flatOptions.count), optionCount: Int32(particle.options.count), minOccurs: particle.minOccurs,
                        maxOccurs: particle.maxOccurs, wildcard: wildcard))
                flatOptions += particle.options
            }
            guard type.particles != nil || type.valueType != nil else {
                throw fail(0, "complex type \(type.name) has neither particles nor a value type")
            }
            flatTypes.append(
                ComplexType(
                    firstParticle: firstParticle, particleCount: type.particles.map { Int32($0.count) } ?? -1,
                    valueType: Int32(type.valueType ?? -1), firstAttribute: Int32(flatAttributes.count),
                    attributeCount: Int32(type.attributes.count)))
            flatAttributes += type.attributes
            indexes.append(index)
        }
        self.roots = roots
        self.complexTypes = flatTypes
        self.particles = flatParticles
        self.options = flatOptions
        attributeUses = flatAttributes
        wildcardNamespaces = namespaces
        elementIndexes = indexes
        self.simpleTypes = simpleTypes
        self.enumerations = enumerations
        self.prefixes = prefixes
        prefixOfNamespace = Dictionary(prefixes.map { ($0.value, $0.key) }, uniquingKeysWith: { a, _ in a })
    }
}
