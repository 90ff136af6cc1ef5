extension EN16931 {
    /// The "Codesmodel" pattern.
    static func ublCodes() -> RulePattern {
        RulePattern("Codesmodel", [])
    }
}
