import FacturX
import Foundation
public import InvoiceIntake
public import InvoiceModel
public import InvoiceRules

/// Chorus Pro's rules for invoices to French public buyers, on top of EN 16931, using the buyer directory.
///
/// Each finding has a `CPP-…` id, a severity, a French and an English message, and points at the element
/// of the deposited syntax it concerns (line 0: the model does not keep lines). See DOMAIN.md §2.
public struct ChorusProRules: Sendable {
    /// The rule set's name in reports.
    public static let ruleSet = RuleSetName("Chorus Pro")

    /// Chorus Pro's limits on attachments.
    public struct AttachmentLimits: Sendable, Hashable {
        /// Largest single attachment: under 10 MB.
        public var perAttachment: Int
        /// Largest invoice with its attachments: at most 120 MB.
        public var total: Int
        /// Longest attachment file name, extension included.
        public var fileNameLength: Int
        /// Accepted file name extensions, lowercase.
        public var extensions: Set<String>

        /// Creates limits.
        public init(perAttachment: Int, total: Int, fileNameLength: Int, extensions: Set<String>) {
            self.perAttachment = perAttachment
            self.total = total
            self.fileNameLength = fileNameLength
            self.extensions = extensions
        }

        /// Chorus Pro's: 10 MB per file, 120 MB in all, 50-character names, its list of extensions.
        public static let chorusPro = AttachmentLimits(
            perAttachment: 10 * 1_000_000, total: 120 * 1_000_000, fileNameLength: 50,
            extensions: [
                "bmp", "gif", "fax", "odt", "ppt", "tiff", "xls", "bz2", "gz", "jpeg", "p7s", "rtf", "txt", "xml", "csv",
                "gzip", "jpg", "pdf", "svg", "xhtml", "xlsx", "doc", "htm", "odp", "png", "tgz", "xlc", "zip", "docx",
                "html", "ods", "pps", "tif", "xlm", "pptx",
            ])
    }

    /// The most characters an engagement number (BT-13) may have.
    public static let engagementNumberLength = 50
    /// AIFE's own SIRET: the Peppol endpoint of Chorus Pro, not a buyer.
    public static let aifeSIRET = "11000201100044"

    /// The attachment limits applied.
    public var limits: AttachmentLimits

    /// Creates the rule set.
    public init(limits: AttachmentLimits = .chorusPro) { self.limits = limits }

    /// The buyer's SIRET, the key into the directory: BT-46 with scheme 0009, else BT-47 with scheme
    /// 0009, else BT-49 with scheme 0009 unless it is AIFE's endpoint. Spaces are dropped.
    public static func buyerSIRET(of invoice: Invoice) -> String? {
        guard let buyer = invoice.buyer else { return nil }
        let candidates =
            buyer.identifiers.filter(isSIRETScheme) + [buyer.legalRegistration].compactMap { $0 }.filter(isSIRETScheme)
            + [buyer.electronicAddress].compactMap { $0 }.filter { isSIRETScheme($0) && $0.value != aifeSIRET }
        return candidates.first.map { $0.value.filter { !$0.isWhitespace } }
    }

    private static func isSIRETScheme(_ identifier: Identifier) -> Bool {
        identifier.scheme?.trimmingCharacters(in: .whitespaces) == OrganisationIdentifier.siretScheme
    }

    /// Checks an invoice.
    /// - Parameters:
    ///   - invoice: the invoice in the EN 16931 model.
    ///   - syntax: the invoice's syntax, for the locations.
    ///   - buyer: the directory entry of `buyerSIRET(of: invoice)`, nil when the directory has none.
    ///   - documentSize: the size of the bytes deposited (the invoice with everything it carries).
    ///   - container: the PDF around the invoice, when it came in one (its other attachments count).
    public func check(
        _ invoice: Invoice, syntax: InvoiceSyntax, buyer entry: BuyerDirectoryEntry?, documentSize: Int,
        container: PDFInvoiceContainer? = nil
    ) -> [Finding] {
        let at = ChorusProLocations(syntax: syntax, creditNote: invoice.isCreditNote)
        var findings: [Finding] = []
        func fire(_ rule: ChorusProRule, _ location: String, _ values: String...) {
            findings.append(rule.finding(at: location, values))
        }

        // The buyer: a public structure identified by SIRET, known and active in the directory.
        if let siret = ChorusProRules.buyerSIRET(of: invoice) {
            if !FrenchIdentifier.isValidSIRET(siret) {
                fire(.buyerSIRETInvalid, at.buyer, siret)
            } else if let entry {
                if !entry.active { fire(.buyerInactive, at.buyer, siret, entry.name) }
                checkRouting(invoice, entry, at, fire)
            } else {
                fire(.buyerUnknown, at.buyer, siret)
            }
        } else {
            fire(.buyerWithoutSIRET, at.buyer)
        }
        // The engagement number fits Chorus Pro's field whether or not it is required.
        if let engagement = invoice.purchaseOrderReference, engagement.count > ChorusProRules.engagementNumberLength {
            fire(.engagementTooLong, at.purchaseOrderReference, String(engagement.count))
        }
        // Other SIRENE identifiers carry valid check digits.
        for identifier in sireneIdentifiers(invoice) where !identifier.valid {
            fire(.identifierInvalid, identifier.location(at), identifier.value, identifier.term)
        }
        checkAttachments(invoice, at, documentSize: documentSize, container: container, fire)
        return findings
    }

