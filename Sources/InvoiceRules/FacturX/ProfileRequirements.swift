public import InvoiceModel
public import Foundation

/// What the Factur-X profiles that are not complete EN 16931 invoices (MINIMUM, BASIC WL) require,
/// read from `formats/rules/facturx-profiles.tsv`, checked on the invoice in the semantic model.
///
/// Declarative rows ("present BT-n") say a term or group must be there: in each instance of its group
/// when that group may repeat, else in the one group, which must then exist too. Rows that compute
/// ("computed NAME") are Swift functions registered here by name.
public struct ProfileRequirements: Sendable {
    struct Requirement: Sendable {
        let profiles: Set<FacturXProfile>
        let id: String
        let severity: Severity
        let check: Check
        let message: Message
    }

    enum Check: Sendable {
        /// The term or group must be present; `path` is the chain of groups from the invoice down to it.
        case present(TermID, path: [BusinessTerm])
        case computed(@Sendable (Invoice) -> Bool)
    }

    let requirements: [Requirement]

    /// The computing rules, by the name the data file gives them.
    static let computed: [String: @Sendable (Invoice) -> Bool] = [
        // BT-112 = BT-109 + BT-110 (a missing BT-110 counts as zero)
        "total-with-vat": { invoice in
            guard let totals = invoice.root.group(.group(22)), let with = totals.decimal(.term(112)),
                let without = totals.decimal(.term(109))
            else { return true }
            return with == without + (totals.decimal(.term(110)) ?? .zero)
        },
        // BT-115 = BT-112 − BT-113 + BT-114
        "amount-due": { invoice in
            guard let totals = invoice.root.group(.group(22)), let due = totals.decimal(.term(115)),
                let with = totals.decimal(.term(112))
            else { return true }
            return due == with - (totals.decimal(.term(113)) ?? .zero) + (totals.decimal(.term(114)) ?? .zero)
        },
        // BT-110 = Σ BT-117
        "vat-total": { invoice in
            guard let total = invoice.root.group(.group(22))?.decimal(.term(110)) else { return true }
            let sum = invoice.root.groups(.group(23)).compactMap { $0.decimal(.term(117)) }.reduce(.zero, +)
            return total == sum
        },
    ]

    /// Reads the requirements file.
    public init(file: URL, terms: BusinessTerms) throws(ResourceError) {
        let text: String
        do { text = try String(contentsOf: file, encoding: .utf8) } catch {
            throw .malformed(file: file.path, line: 0, reason: "unreadable: \(error.localizedDescription)")
        }
        var requirements: [Requirement] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            func fail(_ reason: String) -> ResourceError { .malformed(file: file.path, line: number + 1, reason: reason) }
            guard fields.count == 6 else { throw fail("expected profiles, id, severity, check, English, French") }
            let profiles = fields[0].split(separator: ",").compactMap { FacturXProfile(conformanceLevel: String($0)) }
            guard !profiles.isEmpty else { throw fail("unknown profile list \(fields[0])") }
            guard let severity = Severity(rawValue: fields[2]) else { throw fail("unknown severity \(fields[2])") }
            let words = fields[3].split(separator: " ").map(String.init)
            let check: Check
            switch (words.first, words.count) {
            case ("present", 2):
                guard let term = TermID(words[1]), terms[term] != nil else { throw fail("unknown term \(words[1])") }
                check = .present(term, path: ProfileRequirements.groups(above: term, in: terms))
            case ("computed", 2):
                guard let rule = ProfileRequirements.computed[words[1]] else { throw fail("no computed rule \(words[1])") }
                check = .computed(rule)
            default:
                throw fail("a check is 'present BT-n' or 'computed NAME'")
            }
            requirements.append(
                Requirement(
                    profiles: Set(profiles), id: fields[1], severity: severity, check: check,
                    message: Message(fr: fields[5], en: fields[4])))
        }
        self.requirements = requirements
    }

    /// The requirements of `rules/facturx-profiles.tsv` in `formats`.
    public init(formats: URL, terms: BusinessTerms) throws(ResourceError) {
        try self.init(file: formats.appendingPathComponent("rules/facturx-profiles.tsv"), terms: terms)
    }

    /// The requirements of the project's `formats/rules/facturx-profiles.tsv`.
    public static func standard() throws(ResourceError) -> ProfileRequirements {
        try ProfileRequirements(formats: try Resources.formatsFolder(), terms: try BusinessTerms.standard())
    }

    /// The groups from the invoice down to `term` (excluding the invoice itself, BG-0).
    static func groups(above term: TermID, in terms: BusinessTerms) -> [BusinessTerm] {
        var chain: [BusinessTerm] = []
        var parent = terms[term]?.parent
        while let id = parent, id != .group(0), let group = terms[id] {
            chain.insert(group, at: 0)
            parent = group.parent
        }
        return chain
    }

    /// The ids of the rules that apply to `profile`.
    public func ids(for profile: FacturXProfile) -> [String] {
        requirements.filter { $0.profiles.contains(profile) }.map(\.id)
    }

    /// The findings for `invoice` read as a `profile` invoice.
    public func check(_ invoice: Invoice, as profile: FacturXProfile) -> [Finding] {
        requirements.filter { $0.profiles.contains(profile) }.compactMap { requirement in
            let holds: Bool
            switch requirement.check {
            case .present(let term, let path): holds = ProfileRequirements.isPresent(term, below: path[...], in: invoice.root)
            case .computed(let rule): holds = rule(invoice)
            }
            if holds { return nil }
            return Finding(
                rule: requirement.id, severity: requirement.severity, message: requirement.message,
                location: Location(path: RuleSetName.facturX(profile).description, line: 0))
        }
    }

    /// Whether `term` is in `group` through the chain of groups `path`: a repeatable group needs it in
    /// each of its instances (none is fine), any other group must exist and have it.
    static func isPresent(_ term: TermID, below path: ArraySlice<BusinessTerm>, in group: BusinessGroup) -> Bool {
        guard let next = path.first else { return group.has(term) || group.group(term) != nil }
        let instances = group.groups(next.id)
        if next.cardinality.isRepeatable {
            return instances.allSatisfy { isPresent(term, below: path.dropFirst(), in: $0) }
        }
        guard let only = instances.first else { return false }
        return isPresent(term, below: path.dropFirst(), in: only)
    }
}
