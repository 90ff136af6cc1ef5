/// A Factur-X / ZUGFeRD 2 profile of EN 16931: how much of the model an invoice carries, named by its
/// specification identifier (BT-24) or a PDF's XMP conformance level. Codable as its raw value (`"MINIMUM"`).
public enum FacturXProfile: String, Sendable, Hashable, Codable, CaseIterable {
    case minimum = "MINIMUM"
    case basicWL = "BASIC WL"
    case basic = "BASIC"
    case en16931 = "EN 16931"
    case extended = "EXTENDED"
    case xrechnung = "XRECHNUNG"

    /// Reads an XMP `fx:ConformanceLevel` (`EN 16931`, `en16931`, `BASIC WL`, `BASIC-WL`, …).
    public init?(conformanceLevel: String) {
        let key = conformanceLevel.uppercased().filter { $0.isLetter || $0.isNumber }
        switch key {
        case "MINIMUM": self = .minimum
        case "BASICWL": self = .basicWL
        case "BASIC": self = .basic
        case "EN16931", "COMFORT": self = .en16931
        case "EXTENDED": self = .extended
        case "XRECHNUNG": self = .xrechnung
        default: return nil
        }
    }

    /// Reads a specification identifier (BT-24, `GuidelineSpecifiedDocumentContextParameter/ID`), e.g.
    /// `urn:cen.eu:en16931:2017#conformant#urn:factur-x.eu:1p0:extended`.
    public init?(guidelineID: String) {
        let id = guidelineID.lowercased().trimmingPDFSpaces()
        if id.contains("xrechnung") {
            self = .xrechnung
        } else if id.hasSuffix(":minimum") {
            self = .minimum
        } else if id.hasSuffix(":basicwl") {
            self = .basicWL
        } else if id.hasSuffix(":basic") {
            self = .basic
        } else if id.hasSuffix(":extended") {
            self = .extended
        } else if id == "urn:cen.eu:en16931:2017" || id.hasSuffix(":en16931") || id.hasSuffix(":comfort") {
            self = .en16931
        } else {
            return nil
        }
    }

    /// Whether invoices of this profile are complete EN 16931 invoices (checked with the EN 16931 rules);
    /// MINIMUM and BASIC WL are not, and need their profile's own requirements.
    public var isFullEN16931: Bool {
        switch self {
        case .minimum, .basicWL: return false
        case .basic, .en16931, .extended, .xrechnung: return true
        }
    }
}

extension String {
    fileprivate func trimmingPDFSpaces() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars = scalars.dropFirst() }
        while let last = scalars.last, last.isWhitespace { scalars = scalars.dropLast() }
        return String(scalars)
    }
}
