import Foundation
import InvoiceModel

/// A code list the CII rules check values against, read once from `formats/codelists/cii/<name>.txt`
/// (one code per line; lines starting with `#` are comments).
struct CIICodeList: Sendable {
    /// The list's file name, without `.txt`.
    let name: String
    /// The codes.
    let codes: CodeSet

    /// Whether `code` is in the list, compared exactly.
    @inline(__always) func contains(_ code: String) -> Bool { codes.contains(code) }

    /// Reads the list `name`.
    ///
    /// A list that is missing or unreadable while the `formats/` folder exists is an installation
    /// error the rules cannot work around: it stops the program with the file's path. When `formats/`
    /// itself is not found, the list is empty and loading the rule catalogue reports the error.
    init(_ name: String) {
        self.name = name
        let file: URL
        do {
            file = try Resources.format("codelists/cii/\(name).txt")
        } catch {
            codes = CodeSet([])
            return
        }
        guard let text = try? String(contentsOf: file, encoding: .utf8) else {
            preconditionFailure("the code list \(file.path) could not be read")
        }
        var codes = Set<String>()
        for line in text.split(whereSeparator: \.isNewline) {
            let code = line.trimmingXMLSpace()
            if code.isEmpty || code.hasPrefix("#") { continue }
            codes.insert(String(code))
        }
        precondition(!codes.isEmpty, "the code list \(file.path) holds no code")
        self.codes = CodeSet(codes)
    }
}
