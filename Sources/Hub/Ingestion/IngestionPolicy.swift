public import InvoiceIntake

/// What the hub demands of deposits.
public struct IngestionPolicy: Sendable, Hashable {
    /// The largest body accepted, in bytes (Chorus Pro's 120 MB for an invoice with its attachments).
    public var maximumDocumentSize: Int
    /// Whether the Chorus Pro rules apply on top of EN 16931 (the hub's recipients are public buyers).
    public var chorusPro: Bool
    /// Whether the seller on the invoice must be the depositing supplier (one of its SIRET, SIREN or VAT
    /// numbers); when false any supplier may deposit for any seller (load tests on foreign corpora).
    public var sellerMustBeDepositor: Bool
    /// The longest idempotency key accepted, in characters (code points, as the OpenAPI maxLength counts).
    public var maximumIdempotencyKeyLength: Int
    /// How long a buyer's directory entry is kept in memory (a directory import shows after at most this).
    public var directoryCacheLifetime: Duration
    /// Where an accepted invoice is sent (an outbox row each, written with the deposit).
    public var destinations: [Destination]

    /// Creates a policy.
    public init(
        maximumDocumentSize: Int = Intake.defaultMaximumDocumentSize, chorusPro: Bool = true, sellerMustBeDepositor: Bool = true,
        maximumIdempotencyKeyLength: Int = 255, directoryCacheLifetime: Duration = .seconds(30),
        destinations: [Destination] = [.portal]
    ) {
        self.maximumDocumentSize = maximumDocumentSize
        self.chorusPro = chorusPro
        self.sellerMustBeDepositor = sellerMustBeDepositor
        self.maximumIdempotencyKeyLength = maximumIdempotencyKeyLength
        self.directoryCacheLifetime = directoryCacheLifetime
        self.destinations = destinations
    }

    /// The production policy: Chorus Pro rules, sellers must be their depositors, 120 MB, accepted invoices sent
    /// to the portal.
    public static let standard = IngestionPolicy()
}
