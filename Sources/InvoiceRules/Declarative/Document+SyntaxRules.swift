import InvoiceModel
import InvoiceXML

extension Document {
    /// Whether any element of the document carries attribute `name`; computed once per document and name.
    func anyElementCarries(_ name: UInt32) -> Bool {
        let key = "syntax-rules.attribute.\(name)"
        if let known = memo[key] { return known != nil }
        var found = false
        for node in tree.allNodes where tree.hasAttributes(node) && tree.attribute(node, name) != nil {
            found = true
            break
        }
        memo[key] = found ? .some(ExactDecimal(1)) : .some(nil)
        return found
    }

    /// `node`'s text cast to `xs:boolean` (`true`, `false`, `1`, `0`, white space aside); nil when the cast fails.
    func castToBoolean(_ node: XMLTree.Node) -> Bool? {
        switch string(node).trimmingXMLSpace() {
        case "true", "1": return true
        case "false", "0": return false
        default: return nil
        }
    }
}
