import Foundation
import Hub
import InvoiceIntake
import InvoiceModel
import InvoiceRules

/// Judges a deposited flow as the portal would: takes the file in with Hermine's own `Intake` (PDF or XML),
/// checks that it is what its `syntaxeFlux` says, then applies EN 16931 and Chorus Pro's rules against the
/// simulator's buyer directory. Any fatal finding rejects the flow (`IN_REJETE`, each finding in
/// `listeErreurDP`); a file that is no invoice, or not of its declared syntax, rejects it with a technical
/// error (`listeErreurTechnique`); otherwise the flow is integrated and its invoice created.
struct FlowInspection: Sendable {
    let intake: Intake
    let rules: ChorusProRules
    let directory: SimulatorDirectory

    /// What processing makes of `flow`.
    func inspect(_ flow: WaitingFlow) -> FlowOutcome {
        let checked: CheckedInvoice
        do {
            checked = try intake.take(flow.bytes)
        } catch {
            return technical(flow, code: error.code, "the file is not an invoice the portal can read: \(error.description)")
        }
        let expected = flow.syntax.expected
        guard checked.syntax == expected.syntax, checked.container == expected.container else {
            return technical(
                flow, code: "syntaxe-flux",
                "the file is \(checked.syntax.rawValue) in \(checked.container.rawValue), not what \(flow.syntax.rawValue) "
                    + "declares (\(expected.syntax.rawValue) in \(expected.container.rawValue))")
        }
        let invoice = checked.invoice
        let buyerSIRET = ChorusProRules.buyerSIRET(of: invoice)
        let entry = buyerSIRET.flatMap { directory.entry($0) }
        let findings =
            checked.report.findings
            + rules.check(invoice, syntax: checked.syntax, buyer: entry, documentSize: flow.bytes.count, container: checked.pdf)
        let supplier = Self.supplier(of: invoice)
        let fatal = findings.filter { $0.severity == .fatal }
        guard fatal.isEmpty else {
            let errors = fatal.map { finding in
                FlowError(
                    kind: .invoice, invoiceNumber: invoice.number, supplier: supplier, buyer: buyerSIRET, code: finding.rule,
                    message: "\(finding.rule) : \(finding.message.fr)", nature: nil)
            }
            return FlowOutcome(sequence: flow.sequence, state: .rejected, errors: errors, invoice: nil)
        }
        let totals = invoice.totals
        let created = NewInvoice(
            number: invoice.number ?? "", supplier: supplier ?? "", supplierName: invoice.seller?.name,
            year: invoice.issueDate?.year, issueDate: invoice.issueDate?.description,
            type: invoice.isCreditNote ? .creditNote : .invoice, buyer: buyerSIRET, buyerName: entry?.name ?? invoice.buyer?.name,
            serviceCode: invoice.buyerReference, purchaseOrder: invoice.purchaseOrderReference,
            contract: invoice.contractReference, currency: invoice.currency,
            amountHT: totals?.taxExclusive?.description, amountTTC: totals?.taxInclusive?.description,
            amountDue: totals?.amountDue?.description)
        return FlowOutcome(sequence: flow.sequence, state: .integrated, errors: [], invoice: created)
    }

    /// The supplier, as duplicates are told apart: the seller's main identifier, without spaces, upper case.
    static func supplier(of invoice: Invoice) -> String? {
        InvoiceFacts.sellerIdentifier(invoice).map { $0.filter { !$0.isWhitespace }.uppercased() }
    }

    private func technical(_ flow: WaitingFlow, code: String, _ message: String) -> FlowOutcome {
        FlowOutcome(
            sequence: flow.sequence, state: .rejected,
            errors: [
                FlowError(
                    kind: .technical, invoiceNumber: nil, supplier: nil, buyer: nil, code: code, message: message,
                    nature: "TECHNIQUE")
            ], invoice: nil)
    }
}
