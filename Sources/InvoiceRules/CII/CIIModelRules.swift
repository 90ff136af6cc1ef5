extension EN16931 {
    /// The "EN16931-CII-Model" pattern.
    static func ciiModel() -> RulePattern {
        RulePattern("EN16931-CII-Model", [])
    }
}
