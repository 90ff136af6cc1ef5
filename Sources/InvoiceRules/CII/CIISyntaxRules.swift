extension EN16931 {
    /// The "EN16931-CII-Syntax" pattern.
    static func ciiSyntax() -> RulePattern {
        RulePattern("EN16931-CII-Syntax", [])
    }
}
