import InvoiceModel
import InvoiceXML

/// Which of a set of attributes occur anywhere in a document (the rules that forbid `//@schemeName` and its
/// kin), found in one pass over the document and remembered in `Document.memo`.
struct AttributeCensus: Sendable {
    let names: [UInt32]
    private let keys: [String]

    /// A census of the attributes `names`.
    init(_ names: [UInt32]) {
        self.names = names
        keys = names.map { "syntax-rules.attribute.\($0)" }
    }

    /// Whether some element of `document` carries attribute `name`.
    func anyElementCarries(_ name: UInt32, in document: Document) -> Bool {
        guard let index = names.firstIndex(of: name) else { return document.anyElementCarries(name) }
        if let known = document.memo[keys[index]] { return known != nil }
        var found = [Bool](repeating: false, count: names.count)
        let tree = document.tree
        for node in tree.allNodes where tree.hasAttributes(node) {
            for (i, attribute) in names.enumerated() where !found[i] && tree.attribute(node, attribute) != nil {
                found[i] = true
            }
        }
        for i in names.indices { document.memo[keys[i]] = found[i] ? .some(ExactDecimal(1)) : .some(nil) }
        return found[index]
    }
}
