import Foundation
import InvoiceModel

/// A code list the UBL rules check values against, read from `formats/codelists/ubl/<name>.txt`.
struct UBLCodeList: Sendable {
    /// The codes, for membership of a whole value.
    let codes: CodeSet
    /// The codes written one after the other with single spaces, with a space at each end: two
    /// rules (BR-CL-08, BR-CO-09) look a value up as a substring of that text rather than as a whole code.
    let spaced: String
    /// Every piece of `spaced` up to three characters long, so that those lookups are set lookups.
    private let shortPieces: Set<String>

    /// Reads the list `name` of `formats` (`CodeListFile`); `lookedUpAsText` prepares `spacedTextContains` for
    /// short fragments.
    init(_ name: String, _ formats: URL, lookedUpAsText: Bool = false) throws(ResourceError) {
        let list = try CodeListFile.codes(.ubl, name, in: formats)
        codes = CodeSet(Set(list))
        spaced = " " + list.joined(separator: " ") + " "
        let scalars = Array(spaced.unicodeScalars)
        var pieces: Set<String> = []
        for start in scalars.indices where lookedUpAsText {
            for length in 1...3 where start + length <= scalars.count {
                pieces.insert(String(String.UnicodeScalarView(scalars[start..<(start + length)])))
            }
        }
        shortPieces = pieces
    }

    /// Whether the normalised `value` is one of the codes (the artefacts' "no inner space and found
    /// between spaces in the list" test: an empty value is never in the list).
    func contains(_ value: String) -> Bool { codes.contains(value) }

    /// Whether `fragment` occurs anywhere in the spaced list, as XPath `contains` would find it.
    func spacedTextContains(_ fragment: String) -> Bool {
        if fragment.isEmpty { return true }
        if fragment.unicodeScalars.count <= 3 && !shortPieces.isEmpty { return shortPieces.contains(fragment) }
        return spaced.contains(fragment)
    }
}
