public import Foundation

/// The data type of a business term, as EN 16931-1 names it.
public enum TermDataType: String, Sendable, Hashable, CaseIterable {
    case amount = "Amount"
    case unitPriceAmount = "Unit Price Amount"
    case quantity = "Quantity"
    case percentage = "Percentage"
    case code = "Code"
    case identifier = "Identifier"
    case date = "Date"
    case documentReference = "Document Reference"
    case text = "Text"
    case binaryObject = "Binary Object"
    /// A business group.
    case group = "Group"
    /// Sub-term: the scheme of its term's identifier.
    case schemeIdentifier = "Scheme Identifier"
    /// Sub-term: the version of that scheme.
    case schemeVersionIdentifier = "Scheme Version Identifier"
    /// Sub-term: the MIME code of its term's binary object.
    case mimeCode = "MIME Code"
    /// Sub-term: the file name of its term's binary object.
    case filename = "Filename"

    /// Whether values of this type are exact decimals.
    public var isDecimal: Bool {
        switch self {
        case .amount, .unitPriceAmount, .quantity, .percentage: return true
        default: return false
        }
    }

    /// Whether this is a sub-term's type: a qualifier of another term's values.
    public var isQualifier: Bool {
        switch self {
        case .schemeIdentifier, .schemeVersionIdentifier, .mimeCode, .filename: return true
        default: return false
        }
    }
}

/// How many times a term or group occurs within its parent: `0..1`, `1..n`.
public struct Cardinality: Sendable, Hashable, CustomStringConvertible {
    /// The least number of occurrences.
    public let minimum: Int
    /// The most, nil for unbounded.
    public let maximum: Int?

    /// Parses `0..1`, `1..1`, `0..n`, `1..n`.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: true)
        guard parts.count == 2, let low = Int(parts[0]) else { return nil }
        minimum = low
        if parts[1] == "n" {
            maximum = nil
        } else if let high = Int(parts[1]), high >= low {
            maximum = high
        } else {
            return nil
        }
    }

    /// Whether more than one occurrence is allowed.
    public var isRepeatable: Bool { maximum.map { $0 > 1 } ?? true }
    /// Whether at least one occurrence is required.
    public var isMandatory: Bool { minimum > 0 }

    public var description: String { "\(minimum)..\(maximum.map(String.init) ?? "n")" }
}

/// One business term, group or sub-term of EN 16931.
public struct BusinessTerm: Sendable, Hashable {
    /// `BT-31`, `BG-4`, `BT-29-1`.
    public let id: TermID
    /// The standard's name (`Seller VAT identifier`).
    public let name: String
    /// How often it occurs in its parent.
    public let cardinality: Cardinality
    /// Its data type (`Group` for groups).
    public let dataType: TermDataType
    /// The group it belongs to (for a sub-term: the term it qualifies); nil for the invoice itself.
    public let parent: TermID?
}

/// The EN 16931 dictionary: every business term and group, read from `formats/en16931-terms.tsv`.
public struct BusinessTerms: Sendable {
    /// Every entry, in file order.
    public let all: [BusinessTerm]
    private let byID: [TermID: BusinessTerm]
    private let childrenByParent: [TermID: [BusinessTerm]]

    /// Builds the dictionary from its entries.
    public init(_ entries: [BusinessTerm]) {
        all = entries
        var byID: [TermID: BusinessTerm] = [:]
        var children: [TermID: [BusinessTerm]] = [:]
        for entry in entries {
            byID[entry.id] = entry
            if let parent = entry.parent { children[parent, default: []].append(entry) }
        }
        self.byID = byID
        self.childrenByParent = children
    }

    /// The entry for `id`.
    public subscript(id: TermID) -> BusinessTerm? { byID[id] }

    /// The terms, sub-groups and sub-terms directly under `id`, in file order.
    public func children(of id: TermID) -> [BusinessTerm] { childrenByParent[id] ?? [] }

    /// The sub-terms (qualifiers) of term `id`.
    public func qualifiers(of id: TermID) -> [BusinessTerm] { children(of: id).filter { $0.dataType.isQualifier } }

    /// Parses the TSV text of the terms file (id, name, cardinality, type, parent; `#` comments, one header line).
    public static func parse(_ text: String, file: String = "en16931-terms.tsv") throws(ResourceError) -> BusinessTerms {
        var entries: [BusinessTerm] = []
        var seen: Set<TermID> = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix("id\t") { continue }
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false)
            let number = index + 1
            guard columns.count >= 5 else { throw .malformed(file: file, line: number, reason: "expected 5 columns") }
            guard let id = TermID(columns[0]) else { throw .malformed(file: file, line: number, reason: "bad id \(columns[0])") }
            guard let cardinality = Cardinality(columns[2]) else {
                throw .malformed(file: file, line: number, reason: "bad cardinality \(columns[2])")
            }
            guard let type = TermDataType(rawValue: String(columns[3])) else {
                throw .malformed(file: file, line: number, reason: "unknown data type \(columns[3])")
            }
            var parent: TermID?
            if columns[4] != "-" {
                guard let p = TermID(columns[4]) else { throw .malformed(file: file, line: number, reason: "bad parent \(columns[4])") }
                parent = p
            }
            guard seen.insert(id).inserted else { throw .malformed(file: file, line: number, reason: "\(id) defined twice") }
            entries.append(BusinessTerm(id: id, name: String(columns[1]), cardinality: cardinality, dataType: type, parent: parent))
        }
        let known = Set(entries.map(\.id))
        for entry in entries {
            if let parent = entry.parent, !known.contains(parent) {
                throw .malformed(file: file, line: 0, reason: "\(entry.id) has an unknown parent \(parent)")
            }
        }
        return BusinessTerms(entries)
    }

    /// Reads the terms file at `url`.
    /// - Throws: `ResourceError.malformed` naming the file, and the line at fault when it does not parse.
    public static func load(from url: URL) throws(ResourceError) -> BusinessTerms {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw .malformed(file: url.path, line: 0, reason: "unreadable: \(error.localizedDescription)")
        }
        return try parse(text, file: url.path)
    }

    /// The project's dictionary, `formats/en16931-terms.tsv`, read once.
    public static func standard() throws(ResourceError) -> BusinessTerms {
        try cachedStandard.get()
    }

    private static let cachedStandard: Result<BusinessTerms, ResourceError> = Result {
        () throws(ResourceError) -> BusinessTerms in try load(from: Resources.format("en16931-terms.tsv"))
    }
}
