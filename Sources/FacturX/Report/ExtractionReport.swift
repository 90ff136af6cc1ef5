import Foundation
import InvoiceModel
import StableJSON

/// What `hermine extract` prints about one PDF: for people, or as one JSON object.
public struct ExtractionReport: Sendable {
    /// The file as named on the command line.
    public let file: String
    /// What the PDF holds, when it could be read.
    public let container: FacturXContainer?
    /// Why it could not be read.
    public let error: FacturXError?

    /// Creates a report for a readable PDF or for the error that stopped the reading.
    public init(file: String, container: FacturXContainer?, error: FacturXError?) {
        self.file = file
        self.container = container
        self.error = error
    }

    /// Reads the PDF at `path` (all attachments decoded) and reports on it; never throws.
    public static func run(_ path: String, limits: FacturXLimits = .default) -> ExtractionReport {
        do throws(FacturXError) {
            let container = try FacturXReader.inspect(contentsOf: URL(fileURLWithPath: path), limits: limits)
            return ExtractionReport(file: path, container: container, error: nil)
        } catch {
            return ExtractionReport(file: path, container: nil, error: error)
        }
    }

    /// Whether an invoice was found.
    public var hasInvoice: Bool { container?.invoice != nil }

    /// The error to report when there is no invoice: the PDF's own, or why it carries none.
    public var problem: FacturXError? { error ?? container?.invoiceProblem }

    /// A readable summary.
    public func humanText() -> String {
        guard let container else { return "\(file): error \(error?.code ?? "?"): \(error?.description ?? "")" }
        var lines = [
            "\(file): PDF \(container.pdfVersion), \(container.revisions) revision\(container.revisions == 1 ? "" : "s")"
                + (container.linearized ? ", linearized" : "") + (container.recovered ? ", cross-reference rebuilt by scanning" : "")
        ]
        if container.attachments.isEmpty {
            lines.append("  attachments: none")
        } else {
            lines.append("  attachments:")
            for attachment in container.attachments {
                var where_: [String] = []
                if attachment.inNameTree { where_.append("EmbeddedFiles") }
                if attachment.inAssociatedFiles { where_.append("AF") }
                lines.append(
                    "    \(attachment.name)  \(attachment.size.map { "\($0) bytes" } ?? "size unknown")"
                        + "  relationship: \(attachment.relationship ?? "none")"
                        + (attachment.subtype.map { "  type: \($0)" } ?? "") + "  (\(where_.joined(separator: ", ")))")
            }
        }
        if let invoice = container.invoice {
            lines.append(
                "  invoice: \(invoice.name) (\(invoice.syntax.rawValue.uppercased()) \(invoice.rootName), \(invoice.xml.count) bytes)")
        } else if let problem = container.invoiceProblem {
            lines.append("  invoice: none — \(problem.code): \(problem.description)")
        }
        if let xmp = container.xmp {
            var fields: [String] = []
            if let value = xmp.documentType { fields.append("DocumentType=\(value)") }
            if let value = xmp.documentFileName { fields.append("DocumentFileName=\(value)") }
            if let value = xmp.version { fields.append("Version=\(value)") }
            if let value = xmp.conformanceLevel { fields.append("ConformanceLevel=\(value)") }
            lines.append("  XMP: " + (fields.isEmpty ? "no Factur-X fields" : fields.joined(separator: " ")))
            if xmp.pdfaPart != nil || xmp.pdfaConformance != nil {
                lines.append("  PDF/A: part \(xmp.pdfaPart ?? "?"), conformance \(xmp.pdfaConformance ?? "?")")
            }
        } else {
            lines.append("  XMP: none")
        }
        for finding in container.findings {
            lines.append("  \(finding.id) \(finding.severity.rawValue): \(finding.messageEN)")
        }
        return lines.joined(separator: "\n")
    }

    /// One JSON object on one line, written by `StableJSONEncoder` (keys in the order `JSONLine` declares them).
    public func jsonLine() -> String {
        // Strings, numbers and booleans only: encoding cannot fail.
        String(decoding: (try? StableJSONEncoder().encode(JSONLine(self))) ?? Data(), as: UTF8.self)
    }

    /// The JSON line's shape.
    private struct JSONLine: Encodable {
        struct Attachment: Encodable {
            let name: String
            let in_name_tree: Bool
            let in_af: Bool
            let size: Int?
            let relationship: String?
            let subtype: String?
        }
        struct Invoice: Encodable {
            let name: String
            let syntax: String
            let root: String
            let size: Int
        }
        struct XMP: Encodable {
            let DocumentType: String?
            let DocumentFileName: String?
            let Version: String?
            let ConformanceLevel: String?
            let namespace: String?
            let pdfaid_part: String?
            let pdfaid_conformance: String?
        }
        struct Message: Encodable {
            let en: String
            let fr: String
        }
        struct Finding: Encodable {
            let id: String
            let severity: String
            let location: String
            let message: Message
        }
        struct Problem: Encodable {
            let code: String
            let message: String
        }

        let file: String
        let pdf_version: String?
        let revisions: Int?
        let linearized: Bool?
        let recovered: Bool?
        let attachments: [Attachment]?
        let invoice: Invoice?
        let xmp: XMP?
        let findings: [Finding]?
        let error: Problem?

        init(_ report: ExtractionReport) {
            let container = report.container
            file = report.file
            pdf_version = container?.pdfVersion
            revisions = container?.revisions
            linearized = container?.linearized
            recovered = container?.recovered
            attachments = container?.attachments.map {
                Attachment(
                    name: $0.name, in_name_tree: $0.inNameTree, in_af: $0.inAssociatedFiles, size: $0.size,
                    relationship: $0.relationship, subtype: $0.subtype)
            }
            invoice = container?.invoice.map {
                Invoice(name: $0.name, syntax: $0.syntax.rawValue, root: $0.rootName, size: $0.xml.count)
            }
            xmp = container?.xmp.map {
                XMP(
                    DocumentType: $0.documentType, DocumentFileName: $0.documentFileName, Version: $0.version,
                    ConformanceLevel: $0.conformanceLevel, namespace: $0.namespace, pdfaid_part: $0.pdfaPart,
                    pdfaid_conformance: $0.pdfaConformance)
            }
            findings = container?.findings.map {
                Finding(
                    id: $0.id, severity: $0.severity.rawValue, location: $0.location,
                    message: Message(en: $0.messageEN, fr: $0.messageFR))
            }
            error = report.problem.map { Problem(code: $0.code, message: $0.description) }
        }
    }
}
