import InvoiceModel
import InvoiceXML

extension Document {
    /// `node`'s text cast to `xs:boolean` (`true`, `false`, `1`, `0`, white space aside); nil when the cast fails.
    func castToBoolean(_ node: XMLTree.Node) -> Bool? {
        switch string(node).trimmingXMLSpace() {
        case "true", "1": return true
        case "false", "0": return false
        default: return nil
        }
    }
}
