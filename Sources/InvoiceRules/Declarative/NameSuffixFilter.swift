import InvoiceXML

/// Elements recognised by the end of their local name, and optionally by their namespace: the contexts the
/// syntax rules write as "any element whose name ends with `Amount`".
///
/// The answer for every name the vocabulary holds when the filter is made is computed once, by id; names that
/// come later (first seen in a document) are read from the tree each time.
struct NameSuffixFilter: Sendable {
    let suffix: String
    let namespace: String?
    private let known: [Bool]

    /// A filter for local names ending with `suffix`, in `namespace` when given.
    init(_ suffix: String, in namespace: String? = nil) {
        self.suffix = suffix
        self.namespace = namespace
        var known: [Bool] = []
        while let name = XMLVocabulary.shared.name(of: UInt32(known.count)) {
            known.append(NameSuffixFilter.matches(name, suffix, namespace))
        }
        self.known = known
    }

    /// Whether `node` has such a name.
    @inline(__always) func matches(_ node: XMLTree.Node, in document: Document) -> Bool {
        let id = document.tree.nameID(node)
        if Int(id) < known.count { return known[Int(id)] }
        return NameSuffixFilter.matches(document.tree.name(node), suffix, namespace)
    }

    private static func matches(_ name: QName, _ suffix: String, _ namespace: String?) -> Bool {
        if let namespace, name.namespace != namespace { return false }
        return name.local.utf8.count >= suffix.utf8.count && name.local.utf8.reversed().starts(with: suffix.utf8.reversed())
    }
}
