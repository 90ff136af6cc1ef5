import Foundation
import InvoiceModel
public import InvoiceRules
import InvoiceXML
public import StableJSON

/// The outcome of taking in one file, as `hermine validate` prints it.
public struct FileValidation: Sendable {
    /// Why a file gave no report: a stable code and a message.
    public struct Problem: Sendable, Equatable, Encodable {
        /// `unreadable-file`, or the intake's code (`xml-not-well-formed`, `not-an-invoice`, `pdf-…`).
        public let code: String
        /// What is wrong, for people.
        public let message: String
    }

    /// The file's path as given.
    public let file: String
    /// The invoice and its reports, when the file was an invoice.
    public let checked: CheckedInvoice?
    /// Why there is no report.
    public let error: Problem?
    /// The intake's refusal, when the file was read but is no invoice.
    public let refusal: IntakeError?

    /// The report, when the file was an invoice.
    public var report: ValidationReport? { checked?.report }
    /// Whether the file is a valid invoice.
    public var valid: Bool { report?.valid ?? false }

    /// Reads `path` and takes it in; never throws: an unreadable file or input that is no invoice becomes an
    /// error outcome.
    public static func run(_ path: String, with intake: Intake) -> FileValidation {
        let bytes: Data
        do {
            // Refuse an oversized file before reading it into memory.
            let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
            if size > intake.limits.maxBytes {
                return FileValidation(path, refusal: .unreadable(.tooLarge(size: size, limit: intake.limits.maxBytes)))
            }
            bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let problem = Problem(code: "unreadable-file", message: "the file could not be read: \(error.localizedDescription)")
            return FileValidation(file: path, checked: nil, error: problem, refusal: nil)
        }
        do {
            // Handed over, so that the bytes are freed once parsed.
            return FileValidation(file: path, checked: try intake.take(consume bytes), error: nil, refusal: nil)
        } catch {
            return FileValidation(path, refusal: error)
        }
    }

    private init(file: String, checked: CheckedInvoice?, error: Problem?, refusal: IntakeError?) {
        self.file = file
        self.checked = checked
        self.error = error
        self.refusal = refusal
    }

    private init(_ file: String, refusal: IntakeError) {
        self.init(file: file, checked: nil, error: Problem(code: refusal.code, message: refusal.description), refusal: refusal)
    }

    /// One JSON object on one line (no newline), keys in the order of `JSONLine`.
    public func jsonLine() throws(StableJSONError) -> String {
        String(decoding: try StableJSONEncoder().encode(JSONLine(self)), as: UTF8.self)
    }

    /// A few lines a person can read.
    public func humanText() -> String {
        guard let checked else {
            return "\(file): ERROR \(error?.code ?? "")\n  \(error?.message ?? "")"
        }
        let report = checked.report
        var lines = [
            "\(file): \(report.syntax.rawValue.uppercased()) — \(report.valid ? "valid" : "NOT VALID") "
                + "(\(report.fatal.count) fatal, \(report.warning.count) warning rules)"
        ]
        if let pdf = checked.pdf {
            let profile = pdf.profile?.rawValue ?? "unknown profile"
            lines.append("  PDF: invoice in \(pdf.attachment), \(profile); checked against \(report.ruleSet)")
            if report.ruleSet != .en16931 {
                let en16931 = checked.en16931
                let verdict = en16931.valid ? "valid" : "invalid: " + en16931.fatal.joined(separator: " ")
                lines.append("  (as an EN 16931 invoice it would be \(verdict))")
            }
        }
        for finding in report.findings {
            let severity = finding.severity == .fatal ? "fatal" : "warn "
            lines.append("  [\(severity)] \(finding.rule) at \(finding.location.path) (line \(finding.location.line))")
            lines.append("      \(finding.message.en)")
            lines.append("      \(finding.message.fr)")
        }
        return lines.joined(separator: "\n")
    }
}
