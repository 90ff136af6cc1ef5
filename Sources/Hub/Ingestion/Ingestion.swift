public import Foundation
import FacturX
public import InvoiceIntake
import InvoiceModel
import InvoiceRules
public import Logging
import StableJSON

/// Takes deposits in: bytes → EN 16931 validation → Chorus Pro rules → stored as accepted (200) or
/// rejected (213) in one transaction, or refused without storing anything.
public struct Ingestion: Sendable {
    /// Reads and checks the bytes.
    public let intake: Intake
    /// Where deposits go.
    public let store: any HubStore
    /// The Chorus Pro rule set.
    public let chorusPro: ChorusProRules
    /// What the hub demands.
    public let policy: IngestionPolicy
    private let logger: Logger
    private let directory: BuyerDirectory
    private let reader: InvoiceReader
    private let chain: EventChain
    private let metrics: HubMetrics

    /// Creates the service; `metrics` counts deposits by outcome and times validation.
    public init(
        intake: Intake, store: any HubStore, chorusPro: ChorusProRules = ChorusProRules(),
        policy: IngestionPolicy = .standard, logger: Logger = Logger(label: "hermine.ingestion"), metrics: HubMetrics = .none
    ) {
        self.metrics = metrics
        self.intake = intake
        self.store = store
        self.chorusPro = chorusPro
        self.policy = policy
        self.logger = logger
        directory = BuyerDirectory(store: store, cacheLifetime: policy.directoryCacheLifetime)
        reader = InvoiceReader(store: store, intake: intake)
        chain = .standard
    }

    /// Takes one deposit in.
    /// - Parameters:
    ///   - bytes: UBL, CII, or a Factur-X / ZUGFeRD PDF, as received.
    ///   - supplier: the depositing organisation (the caller authorised it as a supplier).
    ///   - idempotencyKey: the client's key; a retry with the same key and body gets the first answer.
    ///   - receivedAt: when the hub received it.
    /// - Throws: `HubError.storage` when the store fails; every other outcome is a value.
    public func ingest(
        _ bytes: Data, from supplier: Organisation, idempotencyKey: String? = nil, receivedAt: Date = Date()
    ) async throws -> IngestionOutcome {
        let outcome = try await admit(bytes, from: supplier, idempotencyKey: idempotencyKey, receivedAt: receivedAt)
        metrics.deposited(outcome.code)
        return outcome
    }

    private func admit(_ bytes: Data, from supplier: Organisation, idempotencyKey: String?, receivedAt: Date) async throws
        -> IngestionOutcome
    {
        if let refusal = sizeRefusal(bytes) { return refusal }
        let documentSHA256 = SHA256Hex.digest(bytes)
        var claim: IdempotencyClaim?
        if let key = idempotencyKey {
            guard !key.isEmpty, key.unicodeScalars.count <= policy.maximumIdempotencyKeyLength else { return .invalidIdempotencyKey }
            claim = IdempotencyClaim(key: key, requestSHA256: documentSHA256)
            let supplierID = supplier.id
            if let record = try await store.read({ tx in try tx.idempotencyRecord(key: key, supplier: supplierID) }) {
                return try await replay(record, requestSHA256: documentSHA256, supplier: supplier)
            }
        }

        let checked: CheckedInvoice
        let started = ContinuousClock.now
        do {
            checked = try intake.take(bytes)
        } catch {
            return Self.refusal(error)
        }
        metrics.validated(in: ContinuousClock.now - started)
        let invoice = checked.invoice
        if policy.sellerMustBeDepositor, !SellerOwnership.owns(supplier, invoice.seller) {
            return .sellerNotOwned(seller: InvoiceFacts.sellerIdentifier(invoice))
        }

        let report = try await report(for: checked, documentSize: bytes.count)
        let status: InvoiceStatus = report.valid ? .deposited : .rejected
        let summary = InvoiceFacts.summary(
            of: invoice, id: InvoiceID.make(at: receivedAt), supplier: supplier.id, status: status,
            syntax: report.syntax, container: checked.container, documentSHA256: documentSHA256,
            documentSize: bytes.count, receivedAt: receivedAt, report: report)
        let submission = Submission(
            summary: summary, document: bytes, mediaType: checked.container.mediaType,
            invoiceJSON: InvoiceJSON.encode(invoice, attachments: .elided),
            report: ValidationReportRecord(
                valid: report.valid, ruleSet: report.ruleSet.description, json: try StableJSONEncoder().encode(report),
                fatalRules: Set(report.fatal)),
            actor: .organisation(.supplier, supplier.id),
            reason: report.valid
                ? "accepted: valid against \(report.ruleSet)"
                : "rejected: " + report.fatal.joined(separator: ", "),
            idempotency: claim, destinations: report.valid ? policy.destinations : [])

        let chain = self.chain
        let size = submission.document.count + submission.invoiceJSON.count
        let result = try await store.writeRetryingConflicts(size: size) { tx in try Deposit.accept(submission, in: tx, chain: chain) }
        switch result {
        case .stored(let stored, _):
            logger.debug(
                "deposit stored",
                metadata: ["invoice": "\(stored.id)", "supplier": "\(supplier.id)", "status": "\(stored.status.rawValue)"])
            let answer = IngestedInvoice(summary: stored, report: report, replayed: false)
            return stored.status == .deposited ? .accepted(answer) : .rejected(answer)
        case .duplicate(let original):
            return .duplicate(original: original)
        case .replay(let record):
            // Another request with the same key won the race.
            return try await replay(record, requestSHA256: documentSHA256, supplier: supplier)
        }
    }

