public import Foundation
import Hub
public import InvoiceModel

/// The console's two languages: French first, English on request.
public enum ConsoleLanguage: String, Sendable, CaseIterable {
    case fr
    case en

    /// The other one (the switch in every page's header).
    var other: ConsoleLanguage { self == .fr ? .en : .fr }

    /// Its name, in itself.
    var name: String { self == .fr ? "Français" : "English" }
}

/// The console's words, from `templates/web/strings.tsv` (key, French, English): every key in both languages.
public struct ConsoleStrings: Sendable {
    private let table: [ConsoleLanguage: [String: String]]

    /// Reads the strings file.
    /// - Throws: `ResourceError.malformed` naming the line without three fields, or a key twice.
    public init(file: URL) throws(ResourceError) {
        let text: String
        do { text = try String(contentsOf: file, encoding: .utf8) } catch {
            throw .malformed(file: file.path, line: 0, reason: "unreadable: \(error.localizedDescription)")
        }
        var table: [ConsoleLanguage: [String: String]] = [.fr: [:], .en: [:]]
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 3, !fields[0].isEmpty, !fields[1].isEmpty, !fields[2].isEmpty else {
                throw .malformed(file: file.path, line: index + 1, reason: "expected key, French and English, separated by tabs")
            }
            guard table[.fr]?[fields[0]] == nil else { throw .malformed(file: file.path, line: index + 1, reason: "\(fields[0]) is there twice") }
            table[.fr]?[fields[0]] = fields[1]
            table[.en]?[fields[0]] = fields[2]
        }
        self.table = table
    }

    /// Every word in `language`, by key (what templates read as `t.key`).
    func words(_ language: ConsoleLanguage) -> [String: String] { table[language] ?? [:] }

    /// One word; the key itself when it is missing (a test checks that none is).
    func word(_ key: String, _ language: ConsoleLanguage) -> String { table[language]?[key] ?? key }

    /// Every key.
    var keys: Set<String> { Set(table[.fr]?.keys.map { $0 } ?? []) }
}

/// Which advice goes with a finding, by the start of its rule id (`templates/web/fix-advice.tsv`): the longest
/// prefix that matches, else `*`'s. The advice is a key of the console's words.
public struct FixAdvice: Sendable {
    /// Prefixes and their advice keys, longest prefix first.
    private let rows: [(prefix: String, key: String)]
    private let fallback: String

    /// Reads the table; every advice key must be one of `strings`.
    /// - Throws: `ResourceError.malformed` naming the line without two fields, an unknown key, or a missing `*`.
    public init(file: URL, strings: ConsoleStrings) throws(ResourceError) {
        let text: String
        do { text = try String(contentsOf: file, encoding: .utf8) } catch {
            throw .malformed(file: file.path, line: 0, reason: "unreadable: \(error.localizedDescription)")
        }
        var rows: [(String, String)] = []
        var fallback: String?
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: "\t").map(String.init)
            guard fields.count == 2 else { throw .malformed(file: file.path, line: index + 1, reason: "expected a rule id prefix and an advice key") }
            guard strings.keys.contains(fields[1]) else {
                throw .malformed(file: file.path, line: index + 1, reason: "\(fields[1]) is not a key of strings.tsv")
            }
            if fields[0] == "*" { fallback = fields[1] } else { rows.append((fields[0], fields[1])) }
        }
        guard let fallback else { throw .malformed(file: file.path, line: 0, reason: "no * line: the advice when no prefix matches") }
        self.rows = rows.sorted { $0.0.count > $1.0.count }
        self.fallback = fallback
    }

    /// The advice key for `rule`.
    func key(for rule: String) -> String { rows.first { rule.hasPrefix($0.prefix) }?.key ?? fallback }
}

extension InvoiceStatus {
    /// The status's name in `language`.
    func name(_ language: ConsoleLanguage) -> String { language == .fr ? frenchName : englishName }
}
