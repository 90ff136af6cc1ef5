import Foundation
import InvoiceModel

/// The code lists the rules check values against, as files: `formats/codelists/<syntax>/<name>.txt`,
/// one code per line, lines starting with `#` are comments.
enum CodeListFile {
    /// The codes of a list, in file order.
    ///
    /// A list that is missing, unreadable or empty while the `formats/` folder exists is an installation
    /// error the rules cannot work around: it stops the program with the file's path. When `formats/`
    /// itself is not found, the list is empty and loading the rule catalogue reports the error.
    static func codes(syntax: String, name: String) -> [String] {
        let file: URL
        do {
            file = try Resources.format("codelists/\(syntax)/\(name).txt")
        } catch {
            return []
        }
        guard let text = try? String(contentsOf: file, encoding: .utf8) else {
            preconditionFailure("the code list \(file.path) could not be read")
        }
        let codes = text.split(whereSeparator: \.isNewline).map { $0.trimmingXMLSpace() }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }.map(String.init)
        precondition(!codes.isEmpty, "the code list \(file.path) holds no code")
        return codes
    }
}
