public import InvoiceModel

extension Binding {
    /// The invoice as this syntax can carry it: what `write` puts out and `read` gets back.
    ///
    /// Terms the file does not place are left out; a value marked `unless=` is left out when it
    /// equals the other term (CII forbids a VAT accounting currency equal to the invoice currency);
    /// a value whose path needs a term that is absent is left out (BT-111 without BT-6); a term
    /// with `default=sum(…)` that is absent gets that sum (UBL requires the total VAT, BT-110); one with
    /// `default='TEXT' if=BT-n` gets TEXT when BT-n is there (UBL's order reference ID beside the sales order); one
    /// with `needs=BT-n` is left out without BT-n (CII's price discount without the gross price); a group with
    /// `max=N` keeps its first N occurrences (CII D16B has one preceding invoice reference).
    /// For any invoice, `read(write(invoice)) == expressible(invoice)` is what the round-trip tests check.
    public func expressible(_ invoice: Invoice) -> Invoice {
        var scope = TermScope()
        return Invoice(root: expressible(root, invoice.root, scope: &scope, document: invoice.root))
    }

    private func expressible(_ binding: GroupBinding, _ content: BusinessGroup, scope: inout TermScope, document: BusinessGroup) -> BusinessGroup {
        var result = BusinessGroup()
        for term in binding.terms {
            var values = content.values(term.id)
            if values.isEmpty, let path = term.defaultSum, let total = Binding.sum(path, in: document) {
                values = [.decimal(total)]
            }
            if values.isEmpty, let fallback = term.defaultText, !content.values(fallback.when).isEmpty {
                switch term.dataType {
                case .identifier, .documentReference: values = [.identifier(Identifier(value: fallback.text))]
                default: values = [.text(fallback.text)]
                }
            }
            for value in values { result.append(value, to: term.id) }
        }
        // Conditions are checked against the values kept so far, document level first.
        for term in binding.terms {
            scope.groups.append(result)
            let unlessText = term.unless?.string(in: scope)
            let placeable = term.alternatives.contains { path in path.referencedTerms.allSatisfy { scope.value($0) != nil } }
            scope.groups.removeLast()
            if !placeable || term.needs.map({ result.values($0).isEmpty }) == true {
                result.set(term.id, nil)
            } else if let unlessText {
                let kept = result.values(term.id).filter { $0.text != unlessText }
                result.set(term.id, nil)
                for value in kept { result.append(value, to: term.id) }
            }
        }
        scope.groups.append(result)
        for sub in binding.groups {
            var occurrences = 0
            for member in content.members where member.group == sub.id {
                if let maxOccurs = sub.maxOccurs, occurrences == maxOccurs { break }
                let kept = expressible(sub, member.content, scope: &scope, document: document)
                if !kept.isEmpty {
                    result.append(group: kept, as: sub.id)
                    occurrences += 1
                }
            }
        }
        scope.groups.removeLast()
        return result
    }

    /// Σ of the decimal values of the last id of `path` in the groups the other ids lead to; nil if any is not a decimal.
    static func sum(_ path: [TermID], in document: BusinessGroup) -> ExactDecimal? {
        var groups = [document]
        for id in path.dropLast() { groups = groups.flatMap { $0.groups(id) } }
        guard let term = path.last else { return nil }
        var total = ExactDecimal.zero
        for group in groups {
            for value in group.values(term) {
                guard let decimal = value.decimal else { return nil }
                total = total + decimal
            }
        }
        return total
    }
}
