public import Foundation

/// The rule that owes an invoice to its buyer's channels: when the invoice reaches a channel's trigger status
/// (accepted, or made available by the portal), one delivery per matching channel joins the outbox, in the unit of
/// work that records the status. Called wherever an event is appended (`Deposit.accept`, `InvoiceLifecycle.append`).
public enum BuyerDeliveries {
    /// Inserts the deliveries `invoice` owes its buyer's channels now that it reached `status`; a channel that already
    /// has one for the invoice (an invoice made available again after completion) gets no second.
    public static func owe(_ invoice: InvoiceSummary, reaching status: InvoiceStatus, at date: Date, in tx: any StoreWrites) throws {
        guard let siret = invoice.buyerSIRET else { return }
        let due = try tx.channels(buyerSIRETs: [siret]).filter {
            $0.trigger.status == status && $0.serves(serviceCode: invoice.buyerReference)
        }
        guard !due.isEmpty else { return }
        let existing = Set(try tx.deliveries(of: invoice.id).map(\.destination))
        for channel in due where !existing.contains(channel.destination) {
            try tx.insert(Delivery.new(invoiceID: invoice.id, to: channel.destination, at: date))
        }
    }
}
