import Foundation
import InvoiceModel

/// A code list the CII rules check values against, read once from `formats/codelists/cii/<name>.txt`.
struct CIICodeList: Sendable {
    /// The list's file name, without `.txt`.
    let name: String
    /// The codes.
    let codes: CodeSet

    /// Whether `code` is in the list, compared exactly.
    @inline(__always) func contains(_ code: String) -> Bool { codes.contains(code) }

    /// Reads the list `name` of `formats` (`CodeListFile`).
    init(_ name: String, _ formats: URL) throws(ResourceError) {
        self.name = name
        codes = CodeSet(Set(try CodeListFile.codes(.cii, name, in: formats)))
    }
}
