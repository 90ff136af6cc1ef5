public import InvoiceModel
import InvoiceXML
public import Foundation

/// What the project says about each rule id: severity and bilingual message, read from `formats/rules/`.
///
/// Each line of a catalogue file is `id<TAB>severity<TAB>English<TAB>French`; `#` starts a comment.
public struct RuleCatalog: Sendable {
    /// One rule's entry.
    public struct Entry: Sendable, Equatable {
        /// Fatal or warning.
        public let severity: Severity
        /// What the rule says, for the supplier.
        public let message: Message
    }

    /// Entries by rule id.
    public let entries: [String: Entry]

    /// Creates a catalogue from entries.
    public init(entries: [String: Entry]) { self.entries = entries }

    /// Reads and merges catalogue files.
    /// - Throws: `ResourceError.malformed` naming the file and line that is missing or does not parse.
    public init(files: [URL]) throws(ResourceError) {
        var entries: [String: Entry] = [:]
        for file in files {
            let text: String
            do { text = try String(contentsOf: file, encoding: .utf8) } catch {
                throw .malformed(file: file.path, line: 0, reason: "unreadable: \(error.localizedDescription)")
            }
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                if line.isEmpty || line.hasPrefix("#") { continue }
                let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
                guard fields.count >= 4, let severity = Severity(rawValue: String(fields[1])) else {
                    throw .malformed(file: file.path, line: number + 1, reason: "expected id, severity, English, French")
                }
                entries[String(fields[0])] = Entry(
                    severity: severity, message: Message(fr: String(fields[3]), en: String(fields[2])))
            }
        }
        self.entries = entries
    }

    /// The finding for rule `id` fired on `node`.
    func finding(_ id: String, at node: XMLTree.Node, in tree: XMLTree) -> Finding {
        let entry = entries[id] ?? Entry(severity: .fatal, message: Message(fr: id, en: id))
        return Finding(rule: id, severity: entry.severity, message: entry.message, location: Location(path: tree.path(node), line: tree.line(node)))
    }
}
