public import Foundation

/// Reads a buyer directory file: CSV, one line per (structure, service), in the shape Chorus Pro publishes.
///
/// The first line names the columns (in French or English, any order, any case, accents ignored); columns
/// the hub does not use are ignored. A structure with several services takes one line per service, its
/// own fields repeated and identical; a structure without services takes one line with the service
/// columns empty. Fields may be quoted (RFC 4180: `""` inside quotes, line breaks inside quotes); the
/// separator is `;`, `,` or a tab, whichever the header line uses; a UTF-8 byte-order mark is skipped and
/// a file that is not UTF-8 is read as Windows-1252. Every bad line is reported with its number.
public enum DirectoryCSV {
    /// The columns the hub reads, with the header names it accepts for each.
    public enum Column: String, Sendable, CaseIterable {
        case identifier, identifierType, name, active, serviceCodeRequired, engagementRequired
        case serviceCode, serviceName, serviceActive

        /// Accepted header names, normalised (lowercase, no accents, `_` between words).
        public var headerNames: [String] {
            switch self {
            case .identifier: ["identifiant", "identifiant_structure", "identifier"]
            case .identifierType: ["type_identifiant", "type_identifiant_structure", "identifier_type"]
            case .name: ["raison_sociale", "nom", "libelle_structure", "name"]
            case .active: ["actif", "statut", "structure_active", "active"]
            case .serviceCodeRequired:
                ["code_service_obligatoire", "code_service_doit_etre_renseigne", "service_code_required"]
            case .engagementRequired:
                ["engagement_obligatoire", "numero_ej_obligatoire", "numero_ej_doit_etre_renseigne", "engagement_required"]
            case .serviceCode: ["code_service", "service_code"]
            case .serviceName: ["libelle_service", "nom_service", "service_name"]
            case .serviceActive: ["service_actif", "statut_service", "service_active"]
            }
        }
    }

    /// Reads a directory file's bytes into entries, in order of first appearance.
    /// - Throws: `HubError.directoryFile` listing every bad line; nothing is returned then.
    public static func read(_ bytes: Data) throws(HubError) -> [BuyerDirectoryEntry] {
        let text = decode(bytes)
        let records = CSVRecords.split(text)
        guard let header = records.first(where: { !$0.isBlank }) else {
            throw .directoryFile([DirectoryLineError(line: 1, reason: "the file is empty: a header line is required")])
        }
        var errors: [DirectoryLineError] = []
        if let problem = header.problem { errors.append(DirectoryLineError(line: header.line, reason: problem)) }

        // Which field holds which column.
        var position: [Column: Int] = [:]
        for (index, field) in header.fields.enumerated() {
            let name = normalisedHeader(field)
            guard let column = Column.allCases.first(where: { $0.headerNames.contains(name) }) else { continue }
            if position[column] != nil {
                errors.append(DirectoryLineError(line: header.line, reason: "the column \(column.headerNames[0]) appears twice"))
            }
            position[column] = index
        }
        for required in [Column.identifier, .name] where position[required] == nil {
            errors.append(
                DirectoryLineError(
                    line: header.line,
                    reason: "the header has no \(required.headerNames[0]) column (\(required.headerNames.joined(separator: ", ")))"))
        }
        if position[.serviceCode] == nil, position[.serviceName] != nil || position[.serviceActive] != nil {
            errors.append(DirectoryLineError(line: header.line, reason: "service columns are given without code_service"))
        }
        if !errors.isEmpty { throw .directoryFile(errors) }

        var builders: [String: EntryBuilder] = [:]
        var order: [String] = []
        for record in records where record.line > header.line && !record.isBlank {
            if let problem = record.problem {
                errors.append(DirectoryLineError(line: record.line, reason: problem))
                continue
            }
            guard record.fields.count == header.fields.count else {
                errors.append(
                    DirectoryLineError(
                        line: record.line,
                        reason: "\(record.fields.count) fields where the header has \(header.fields.count)"))
                continue
            }
            do {
                let row = try Row(record: record, position: position)
                if var builder = builders[row.entry.identifier] {
                    try builder.add(row)
                    builders[row.entry.identifier] = builder
                } else {
                    builders[row.entry.identifier] = EntryBuilder(row)
                    order.append(row.entry.identifier)
                }
            } catch {
                errors.append(error)
            }
        }
        if !errors.isEmpty { throw .directoryFile(errors) }
        return order.compactMap { builders[$0]?.entry }
    }

    /// UTF-8 without its byte-order mark, else Windows-1252.
    static func decode(_ bytes: Data) -> String {
        var body = bytes
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if let text = String(data: body, encoding: .utf8) { return text }
        return String(data: body, encoding: .windowsCP1252) ?? String(decoding: body, as: UTF8.self)
    }

    /// `Code service obligatoire` → `code_service_obligatoire`.
    static func normalisedHeader(_ field: String) -> String {
        let folded = field.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        var out = ""
        var pendingSeparator = false
        for character in folded.trimmingCharacters(in: .whitespacesAndNewlines) {
            if character.isLetter || character.isNumber {
                if pendingSeparator, !out.isEmpty { out.append("_") }
                pendingSeparator = false
                out.append(character)
            } else {
                pendingSeparator = true
            }
        }
        return out
    }