    /// Service code (BT-10) and engagement number (BT-13) as the buyer requires them.
    private func checkRouting(
        _ invoice: Invoice, _ entry: BuyerDirectoryEntry, _ at: ChorusProLocations,
        _ fire: (ChorusProRule, String, String...) -> Void
    ) {
        let serviceCode = invoice.buyerReference?.trimmingCharacters(in: .whitespaces)
        if let code = serviceCode, !code.isEmpty {
            if let service = entry.service(code: code) {
                if !service.active { fire(.serviceInactive, at.buyerReference, code, entry.name) }
            } else if entry.serviceCodeRequired || !entry.services.isEmpty {
                fire(.serviceUnknown, at.buyerReference, code, entry.name)
            }
        } else if entry.serviceCodeRequired {
            fire(.serviceMissing, at.buyerReference, entry.name)
        }
        let engagement = invoice.purchaseOrderReference?.trimmingCharacters(in: .whitespaces) ?? ""
        if entry.engagementRequired, engagement.isEmpty {
            fire(.engagementMissing, at.purchaseOrderReference, entry.name)
        }
    }

    /// The seller's SIRET/SIREN identifiers and the buyer's SIREN, each with its check-digit verdict.
    private func sireneIdentifiers(_ invoice: Invoice) -> [SireneIdentifier] {
        var found: [SireneIdentifier] = []
        func add(_ identifier: Identifier?, term: String, party: Party.Role) {
            guard let identifier, let scheme = identifier.scheme?.trimmingCharacters(in: .whitespaces) else { return }
            let value = identifier.value.filter { !$0.isWhitespace }
            switch scheme {
            case OrganisationIdentifier.siretScheme:
                found.append(SireneIdentifier(value: value, term: term, party: party, valid: FrenchIdentifier.isValidSIRET(value)))
            case OrganisationIdentifier.sirenScheme:
                found.append(SireneIdentifier(value: value, term: term, party: party, valid: FrenchIdentifier.isValidSIREN(value)))
            default: break
            }
        }
        if let seller = invoice.seller {
            for identifier in seller.identifiers { add(identifier, term: "BT-29", party: .seller) }
            add(seller.legalRegistration, term: "BT-30", party: .seller)
            add(seller.electronicAddress, term: "BT-34", party: .seller)
        }
        // The buyer's SIRET is judged by CPP-02; its SIREN here.
        if let legal = invoice.buyer?.legalRegistration, legal.scheme == OrganisationIdentifier.sirenScheme {
            add(legal, term: "BT-47", party: .buyer)
        }
        var seen = Set<String>()
        return found.filter { seen.insert("\($0.term)|\($0.value)").inserted }
    }

    /// Attachments embedded in the XML (BT-125) and, for a PDF, the files beside the invoice.
    private func checkAttachments(
        _ invoice: Invoice, _ at: ChorusProLocations, documentSize: Int, container: PDFInvoiceContainer?,
        _ fire: (ChorusProRule, String, String...) -> Void
    ) {
        var files: [(name: String?, size: Int, location: String)] = []
        for (index, attachment) in invoice.attachments.enumerated() {
            guard let object = attachment.document else { continue }
            files.append((object.filename, Self.decodedSize(ofBase64: object.base64Bytes), at.attachment(index + 1)))
        }
        if let container {
            for file in container.details.attachments where file.name != container.attachment {
                files.append((file.name, file.size ?? 0, "PDF: \(file.name)"))
            }
        }
        for file in files {
            if file.size >= limits.perAttachment {
                fire(.attachmentTooLarge, file.location, file.name ?? "", Self.megabytes(file.size))
            }
            guard let name = file.name, !name.isEmpty else { continue }
            let ext =
                name.split(separator: ".", omittingEmptySubsequences: false).count > 1
                ? String(name.split(separator: ".").last ?? "").lowercased() : ""
            if name.count > limits.fileNameLength || ext.isEmpty {
                fire(.attachmentNameInvalid, file.location, name)
            } else if !limits.extensions.contains(ext) {
                fire(.attachmentTypeRefused, file.location, name, ext)
            }
        }
        // The deposited bytes hold the invoice and every embedded attachment.
        if documentSize > limits.total {
            fire(.totalTooLarge, at.root, Self.megabytes(documentSize))
        }
    }

    /// The byte count Base64 text decodes to, without decoding it.
    public static func decodedSize(ofBase64 text: some Sequence<UInt8>) -> Int {
        var count = 0
        var padding = 0
        for byte in text {
            switch byte {
            case UInt8(ascii: "="): padding += 1
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "/"):
                count += 1
            default: break
            }
        }
        return max(0, (count + padding) / 4 * 3 - padding)
    }

    static func megabytes(_ size: Int) -> String {
        String(format: "%.1f", Double(size) / 1_000_000)
    }
}

/// A SIRET or SIREN found on the invoice.
private struct SireneIdentifier {
    let value: String
    let term: String
    let party: Party.Role
    let valid: Bool

    func location(_ at: ChorusProLocations) -> String { party == .seller ? at.seller : at.buyer }
}
