extension EN16931 {
    /// The "UBL-syntax" pattern.
    static func ublSyntax() -> RulePattern {
        RulePattern("UBL-syntax", [])
    }
}
