import Foundation
import InvoiceModel

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

    /// One JSON object on one line.
    public func jsonLine() -> String {
        var object: [String: Any] = ["file": file]
        if let container {
            object["pdf_version"] = container.pdfVersion
            object["revisions"] = container.revisions
            object["linearized"] = container.linearized
            object["recovered"] = container.recovered
            object["attachments"] = container.attachments.map { attachment -> [String: Any] in
                var entry: [String: Any] = [
                    "name": attachment.name, "in_name_tree": attachment.inNameTree, "in_af": attachment.inAssociatedFiles,
                ]
                if let size = attachment.size { entry["size"] = size }
                if let relationship = attachment.relationship { entry["relationship"] = relationship }
                if let subtype = attachment.subtype { entry["subtype"] = subtype }
                return entry
            }
            if let invoice = container.invoice {
                object["invoice"] =
                    [
                        "name": invoice.name, "syntax": invoice.syntax.rawValue, "root": invoice.rootName, "size": invoice.xml.count,
                    ] as [String: Any]
            }
            if let xmp = container.xmp {
                var fields: [String: String] = [:]
                fields["DocumentType"] = xmp.documentType
                fields["DocumentFileName"] = xmp.documentFileName
                fields["Version"] = xmp.version
                fields["ConformanceLevel"] = xmp.conformanceLevel
                fields["namespace"] = xmp.namespace
                fields["pdfaid_part"] = xmp.pdfaPart
                fields["pdfaid_conformance"] = xmp.pdfaConformance
                object["xmp"] = fields
            }
            object["findings"] = container.findings.map { finding in
                [
                    "id": finding.id, "severity": finding.severity.rawValue, "location": finding.location,
                    "message": ["en": finding.messageEN, "fr": finding.messageFR],
                ] as [String: Any]
            }
        }
        if let problem { object["error"] = ["code": problem.code, "message": problem.description] }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
