extension EN16931 {
    /// The "EN16931-Codes" pattern.
    static func ciiCodes() -> RulePattern {
        RulePattern("EN16931-Codes", [])
    }
}
