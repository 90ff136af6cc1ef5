import InvoiceModel

/// What an embedded XML document is, judged from its root element.
enum EmbeddedDocumentKind: Sendable, Equatable {
    /// An invoice: a UN/CEFACT CII `CrossIndustryInvoice` (Factur-X, ZUGFeRD 2, XRechnung CII), or a UBL 2
    /// `Invoice` or `CreditNote`, as `InvoiceSyntax` recognises them.
    case invoice(InvoiceSyntax)
    /// A ZUGFeRD 1.0 `CrossIndustryDocument`.
    case zugferd1
    /// An Order-X document (order, order change, order response).
    case orderX
    /// Some other XML document.
    case otherXML
    /// Not XML.
    case notXML
}

/// Reads an XML document's root element name and namespace without parsing the whole document.
enum XMLRootSniffer {
    /// The root's local name and namespace URI (empty when undeclared), or nil when no root element is found.
    static func root(of bytes: [UInt8]) -> (local: String, namespace: String)? {
        var index = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                index += 1
                continue
            }
            guard byte == UInt8(ascii: "<"), index + 1 < count else { return nil }
            let next = bytes[index + 1]
            if next == UInt8(ascii: "?") {
                guard let end = find([UInt8(ascii: "?"), UInt8(ascii: ">")], in: bytes, from: index + 2) else { return nil }
                index = end + 2
            } else if next == UInt8(ascii: "!") {
                let isComment = index + 3 < count && bytes[index + 2] == UInt8(ascii: "-") && bytes[index + 3] == UInt8(ascii: "-")
                let terminator: [UInt8] = isComment ? Array("-->".utf8) : [UInt8(ascii: ">")]
                guard let end = find(terminator, in: bytes, from: index + 2) else { return nil }
                index = end + terminator.count
            } else {
                return startTag(bytes, at: index + 1)
            }
        }
        return nil
    }

    private static func startTag(_ bytes: [UInt8], at start: Int) -> (local: String, namespace: String)? {
        var index = start
        while index < bytes.count, !isTagEnd(bytes[index]) { index += 1 }
        let qualified = bytes[start..<index]
        guard !qualified.isEmpty else { return nil }
        let colon = qualified.firstIndex(of: UInt8(ascii: ":"))
        let prefix = colon.map { Array(bytes[start..<$0]) } ?? []
        let local = String(decoding: colon.map { bytes[($0 + 1)..<index] } ?? qualified, as: UTF8.self)
        // The root's namespace is declared on the root itself.
        guard let tagEnd = bytes[index...].firstIndex(of: UInt8(ascii: ">")) else { return (local, "") }
        let attributeName = prefix.isEmpty ? Array("xmlns".utf8) : Array("xmlns:".utf8) + prefix
        var position = index
        while let match = find(attributeName, in: bytes, from: position), match < tagEnd {
            position = match + attributeName.count
            guard isSpace(bytes[match - 1]) else { continue }
            var equals = position
            while equals < tagEnd, isSpace(bytes[equals]) { equals += 1 }
            guard equals < tagEnd, bytes[equals] == UInt8(ascii: "=") else { continue }
            var quote = equals + 1
            while quote < tagEnd, isSpace(bytes[quote]) { quote += 1 }
            guard quote < tagEnd, bytes[quote] == UInt8(ascii: "\"") || bytes[quote] == UInt8(ascii: "'") else { continue }
            guard let end = bytes[(quote + 1)..<tagEnd].firstIndex(of: bytes[quote]) else { continue }
            return (local, String(decoding: bytes[(quote + 1)..<end], as: UTF8.self))
        }
        return (local, "")
    }

    /// Classifies a document by its root: invoices as `InvoiceSyntax` says, then the documents that are
    /// recognisably not invoices, to say why a PDF carries none.
    static func kind(of bytes: [UInt8]) -> (kind: EmbeddedDocumentKind, local: String, namespace: String) {
        guard let (local, namespace) = root(of: bytes) else { return (.notXML, "", "") }
        let lowered = namespace.lowercased()
        let kind: EmbeddedDocumentKind
        if let syntax = InvoiceSyntax(rootNamespace: namespace, localName: local) {
            kind = .invoice(syntax)
        } else if local == "CrossIndustryDocument" {
            kind = .zugferd1
        } else if local.hasPrefix("SCRDMCCBDACI") || lowered.contains("scrdmccbdaci") || lowered.contains("crossindustryorder")
            || lowered.contains("order-x")
        {
            kind = .orderX
        } else {
            kind = .otherXML
        }
        return (kind, local, namespace)
    }

    @inline(__always) private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    @inline(__always) private static func isTagEnd(_ byte: UInt8) -> Bool {
        isSpace(byte) || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/")
    }

    private static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        XMPScanner.find(needle, in: bytes, from: start)
    }
}
