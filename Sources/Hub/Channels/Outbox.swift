public import Foundation

/// The rule that says what the hub owes once an event is recorded, written into the outbox in the unit of work
/// that records the event (`Deposit.accept`, `InvoiceLifecycle.append`), so that nothing recorded is ever left
/// unsent:
///
/// - each channel of the invoice's buyer whose trigger is the event's status (accepted, made available) and whose
///   service code matches gets one delivery of the invoice (a channel that already has one gets no second: an
///   invoice made available again after completion);
/// - each webhook subscription of the supplier gets one delivery of the event (`webhook:sub_…:position`);
/// - the supplier, and the organisation owning the buyer's SIRET, get an e-mail alert delivery of the event
///   (`mail:<organisation>:position`) when their alert settings name addresses and the event's status.
public enum Outbox {
    /// Inserts the deliveries `event` of `invoice` implies.
    public static func owe(after event: LifecycleEvent, of invoice: InvoiceSummary, in tx: any StoreWrites) throws {
        for subscription in try tx.subscriptions(organisationID: invoice.supplierOrganisationID) {
            try tx.insert(Delivery.new(invoiceID: invoice.id, to: subscription.destination(position: event.position), at: event.at))
        }
        var alerted = [invoice.supplierOrganisationID]
        if let siret = invoice.buyerSIRET, !invoice.isRejectedAtDeposit,
            let buyer = try tx.owner(of: OrganisationIdentifier(scheme: OrganisationIdentifier.siretScheme, value: siret))
        {
            alerted.append(buyer)
        }
        for organisationID in alerted {
            guard let settings = try tx.alertSettings(organisationID: organisationID), !settings.addresses.isEmpty,
                settings.statuses.contains(event.to)
            else { continue }
            try tx.insert(Delivery.new(invoiceID: invoice.id, to: .mail(organisationID: organisationID, position: event.position), at: event.at))
        }
        guard let siret = invoice.buyerSIRET else { return }
        let due = try tx.channels(buyerSIRETs: [siret]).filter {
            $0.trigger.status == event.to && $0.serves(serviceCode: invoice.buyerReference)
        }
        guard !due.isEmpty else { return }
        for channel in due where try tx.delivery(of: invoice.id, to: channel.destination) == nil {
            try tx.insert(Delivery.new(invoiceID: invoice.id, to: channel.destination, at: event.at))
        }
    }
}
