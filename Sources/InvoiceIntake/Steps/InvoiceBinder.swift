public import InvoiceMapping
public import InvoiceModel

/// Step 4, bind: the tree read into the EN 16931 model through the binding files of `mappings/`.
public struct InvoiceBinder: Sendable {
    /// The bindings.
    public let mapper: InvoiceMapper

    /// Creates the step.
    public init(mapper: InvoiceMapper) {
        self.mapper = mapper
    }

    /// The invoice `parsed` holds.
    /// - Throws: `IntakeError.unmappable` when no binding reads its root.
    public func bind(_ parsed: ParsedInvoice) throws(IntakeError) -> Invoice {
        do { return try mapper.read(parsed.tree) } catch { throw .unmappable(error) }
    }
}
