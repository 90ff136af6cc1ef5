/// Finds the embedded files of a PDF: the catalog's `/Names /EmbeddedFiles` name tree (every node, every
/// `/Kids`, in tree order, sorted or not) and the catalog's `/AF` array, merged without duplicates.
struct EmbeddedFileCatalog {
    /// One file specification with an embedded stream, before its bytes are decoded.
    struct Entry {
        var name: String
        var relationship: String?
        var subtype: String?
        var description: String?
        var declaredSize: Int?
        var inNameTree: Bool
        var inAssociatedFiles: Bool
        /// The embedded stream (`/EF /F`, else `/EF /UF`).
        var stream: PDFObject
        /// What identifies the file across the two lists: its stream's object number, else its spec's.
        var identity: Int?
    }

    private(set) var entries: [Entry] = []
    private var indexByIdentity: [Int: Int] = [:]

    init(file: PDFFile, catalog: PDFDictionary) throws(FacturXError) {
        if let names = try file.dictionary(catalog["Names"]), let tree = names["EmbeddedFiles"] {
            var visited: Set<Int> = []
            var found: [(key: [UInt8]?, spec: PDFObject)] = []
            try walk(tree, file: file, depth: 0, visited: &visited, into: &found)
            for (key, spec) in found {
                guard var entry = try Self.entry(spec, key: key, file: file) else { continue }
                entry.inNameTree = true
                merge(entry)
            }
        }
        if let associated = try file.resolve(catalog["AF"] ?? .null).array {
            for spec in associated.prefix(file.limits.maxObjects) {
                guard var entry = try Self.entry(spec, key: nil, file: file) else { continue }
                entry.inAssociatedFiles = true
                merge(entry)
            }
        }
    }

    private mutating func merge(_ entry: Entry) {
        if let identity = entry.identity, let index = indexByIdentity[identity] {
            entries[index].inNameTree = entries[index].inNameTree || entry.inNameTree
            entries[index].inAssociatedFiles = entries[index].inAssociatedFiles || entry.inAssociatedFiles
            if entries[index].relationship == nil { entries[index].relationship = entry.relationship }
            return
        }
        if let identity = entry.identity { indexByIdentity[identity] = entries.count }
        entries.append(entry)
    }

    /// Collects the key/value pairs of a name tree, depth first, guarding against cycles and depth.
    private func walk(
        _ node: PDFObject, file: PDFFile, depth: Int, visited: inout Set<Int>, into found: inout [(key: [UInt8]?, spec: PDFObject)]
    ) throws(FacturXError) {
        guard depth <= file.limits.maxNesting else { throw .tooDeep(limit: file.limits.maxNesting) }
        if case .reference(let id) = node {
            guard visited.insert(id.number).inserted else { return }  // a node seen before: a cycle or a shared kid
        }
        guard let dictionary = try file.dictionary(node) else { return }
        if let names = try file.resolve(dictionary["Names"] ?? .null).array {
            var index = 0
            while index + 1 < names.count {
                let key = try file.resolve(names[index]).stringBytes
                found.append((key, names[index + 1]))
                guard found.count <= file.limits.maxObjects else { throw .tooManyObjects(limit: file.limits.maxObjects) }
                index += 2
            }
        }
        if let kids = try file.resolve(dictionary["Kids"] ?? .null).array {
            for kid in kids { try walk(kid, file: file, depth: depth + 1, visited: &visited, into: &found) }
        }
    }

    /// Reads a file specification; nil when it embeds no stream.
    private static func entry(_ spec: PDFObject, key: [UInt8]?, file: PDFFile) throws(FacturXError) -> Entry? {
        guard let dictionary = try file.dictionary(spec), let embedded = try file.dictionary(dictionary["EF"]) else { return nil }
        guard let streamValue = embedded["F"] ?? embedded["UF"] else { return nil }
        guard case .stream(let stream) = try file.resolve(streamValue) else { return nil }
        func text(_ key: String) throws(FacturXError) -> String? {
            guard let bytes = try file.resolve(dictionary[key] ?? .null).stringBytes else { return nil }
            let value = PDFTextString.decode(bytes)
            return value.isEmpty ? nil : value
        }
        var name = try text("UF")
        if name == nil { name = try text("F") }
        if name == nil, let key { name = PDFTextString.decode(key) }
        var declaredSize: Int? = nil
        if let parameters = try file.dictionary(stream.dictionary["Params"]) {
            declaredSize = try file.resolve(parameters["Size"] ?? .null).integer
        }
        return Entry(
            name: name ?? "attachment",
            relationship: try file.resolve(dictionary["AFRelationship"] ?? .null).name,
            subtype: try file.resolve(stream.dictionary["Subtype"] ?? .null).name,
            description: try text("Desc"),
            declaredSize: declaredSize,
            inNameTree: false, inAssociatedFiles: false,
            stream: .stream(stream),
            identity: streamValue.reference?.number ?? spec.reference.map { -1 - $0.number })
    }
}
