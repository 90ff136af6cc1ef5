import Foundation
import InvoiceModel

/// The code lists the rules check values against, as files: `codelists/<syntax>/<name>.txt` in `formats/`,
/// one code per line, lines starting with `#` are comments.
enum CodeListFile {
    /// The codes of a list, in file order.
    /// - Throws: `ResourceError.malformed` when the list is missing or unreadable (line 0), holds a code with a
    ///   space inside (which no normalised value could ever equal), or holds no code at all: the rules cannot
    ///   work without it.
    static func codes(_ syntax: InvoiceSyntax, _ name: String, in formats: URL) throws(ResourceError) -> [String] {
        let file = formats.appendingPathComponent("codelists/\(syntax.rawValue)/\(name).txt")
        let text: String
        do { text = try String(contentsOf: file, encoding: .utf8) } catch {
            throw .malformed(file: file.path, line: 0, reason: "the code list could not be read: \(error.localizedDescription)")
        }
        var codes: [String] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let code = line.trimmingXMLSpace()
            if code.isEmpty || code.hasPrefix("#") { continue }
            guard !code.contains(where: \.isWhitespace) else {
                throw .malformed(file: file.path, line: index + 1, reason: "a code cannot contain a space: \(code)")
            }
            codes.append(String(code))
        }
        guard !codes.isEmpty else { throw .malformed(file: file.path, line: 1, reason: "the code list holds no code") }
        return codes
    }
}
