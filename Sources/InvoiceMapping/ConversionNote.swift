public import InvoiceModel

/// Something of an invoice that a target syntax cannot carry as it is, said instead of written schema-invalid:
/// values left out (CII D16B has one preceding invoice reference, EN 16931 several) or written because the
/// syntax requires them (UBL's total VAT, the order reference `NA` beside a sales order).
public struct ConversionNote: Sendable, Hashable, Codable {
    /// The business term or group.
    public let term: TermID
    /// Its name in EN 16931.
    public let name: String
    /// How many values (or occurrences of a group) the invoice has.
    public let given: Int
    /// How many the converted document carries.
    public let written: Int

    /// Creates a note.
    public init(term: TermID, name: String, given: Int, written: Int) {
        self.term = term
        self.name = name
        self.given = given
        self.written = written
    }

    /// What happened, in English.
    public var english: String {
        if written < given {
            return "\(term) (\(name)): \(given - written) of \(given) left out, which the target syntax cannot carry here"
        }
        return "\(term) (\(name)): written though absent from the invoice, as the target syntax requires"
    }

    /// What happened, in French.
    public var french: String {
        if written < given {
            return "\(term) (\(name)) : \(given - written) sur \(given) omis, que la syntaxe cible ne peut porter ici"
        }
        return "\(term) (\(name)) : écrit bien qu'absent de la facture, comme la syntaxe cible l'exige"
    }
}

extension Binding {
    /// What writing `invoice` in this syntax leaves out or adds: the terms and groups whose number of values
    /// differs between the invoice and what this syntax carries of it (`expressible`), in term order.
    public func conversionNotes(_ invoice: Invoice, terms: BusinessTerms) -> [ConversionNote] {
        var given: [TermID: Int] = [:]
        var written: [TermID: Int] = [:]
        Binding.count(invoice.root, into: &given)
        Binding.count(expressible(invoice).root, into: &written)
        return Set(given.keys).union(written.keys).sorted().compactMap { id in
            let before = given[id] ?? 0
            let after = written[id] ?? 0
            guard before != after, mapped.contains(id) else { return nil }
            return ConversionNote(term: id, name: terms[id]?.name ?? "", given: before, written: after)
        }
    }

    /// Counts each term's values and each group's occurrences under `group`.
    private static func count(_ group: BusinessGroup, into counts: inout [TermID: Int]) {
        for entry in group.entries { counts[entry.term, default: 0] += 1 }
        for member in group.members {
            counts[member.group, default: 0] += 1
            count(member.content, into: &counts)
        }
    }
}
