/// Reads the Factur-X and PDF/A fields of an XMP packet by scanning its bytes, not parsing them.
///
/// XMP in the wild is often not well-formed (a bare `&`, a stray tag), and the fields Hermine needs are
/// simple properties, in element form (`<fx:Version>1.0</fx:Version>`) or attribute form
/// (`fx:Version="1.0"` on an `rdf:Description`). The scan binds prefixes through every `xmlns:p="…"`
/// declaration, so any prefix bound to a Factur-X, ZUGFeRD or XRechnung namespace is recognised.
enum XMPScanner {
    /// Namespaces of the Factur-X family (`urn:factur-x:pdfa:…`, `urn:zugferd:pdfa:…`, `urn:ferd:pdfa:…`, XRechnung).
    static func isFacturXNamespace(_ uri: String) -> Bool {
        uri.hasPrefix("urn:factur-x:pdfa:") || uri.hasPrefix("urn:zugferd:pdfa:") || uri.hasPrefix("urn:ferd:pdfa:")
            || uri.lowercased().contains("xrechnung")
    }

    static let pdfaIdentificationNamespace = "http://www.aiim.org/pdfa/ns/id/"

    static func scan(_ raw: [UInt8]) -> XMPMetadata {
        let bytes = utf8(raw)
        var bindings: [(prefix: [UInt8], uri: String)] = []
        let marker = Array("xmlns:".utf8)
        var position = 0
        while let match = find(marker, in: bytes, from: position) {
            position = match + marker.count
            var end = position
            while end < bytes.count, isNameByte(bytes[end]) { end += 1 }
            guard end > position, end - position < 64 else { continue }
            var equals = end
            while equals < bytes.count, isSpace(bytes[equals]) { equals += 1 }
            guard equals < bytes.count, bytes[equals] == UInt8(ascii: "="), let value = quotedValue(bytes, after: equals) else { continue }
            bindings.append((Array(bytes[position..<end]), String(decoding: value, as: UTF8.self)))
        }
        var metadata = XMPMetadata()
        for binding in bindings where isFacturXNamespace(binding.uri) {
            let documentType = property(binding.prefix, "DocumentType", in: bytes)
            let documentFileName = property(binding.prefix, "DocumentFileName", in: bytes)
            let version = property(binding.prefix, "Version", in: bytes)
            let conformanceLevel = property(binding.prefix, "ConformanceLevel", in: bytes)
            guard documentType != nil || documentFileName != nil || version != nil || conformanceLevel != nil else { continue }
            metadata.documentType = metadata.documentType ?? documentType
            metadata.documentFileName = metadata.documentFileName ?? documentFileName
            metadata.version = metadata.version ?? version
            metadata.conformanceLevel = metadata.conformanceLevel ?? conformanceLevel
            metadata.namespace = metadata.namespace ?? binding.uri
        }
        for binding in bindings where binding.uri == pdfaIdentificationNamespace {
            metadata.pdfaPart = metadata.pdfaPart ?? property(binding.prefix, "part", in: bytes)
            metadata.pdfaConformance = metadata.pdfaConformance ?? property(binding.prefix, "conformance", in: bytes)
        }
        return metadata
    }

    /// The value of `prefix:name`, as an element's text or as an attribute.
    static func property(_ prefix: [UInt8], _ name: String, in bytes: [UInt8]) -> String? {
        let qualified = prefix + [UInt8(ascii: ":")] + Array(name.utf8)
        var position = 0
        while let match = find(qualified, in: bytes, from: position) {
            position = match + qualified.count
            guard match > 0, position < bytes.count else { break }
            let before = bytes[match - 1]
            let after = bytes[position]
            if before == UInt8(ascii: "<"), after == UInt8(ascii: ">") || isSpace(after) || after == UInt8(ascii: "/") {
                // Element form: the text up to the next tag.
                guard let close = bytes[position...].firstIndex(of: UInt8(ascii: ">")) else { break }
                if bytes[close - 1] == UInt8(ascii: "/") { return "" }
                let contentEnd = bytes[(close + 1)...].firstIndex(of: UInt8(ascii: "<")) ?? bytes.count
                return clean(bytes[(close + 1)..<contentEnd])
            }
            if isSpace(before), !isNameByte(after) {
                // Attribute form: prefix:name = "value".
                var equals = position
                while equals < bytes.count, isSpace(bytes[equals]) { equals += 1 }
                guard equals < bytes.count, bytes[equals] == UInt8(ascii: "="), let value = quotedValue(bytes, after: equals) else {
                    continue
                }
                return clean(value)
            }
        }
        return nil
    }