    /// One data line, its fields read.
    struct Row {
        let line: Int
        let entry: BuyerDirectoryEntry
        let service: BuyerService?

        init(record: CSVRecord, position: [Column: Int]) throws(DirectoryLineError) {
            line = record.line
            func field(_ column: Column) -> String? {
                guard let index = position[column] else { return nil }
                let value = record.fields[index].trimmingCharacters(in: .whitespacesAndNewlines)
                return value.isEmpty ? nil : value
            }
            func flag(_ column: Column, default value: Bool) throws(DirectoryLineError) -> Bool {
                guard let text = field(column) else { return value }
                guard let parsed = DirectoryCSV.flag(text) else {
                    throw DirectoryLineError(
                        line: record.line, reason: "\(column.headerNames[0]) is \"\(text)\"; expected oui/non (or true/false, 1/0)")
                }
                return parsed
            }
            var type = BuyerIdentifierType.siret
            if let text = field(.identifierType) {
                guard let parsed = DirectoryCSV.identifierType(text) else {
                    throw DirectoryLineError(
                        line: record.line,
                        reason: "unknown identifier type \"\(text)\"; expected one of "
                            + BuyerIdentifierType.allCases.map(\.rawValue).joined(separator: ", "))
                }
                type = parsed
            }
            guard let rawIdentifier = field(.identifier) else {
                throw DirectoryLineError(line: record.line, reason: "the identifier is empty")
            }
            let identifier = type == .siret ? rawIdentifier.filter { !$0.isWhitespace } : rawIdentifier
            if type == .siret, !FrenchIdentifier.isValidSIRET(identifier) {
                throw DirectoryLineError(
                    line: record.line, reason: "\"\(rawIdentifier)\" is not a valid SIRET (14 digits, Luhn check digit)")
            }
            guard let name = field(.name) else {
                throw DirectoryLineError(line: record.line, reason: "the name of \(identifier) is empty")
            }
            entry = BuyerDirectoryEntry(
                identifier: identifier, identifierType: type, name: name,
                active: try flag(.active, default: true),
                serviceCodeRequired: try flag(.serviceCodeRequired, default: false),
                engagementRequired: try flag(.engagementRequired, default: false))
            if let code = field(.serviceCode) {
                service = BuyerService(
                    code: code, name: field(.serviceName) ?? code, active: try flag(.serviceActive, default: true))
            } else if field(.serviceName) != nil {
                throw DirectoryLineError(line: record.line, reason: "a service name is given without a service code")
            } else {
                service = nil
            }
        }
    }

    /// Gathers the lines of one structure.
    struct EntryBuilder {
        private(set) var entry: BuyerDirectoryEntry
        private var firstLine: Int

        init(_ row: Row) {
            entry = row.entry
            firstLine = row.line
            if let service = row.service { entry = entry.adding(service) }
        }

        mutating func add(_ row: Row) throws(DirectoryLineError) {
            let a = entry
            let b = row.entry
            if a.identifierType != b.identifierType || a.name != b.name || a.active != b.active
                || a.serviceCodeRequired != b.serviceCodeRequired || a.engagementRequired != b.engagementRequired
            {
                throw DirectoryLineError(
                    line: row.line,
                    reason: "the structure \(b.identifier) is described differently on line \(firstLine)")
            }
            guard let service = row.service else {
                throw DirectoryLineError(line: row.line, reason: "the structure \(b.identifier) is repeated without a service")
            }
            if entry.service(code: service.code) != nil {
                throw DirectoryLineError(
                    line: row.line, reason: "the service \(service.code) of \(b.identifier) appears twice")
            }
            entry = entry.adding(service)
        }
    }

    static func flag(_ text: String) -> Bool? {
        switch text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil) {
        case "oui", "o", "yes", "y", "true", "vrai", "1", "actif", "active": true
        case "non", "n", "no", "false", "faux", "0", "inactif", "inactive": false
        default: nil
        }
    }

    static func identifierType(_ text: String) -> BuyerIdentifierType? {
        let upper = text.uppercased()
        if let type = BuyerIdentifierType(rawValue: upper) { return type }
        // Chorus Pro's numbered schemes in its XML flows.
        switch upper {
        case "1": return .siret
        case "2": return .euOutsideFrance
        case "3": return .outsideEU
        case "4": return .ridet
        case "5": return .tahiti
        case "6": return .other
        default: return nil
        }
    }
}

extension BuyerDirectoryEntry {
    func adding(_ service: BuyerService) -> BuyerDirectoryEntry {
        BuyerDirectoryEntry(
            identifier: identifier, identifierType: identifierType, name: name, active: active,
            serviceCodeRequired: serviceCodeRequired, engagementRequired: engagementRequired,
            services: services + [service])
    }
}

extension DirectoryLineError: Error {}
