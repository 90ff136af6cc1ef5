public import InvoiceModel
public import InvoiceXML

/// Why an invoice could not be mapped between a syntax and the semantic model.
public enum MappingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The project's data files (`formats/`, `mappings/`) could not be found or read.
    case resources(ResourceError)
    /// A binding file has a line that does not parse or names something unknown.
    case malformedBinding(file: String, line: Int, reason: String)
    /// The bytes are not XML the reader accepts.
    case unreadable(XMLReadError)
    /// No binding file reads documents with this root element.
    case unknownDocument(root: QName)
    /// No binding file writes this syntax.
    case unknownSyntax(InvoiceSyntax)
    /// A binding file does not say where an element it writes goes among its siblings.
    case unorderedElement(binding: String, parent: String, child: String)

    public var description: String {
        switch self {
        case .resources(let error): return error.description
        case .malformedBinding(let file, let line, let reason): return "\(file):\(line): \(reason)"
        case .unreadable(let error): return error.description
        case .unknownDocument(let root): return "no binding reads documents whose root is \(root)"
        case .unknownSyntax(let name): return "no binding writes the syntax '\(name)'"
        case .unorderedElement(let binding, let parent, let child):
            return "\(binding): no 'order' line places \(child) among the children of \(parent)"
        }
    }
}