    private static func clean(_ bytes: ArraySlice<UInt8>) -> String {
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start < end, isSpace(bytes[start]) { start += 1 }
        while end > start, isSpace(bytes[end - 1]) { end -= 1 }
        return unescape(String(decoding: bytes[start..<end], as: UTF8.self))
    }

    /// The quoted value after the `=` at `equals` (single or double quotes).
    private static func quotedValue(_ bytes: [UInt8], after equals: Int) -> ArraySlice<UInt8>? {
        var index = equals + 1
        while index < bytes.count, isSpace(bytes[index]) { index += 1 }
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") else { return nil }
        let quote = bytes[index]
        guard let end = bytes[(index + 1)...].firstIndex(of: quote) else { return nil }
        return bytes[(index + 1)..<end]
    }

    /// Replaces the predefined entities and character references.
    static func unescape(_ value: String) -> String {
        guard value.contains("&") else { return value }
        var result = ""
        var rest = Substring(value)
        while let ampersand = rest.firstIndex(of: "&") {
            result += rest[..<ampersand]
            let afterAmpersand = rest.index(after: ampersand)
            guard let semicolon = rest[afterAmpersand...].prefix(10).firstIndex(of: ";") else {
                result += "&"
                rest = rest[afterAmpersand...]
                continue
            }
            let entity = rest[afterAmpersand..<semicolon]
            switch entity {
            case "amp": result += "&"
            case "lt": result += "<"
            case "gt": result += ">"
            case "quot": result += "\""
            case "apos": result += "'"
            default:
                let code: UInt32?
                if entity.hasPrefix("#x") || entity.hasPrefix("#X") {
                    code = UInt32(entity.dropFirst(2), radix: 16)
                } else if entity.hasPrefix("#") {
                    code = UInt32(entity.dropFirst())
                } else {
                    code = nil
                }
                if let code, let scalar = Unicode.Scalar(code) {
                    result.unicodeScalars.append(scalar)
                } else {
                    result += "&" + entity + ";"
                }
            }
            rest = rest[rest.index(after: semicolon)...]
        }
        return result + rest
    }

    @inline(__always) private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    @inline(__always) private static func isNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "."), 0x80...0xFF:
            return true
        default: return false
        }
    }

    /// The first offset at or after `start` where `needle` occurs.
    static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first, bytes.count >= needle.count else { return nil }
        var index = start
        let last = bytes.count - needle.count
        outer: while index <= last {
            if bytes[index] == first {
                for offset in 1..<needle.count where bytes[index + offset] != needle[offset] {
                    index += 1
                    continue outer
                }
                return index
            }
            index += 1
        }
        return nil
    }

    /// XMP is UTF-8 (possibly with a BOM); UTF-16 packets are rare but allowed: re-encode them.
    private static func utf8(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.count >= 2, (bytes[0] == 0xFE && bytes[1] == 0xFF) || (bytes[0] == 0xFF && bytes[1] == 0xFE) else { return bytes }
        let bigEndian = bytes[0] == 0xFE
        var units: [UInt16] = []
        var index = 2
        while index + 1 < bytes.count {
            let high = UInt16(bytes[bigEndian ? index : index + 1])
            let low = UInt16(bytes[bigEndian ? index + 1 : index])
            units.append(high << 8 | low)
            index += 2
        }
        return Array(String(decoding: units, as: UTF16.self).utf8)
    }
}
