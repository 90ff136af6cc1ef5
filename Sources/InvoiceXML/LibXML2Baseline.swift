internal import CLibXML2
public import Foundation

/// libxml2's own DOM parse of the same bytes, the yardstick the benchmark compares Hermine's reader with.
public enum LibXML2Baseline {
    /// Builds libxml2's DOM for `bytes` (network off, no entity substitution) and frees it; returns the
    /// number of bytes parsed, or 0 when libxml2 refused the document.
    @discardableResult
    public static func parseAndFree(_ bytes: Data) -> Int {
        XMLLibrary.initialize()
        return bytes.withUnsafeBytes { raw -> Int in
            guard let base = raw.baseAddress?.assumingMemoryBound(to: CChar.self),
                let document = xmlReadMemory(base, Int32(raw.count), nil, nil, Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue))
            else { return 0 }
            xmlFreeDoc(document)
            return raw.count
        }
    }
}
