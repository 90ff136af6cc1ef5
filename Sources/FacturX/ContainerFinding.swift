import InvoiceModel

/// A problem with the PDF container around the invoice (not with the invoice's content), reported beside
/// the rule findings: ids `FX-01` … `FX-09`.
public struct ContainerFinding: Sendable, Equatable, Hashable {
    /// How serious the problem is; the raw values match the validation report's severities.
    public enum Severity: String, Sendable, Equatable, Hashable {
        case fatal
        case warning
    }

    /// The id (`FX-02`).
    public let id: String
    /// Fatal or warning.
    public let severity: Severity
    /// What is wrong, in French.
    public let messageFR: String
    /// What is wrong, in English.
    public let messageEN: String
    /// Where in the PDF: `XMP fx:DocumentFileName`, `/AF`, `factur-x.xml /AFRelationship` …
    public let location: String

    /// Creates a finding.
    public init(id: String, severity: Severity, messageFR: String, messageEN: String, location: String) {
        self.id = id
        self.severity = severity
        self.messageFR = messageFR
        self.messageEN = messageEN
        self.location = location
    }
}

/// The container checks. All are warnings: the official EN 16931 verdict concerns the XML only, and a PDF
/// with a container problem still carries a readable invoice.
public enum ContainerFindings {
    /// The relationships Factur-X allows for the invoice attachment.
    public static let allowedRelationships: Set<String> = ["Data", "Source", "Alternative"]

    /// Every container finding for `invoice` inside a PDF with `attachments` and `xmp`.
    public static func check(invoice: EmbeddedFile, xmp: XMPMetadata?) -> [ContainerFinding] {
        var findings: [ContainerFinding] = []
        let name = invoice.name
        if let xmp, xmp.declaresFacturX {
            if let declared = xmp.documentFileName, declared != name {
                findings.append(
                    ContainerFinding(
                        id: "FX-02", severity: .warning,
                        messageFR: "Les métadonnées XMP annoncent la facture « \(declared) » mais la pièce jointe s’appelle « \(name) ».",
                        messageEN: "The XMP metadata names the invoice \"\(declared)\" but the attachment is \"\(name)\".",
                        location: "XMP fx:DocumentFileName"))
            }
            if let level = xmp.conformanceLevel, FacturXProfile(conformanceLevel: level) == nil {
                findings.append(
                    ContainerFinding(
                        id: "FX-07", severity: .warning,
                        messageFR:
                            "Le niveau de conformité XMP « \(level) » n’est pas un profil Factur-X (MINIMUM, BASIC WL, BASIC, EN 16931, EXTENDED).",
                        messageEN:
                            "The XMP conformance level \"\(level)\" is not a Factur-X profile (MINIMUM, BASIC WL, BASIC, EN 16931, EXTENDED).",
                        location: "XMP fx:ConformanceLevel"))
            }
            if let type = xmp.documentType, type.uppercased() != "INVOICE" {
                findings.append(
                    ContainerFinding(
                        id: "FX-09", severity: .warning,
                        messageFR: "Les métadonnées XMP annoncent un document de type « \(type) » et non INVOICE.",
                        messageEN: "The XMP metadata declares a document of type \"\(type)\", not INVOICE.",
                        location: "XMP fx:DocumentType"))
            }
        } else {
            findings.append(
                ContainerFinding(
                    id: "FX-01", severity: .warning,
                    messageFR: "Le PDF ne déclare pas de facture Factur-X dans ses métadonnées XMP.",
                    messageEN: "The PDF's XMP metadata does not declare a Factur-X invoice.",
                    location: "XMP"))
        }
        if let relationship = invoice.relationship {
            if !allowedRelationships.contains(relationship) {
                findings.append(
                    ContainerFinding(
                        id: "FX-04", severity: .warning,
                        messageFR:
                            "La pièce jointe « \(name) » a la relation /AFRelationship /\(relationship) ; Factur-X demande Data, Source ou Alternative.",
                        messageEN:
                            "The attachment \"\(name)\" has /AFRelationship /\(relationship); Factur-X requires Data, Source or Alternative.",
                        location: "\(name) /AFRelationship"))
            }
        } else {
            findings.append(
                ContainerFinding(
                    id: "FX-03", severity: .warning,
                    messageFR: "La pièce jointe « \(name) » n’a pas de /AFRelationship (Data, Source ou Alternative attendu).",
                    messageEN: "The attachment \"\(name)\" has no /AFRelationship (Data, Source or Alternative expected).",
                    location: "\(name) /AFRelationship"))
        }
        if !invoice.inAssociatedFiles {
            findings.append(
                ContainerFinding(
                    id: "FX-06", severity: .warning,
                    messageFR: "La pièce jointe « \(name) » n’est pas listée dans le tableau /AF du catalogue, comme PDF/A-3 l’exige.",
                    messageEN: "The attachment \"\(name)\" is not listed in the catalog's /AF array, as PDF/A-3 requires.",
                    location: "/AF"))
        }
        if xmp?.pdfaPart != "3" {
            let declared = xmp?.pdfaPart.map { "PDF/A-\($0)" } ?? "aucune partie PDF/A"
            let declaredEN = xmp?.pdfaPart.map { "PDF/A-\($0)" } ?? "no PDF/A part"
            findings.append(
                ContainerFinding(
                    id: "FX-05", severity: .warning,
                    messageFR: "Le PDF déclare \(declared) au lieu de PDF/A-3, requis pour une facture Factur-X.",
                    messageEN: "The PDF declares \(declaredEN) instead of PDF/A-3, which a Factur-X invoice requires.",
                    location: "XMP pdfaid:part"))
        }
        return findings
    }

    /// FX-08: the XMP conformance level disagrees with the invoice's own specification identifier (BT-24).
    /// - Returns: nil when they agree, or when either does not name a known profile.
    public static func profileMismatch(xmp: XMPMetadata?, guidelineID: String) -> ContainerFinding? {
        guard let level = xmp?.conformanceLevel, let declared = FacturXProfile(conformanceLevel: level),
            let actual = FacturXProfile(guidelineID: guidelineID), declared != actual
        else { return nil }
        return ContainerFinding(
            id: "FX-08", severity: .warning,
            messageFR:
                "Les métadonnées XMP annoncent le profil \(declared.rawValue) mais la facture déclare \(actual.rawValue) (BT-24 « \(guidelineID) »).",
            messageEN:
                "The XMP metadata declares the \(declared.rawValue) profile but the invoice declares \(actual.rawValue) (BT-24 \"\(guidelineID)\").",
            location: "XMP fx:ConformanceLevel")
    }
}