    /// Judges a document as a deposit would (EN 16931, and Chorus Pro's rules when the policy applies them),
    /// stores nothing and writes no event: validation as a service.
    /// - Returns: `.checked` with the report, or `.refused` with the deposit's own refusal (`empty`, `tooLarge`,
    ///   `notAnInvoice`, `unreadable`).
    /// - Throws: `HubError.storage` when the buyer directory cannot be read.
    public func check(_ bytes: Data) async throws -> CheckOutcome {
        if let refusal = sizeRefusal(bytes) { return .refused(refusal) }
        let checked: CheckedInvoice
        do {
            checked = try intake.take(bytes)
        } catch {
            return .refused(Self.refusal(error))
        }
        return .checked(try await report(for: checked, documentSize: bytes.count))
    }

    /// The EN 16931 report with the Chorus Pro findings merged in.
    private func report(for checked: CheckedInvoice, documentSize: Int) async throws -> ValidationReport {
        guard policy.chorusPro else { return checked.report }
        let siret = ChorusProRules.buyerSIRET(of: checked.invoice)
        var entry: BuyerDirectoryEntry?
        if let siret, FrenchIdentifier.isValidSIRET(siret) { entry = try await directory.entry(siret) }
        let findings = chorusPro.check(
            checked.invoice, syntax: checked.syntax, buyer: entry, documentSize: documentSize, container: checked.pdf)
        return ValidationReport(
            syntax: checked.syntax, findings: checked.report.findings + findings,
            ruleSet: checked.report.ruleSet.adding(ChorusProRules.ruleSet))
    }

    /// The first answer to an idempotency key, or the refusal of a reused key.
    private func replay(_ record: IdempotencyRecord, requestSHA256: String, supplier: Organisation) async throws
        -> IngestionOutcome
    {
        guard record.requestSHA256 == requestSHA256 else {
            return .idempotencyKeyReused(key: record.key, invoiceID: record.invoiceID)
        }
        let scope = TenantScope.supplier(organisationID: supplier.id)
        guard let (summary, report) = try await reader.summaryAndReport(record.invoiceID, scope: scope) else {
            throw HubError.storage("idempotency record \(record.key) points at a missing invoice \(record.invoiceID)")
        }
        let answer = IngestedInvoice(summary: summary, report: report, replayed: true)
        return record.status == .deposited ? .accepted(answer) : .rejected(answer)
    }

    /// Sorts input errors into "not an invoice" (415) and "unreadable" (400).
    /// A body the hub refuses for its size alone, before reading it: empty, or over the deposit limit.
    private func sizeRefusal(_ bytes: Data) -> IngestionOutcome? {
        if bytes.isEmpty { return .empty }
        if bytes.count > policy.maximumDocumentSize { return .tooLarge(size: bytes.count, limit: policy.maximumDocumentSize) }
        return nil
    }

    static func refusal(_ error: IntakeError) -> IngestionOutcome {
        switch error {
        case .notAnInvoice: return .notAnInvoice(error)
        case .pdf(let pdfError):
            switch pdfError {
            case .noInvoice, .zugferd1, .orderX, .notPDF: return .notAnInvoice(error)
            default: return .unreadable(error)
            }
        case .unreadable, .unmappable: return .unreadable(error)
        }
    }
}
