import InvoiceModel
import InvoiceRules

/// The `hermine validate --json` line of one file, keys in this order: `file`, `syntax`, `ruleSet`, `valid`,
/// `fatal`, `warning`, `findings`, then when they apply `error`, `container`, `attachment`, `profile` (null when
/// the PDF names none) and `en16931`.
struct JSONLine: Encodable {
    /// The EN 16931 verdict on the XML inside a PDF.
    struct Verdict: Encodable {
        let valid: Bool
        let fatal: [String]
        let warning: [String]
    }

    let file: String
    let syntax: InvoiceSyntax?
    let ruleSet: RuleSetName?
    let valid: Bool
    let fatal: [String]
    let warning: [String]
    let findings: [Finding]
    let error: FileValidation.Problem?
    let container: InvoiceContainer?
    let attachment: String?
    let profile: FacturXProfile?
    let en16931: Verdict?

    init(_ outcome: FileValidation) {
        let report = outcome.report
        file = outcome.file
        syntax = report?.syntax
        ruleSet = report?.ruleSet
        valid = outcome.valid
        fatal = report?.fatal ?? []
        warning = report?.warning ?? []
        findings = report?.findings ?? []
        error = outcome.error
        let pdf = outcome.checked?.pdf
        if pdf != nil {
            container = .pdf
        } else if case .pdf = outcome.refusal {
            container = .pdf
        } else {
            container = nil
        }
        attachment = pdf?.attachment
        profile = pdf?.profile
        if pdf != nil, let verdict = outcome.checked?.en16931 {
            en16931 = Verdict(valid: verdict.valid, fatal: verdict.fatal, warning: verdict.warning)
        } else {
            en16931 = nil
        }
    }

    enum CodingKeys: String, CodingKey {
        case file, syntax, ruleSet, valid, fatal, warning, findings, error, container, attachment, profile, en16931
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(file, forKey: .file)
        try container.encodeIfPresent(syntax, forKey: .syntax)
        try container.encodeIfPresent(ruleSet, forKey: .ruleSet)
        try container.encode(valid, forKey: .valid)
        try container.encode(fatal, forKey: .fatal)
        try container.encode(warning, forKey: .warning)
        try container.encode(findings, forKey: .findings)
        try container.encodeIfPresent(error, forKey: .error)
        try container.encodeIfPresent(self.container, forKey: .container)
        try container.encodeIfPresent(attachment, forKey: .attachment)
        // A PDF's line always says which profile it declared, null when none.
        if attachment != nil { try container.encode(profile, forKey: .profile) }
        try container.encodeIfPresent(en16931, forKey: .en16931)
    }
}
