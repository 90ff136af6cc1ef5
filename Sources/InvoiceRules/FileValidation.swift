public import FacturX
public import Foundation
import InvoiceXML

/// The outcome of validating one file, as `hermine validate` prints it.
public struct FileValidation: Sendable {
    /// The file's path as given.
    public let file: String
    /// The report, when the file was an invoice.
    public let report: ValidationReport?
    /// The EN 16931 verdict and the PDF around the invoice, when the file was a Factur-X / ZUGFeRD PDF.
    public let pdf: (en16931: ValidationReport, container: PDFInvoiceContainer)?
    /// Why there is no report.
    public let error: (code: String, message: String)?

    /// Whether the file is a valid invoice.
    public var valid: Bool { report?.valid ?? false }

    /// Reads and validates `path`; never throws: unreadable input becomes an error outcome.
    public static func run(_ path: String, with validator: InvoiceValidator) -> FileValidation {
        let bytes: Data
        do {
            // Refuse an oversized file before reading it into memory.
            let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
            if size > validator.limits.maxBytes {
                let error = InvoiceInputError.unreadable(.tooLarge(size: size, limit: validator.limits.maxBytes))
                return FileValidation(file: path, report: nil, pdf: nil, error: (error.code, error.description))
            }
            bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            return FileValidation(
                file: path, report: nil, pdf: nil,
                error: ("unreadable-file", "the file could not be read: \(error.localizedDescription)"))
        }
        do {
            let checked = try validator.check(bytes)
            return FileValidation(
                file: path, report: checked.report, pdf: checked.container.map { (checked.en16931, $0) }, error: nil)
        } catch {
            return FileValidation(file: path, report: nil, pdf: nil, error: (error.code, error.description))
        }
    }

    /// One JSON object on one line.
    public func jsonLine() -> String {
        var object: [String: Any] = ["file": file, "valid": valid]
        if let report {
            object["syntax"] = report.syntax
            object["ruleSet"] = report.ruleSet
            object["fatal"] = report.fatal
            object["warning"] = report.warning
            object["findings"] = report.findings.map { finding in
                [
                    "rule": finding.rule, "severity": finding.severity.rawValue,
                    "message": ["en": finding.message.en, "fr": finding.message.fr],
                    "location": ["path": finding.location.path, "line": finding.location.line],
                ] as [String: Any]
            }
        } else {
            object["fatal"] = [String]()
            object["warning"] = [String]()
            object["findings"] = [Any]()
        }
        if let error { object["error"] = ["code": error.code, "message": error.message] }
        if let pdf {
            object["container"] = "pdf"
            object["attachment"] = pdf.container.attachment
            object["profile"] = pdf.container.profile?.rawValue ?? NSNull()
            object["en16931"] = ["valid": pdf.en16931.valid, "fatal": pdf.en16931.fatal, "warning": pdf.en16931.warning]
        } else if FileValidation.isPDFError(error?.code) {
            object["container"] = "pdf"
        }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// A few lines a person can read.
    public func humanText() -> String {
        guard let report else {
            return "\(file): ERROR \(error?.code ?? "")\n  \(error?.message ?? "")"
        }
        var lines = ["\(file): \(report.syntax.uppercased()) — \(report.valid ? "valid" : "NOT VALID") (\(report.fatal.count) fatal, \(report.warning.count) warning rules)"]
        if let pdf {
            let profile = pdf.container.profile?.rawValue ?? "unknown profile"
            lines.append("  PDF: invoice in \(pdf.container.attachment), \(profile); checked against \(report.ruleSet)")
            if report.ruleSet != ValidationReport.en16931 {
                lines.append("  (as an EN 16931 invoice it would be \(pdf.en16931.valid ? "valid" : "invalid: " + pdf.en16931.fatal.joined(separator: " ")))")
            }
        }
        for finding in report.findings {
            lines.append("  [\(finding.severity == .fatal ? "fatal" : "warn ")] \(finding.rule) at \(finding.location.path) (line \(finding.location.line))")
            lines.append("      \(finding.message.en)")
            lines.append("      \(finding.message.fr)")
        }
        return lines.joined(separator: "\n")
    }
}

extension FileValidation {
    /// Whether an error code comes from reading a PDF.
    static func isPDFError(_ code: String?) -> Bool { code?.hasPrefix("pdf-") ?? false }
}

/// Expands command-line paths: folders become the invoice files below them, sorted.
public enum InputFiles {
    /// The files named by `paths`, folders searched recursively for `.xml` and `.pdf` files.
    public static func expand(_ paths: [String]) throws -> [String] {
        var files: [String] = []
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            if manager.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                let found = (manager.enumerator(atPath: path)?.allObjects as? [String] ?? [])
                    .filter { ["xml", "pdf"].contains(($0 as NSString).pathExtension.lowercased()) }
                    .sorted()
                files.append(contentsOf: found.map { (path as NSString).appendingPathComponent($0) })
            } else {
                files.append(path)
            }
        }
        return files
    }
}
