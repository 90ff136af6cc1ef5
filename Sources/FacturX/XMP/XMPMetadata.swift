public import InvoiceModel

/// What the PDF's XMP metadata declares about the embedded invoice and PDF/A conformance.
public struct XMPMetadata: Sendable, Equatable {
    /// `fx:DocumentType` (`INVOICE`, `ORDER`, …).
    public var documentType: String?
    /// `fx:DocumentFileName`: the name the invoice attachment should have.
    public var documentFileName: String?
    /// `fx:Version` of the Factur-X / ZUGFeRD schema.
    public var version: String?
    /// `fx:ConformanceLevel`: the profile (`MINIMUM`, `BASIC WL`, `BASIC`, `EN 16931`, `EXTENDED`, `XRECHNUNG`).
    public var conformanceLevel: String?
    /// The namespace the `fx` fields were found in (Factur-X, ZUGFeRD 1 or 2, Order-X).
    public var namespace: String?
    /// `pdfaid:part`: the PDF/A part (a Factur-X PDF must be `3`).
    public var pdfaPart: String?
    /// `pdfaid:conformance`: the PDF/A level (`A`, `B`, `U`).
    public var pdfaConformance: String?

    /// Creates metadata from its fields.
    public init(
        documentType: String? = nil, documentFileName: String? = nil, version: String? = nil, conformanceLevel: String? = nil,
        namespace: String? = nil, pdfaPart: String? = nil, pdfaConformance: String? = nil
    ) {
        self.documentType = documentType
        self.documentFileName = documentFileName
        self.version = version
        self.conformanceLevel = conformanceLevel
        self.namespace = namespace
        self.pdfaPart = pdfaPart
        self.pdfaConformance = pdfaConformance
    }

    /// Whether any Factur-X / ZUGFeRD field is present.
    public var declaresFacturX: Bool {
        documentType != nil || documentFileName != nil || version != nil || conformanceLevel != nil
    }

    /// The profile `conformanceLevel` names, when it names one.
    public var profile: FacturXProfile? { conformanceLevel.flatMap(FacturXProfile.init(conformanceLevel:)) }
}
