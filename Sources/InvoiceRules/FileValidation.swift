public import Foundation
import InvoiceXML

/// The outcome of validating one file, as `hermine validate` prints it.
public struct FileValidation: Sendable {
    /// The file's path as given.
    public let file: String
    /// The report, when the file was an invoice.
    public let report: ValidationReport?
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
                return FileValidation(file: path, report: nil, error: (error.code, error.description))
            }
            bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            return FileValidation(file: path, report: nil, error: ("unreadable-file", "the file could not be read: \(error.localizedDescription)"))
        }
        do {
            return FileValidation(file: path, report: try validator.validate(bytes), error: nil)
        } catch {
            return FileValidation(file: path, report: nil, error: (error.code, error.description))
        }
    }

    /// One JSON object on one line.
    public func jsonLine() -> String {
        var object: [String: Any] = ["file": file, "valid": valid]
        if let report {
            object["syntax"] = report.syntax
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
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// A few lines a person can read.
    public func humanText() -> String {
        guard let report else {
            return "\(file): ERROR \(error?.code ?? "")\n  \(error?.message ?? "")"
        }
        var lines = ["\(file): \(report.syntax.uppercased()) — \(report.valid ? "valid" : "NOT VALID") (\(report.fatal.count) fatal, \(report.warning.count) warning rules)"]
        for finding in report.findings {
            lines.append("  [\(finding.severity == .fatal ? "fatal" : "warn ")] \(finding.rule) at \(finding.location.path) (line \(finding.location.line))")
            lines.append("      \(finding.message.en)")
            lines.append("      \(finding.message.fr)")
        }
        return lines.joined(separator: "\n")
    }
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
