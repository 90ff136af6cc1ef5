public import Foundation
public import InvoiceIntake
public import InvoiceModel

/// Reads stored invoices back in the EN 16931 model, whole.
///
/// The store keeps each model without the content of its attached documents (BT-125), which the
/// deposited document already holds (`InvoiceJSON.Attachments.elided`): bytes are stored once. Reading
/// puts the content back from the document, read again by the same intake.
public struct NormalisedInvoices: Sendable {
    /// Where invoices are kept.
    public let store: any HubStore
    /// Reads the deposited documents.
    public let intake: Intake

    /// Creates the service.
    public init(store: any HubStore, intake: Intake) {
        self.store = store
        self.intake = intake
    }

    /// The invoice in the model, with its attachments, if the scope sees it.
    /// - Throws: `HubError.storage` when the stored document no longer gives the attachments the model
    ///   names (their number or lengths differ).
    public func invoice(id: String, scope: TenantScope) async throws -> Invoice? {
        guard var model = try await store.normalisedInvoice(id: id, scope: scope) else { return nil }
        let stored = model.root.binaryObjects
        guard stored.contains(where: { $0.base64.isEmpty }) else { return model }
        guard let document = try await store.document(invoiceID: id, scope: scope) else { return nil }
        let contents: [BinaryObject]
        do {
            contents = try intake.read(document.bytes).root.binaryObjects
        } catch {
            throw HubError.storage("invoice \(id): its stored document cannot be read again: \(error)")
        }
        guard contents.count == stored.count else {
            throw HubError.storage("invoice \(id): its document has \(contents.count) attachments, its model names another number")
        }
        var next = contents.makeIterator()
        model.root.updateBinaryObjects { object in
            guard let content = next.next() else { return object }
            return BinaryObject(base64: content.base64, mimeCode: object.mimeCode, filename: object.filename)
        }
        return model
    }
}
