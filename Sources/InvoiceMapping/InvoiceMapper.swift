public import Foundation
public import InvoiceModel
public import InvoiceXML

/// Every binding in `mappings/`: reads any invoice whose root a binding knows, writes any syntax.
///
/// ```swift
/// let mapper = try InvoiceMapper()
/// let invoice = try mapper.read(bytes)              // UBL Invoice, UBL CreditNote or CII
/// let cii = try mapper.write(invoice, as: .cii)     // Data
/// ```
public struct InvoiceMapper: Sendable {
    /// The EN 16931 dictionary the bindings were compiled against.
    public let terms: BusinessTerms
    /// The compiled bindings, by file name.
    public let bindings: [Binding]

    /// Loads the dictionary from `formats/` and every binding file from `mappings/`.
    public init() throws(MappingError) {
        let loaded = Result { () throws(ResourceError) -> (BusinessTerms, URL) in
            (try BusinessTerms.standard(), try Resources.mappingsFolder())
        }
        switch loaded {
        case .success(let (terms, folder)): try self.init(terms: terms, folder: folder)
        case .failure(let error): throw .resources(error)
        }
    }

    /// Loads every binding file (`*.tsv` starting with a `syntax` line) in `folder`.
    /// - Throws: `MappingError.malformedBinding` with the file's path and the line at fault.
    public init(terms: BusinessTerms, folder: URL) throws(MappingError) {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".tsv") }
            .sorted()
        var bindings: [Binding] = []
        for name in names {
            let url = folder.appendingPathComponent(name)
            guard let text = try? String(contentsOf: url, encoding: .utf8), Binding.isBindingFile(text) else { continue }
            do {
                bindings.append(try Binding.parse(text, name: url.deletingPathExtension().lastPathComponent, terms: terms))
            } catch {
                guard case .malformedBinding(_, let line, let reason) = error else { throw error }
                throw .malformedBinding(file: url.path, line: line, reason: reason)
            }
        }
        self.init(terms: terms, bindings: bindings)
    }

    /// Uses already compiled bindings.
    public init(terms: BusinessTerms, bindings: [Binding]) {
        self.terms = terms
        self.bindings = bindings
    }

    /// The syntaxes that can be written, in `InvoiceSyntax` order.
    public var syntaxes: [InvoiceSyntax] { InvoiceSyntax.allCases.filter { syntax in bindings.contains { $0.syntax == syntax } } }

    /// The binding named `name` (`ubl-invoice`).
    public func binding(named name: String) -> Binding? { bindings.first { $0.name == name } }

    /// The binding that reads documents with `tree`'s root.
    public func binding(reading tree: XMLTree) throws(MappingError) -> Binding {
        bindings[try index(reading: tree)]
    }

    /// Where the binding that reads documents with `tree`'s root is in `bindings`. By index: a `Binding` is a large
    /// value, and taking one out of the array copies (and counts) each of its parts.
    private func index(reading tree: XMLTree) throws(MappingError) -> Int {
        guard let index = bindings.indices.first(where: { bindings[$0].reads(tree) }) else {
            throw .unknownDocument(root: tree.name(tree.root))
        }
        return index
    }

    /// The binding that writes `invoice` in `syntax`: the one whose `when` line selects it, else the default.
    public func binding(writing invoice: Invoice, as syntax: InvoiceSyntax) throws(MappingError) -> Binding {
        let candidates = bindings.filter { $0.syntax == syntax }
        if let selected = candidates.first(where: { $0.selects(invoice) }) { return selected }
        guard let fallback = candidates.first(where: \.isDefault) ?? candidates.first else { throw .unknownSyntax(syntax) }
        return fallback
    }

    /// Reads an invoice from a parsed tree (parsed before or after the mapper was created: the
    /// reader interns element names, so they get the ids the bindings use).
    public func read(_ tree: XMLTree) throws(MappingError) -> Invoice {
        bindings[try index(reading: tree)].read(tree)
    }

    /// Parses and reads an invoice from XML bytes.
    public func read(_ bytes: Data, limits: XMLLimits = .default) throws(MappingError) -> Invoice {
        let tree: XMLTree
        do { tree = try XMLReader.read(bytes, limits: limits) } catch { throw .unreadable(error) }
        return try read(tree)
    }

    /// Writes `invoice` in `syntax` (`ubl`: Invoice or CreditNote by its type code; `cii`).
    public func write(_ invoice: Invoice, as syntax: InvoiceSyntax) throws(MappingError) -> Data {
        try binding(writing: invoice, as: syntax).write(invoice).data
    }
}
