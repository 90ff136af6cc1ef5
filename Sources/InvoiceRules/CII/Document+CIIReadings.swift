import InvoiceModel
import InvoiceXML

/// Readings of a CII tree as the official CII rules make them: untyped text compared as strings,
/// cast to `xs:double` when it meets a number, to `xs:boolean` when it meets `true()`/`false()`.
///
/// A cast that would be a dynamic error in the official validator (text that is not a number) reads
/// as nil here; callers decide, rule by rule, that such a value does not satisfy the rule.
extension Document {
    /// Whether `node`'s string value is exactly `literal` (no white-space trimming, as XPath `=` on untyped text).
    @inline(__always) func ciiText(_ node: XMLTree.Node, is literal: StaticString) -> Bool {
        if !tree.hasChildren(node) {
            let bytes = tree.textBytes(node)
            return bytes.count == literal.utf8CodeUnitCount
                && bytes.elementsEqual(UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
        }
        return string(node) == literal.description
    }

    /// Whether any node `path` selects from `node` has the string value `literal`.
    func ciiAny(_ path: Path, _ node: XMLTree.Node, is literal: StaticString) -> Bool {
        any(path, node) { ciiText($0, is: literal) }
    }

    /// Whether the first `ram:TypeCode` child of a tax element reads `VAT` once upper-cased.
    func ciiIsVAT(_ tax: XMLTree.Node, typeCode: Path) -> Bool {
        guard let code = first(typeCode, tax) else { return false }
        if ciiText(code, is: "VAT") { return true }
        return string(code).uppercased() == "VAT"
    }

    /// `node`'s string value cast to `xs:double`; nil when it is not a number.
    func ciiDouble(_ node: XMLTree.Node) -> Double? {
        if !tree.hasChildren(node) { return tree.withTextBytes(node) { CIINumber.double(bytes: $0) } }
        return CIINumber.double(string(node))
    }

    /// The nodes `path` selects from `node`, each cast to `xs:double` (nil where not a number).
    func ciiDoubles(_ path: Path, _ node: XMLTree.Node) -> [Double?] { select(path, node).map { ciiDouble($0) } }

    /// XPath general comparison of the nodes `path` selects with a number: true when one of them satisfies `test`.
    func ciiAnyNumber(_ path: Path, _ node: XMLTree.Node, _ test: (Double) -> Bool) -> Bool {
        any(path, node) { ciiDouble($0).map(test) ?? false }
    }

    /// Whether one of the nodes `path` selects reads as the boolean `value` (XPath `path = true()`).
    func ciiAnyBoolean(_ path: Path, _ node: XMLTree.Node, is value: Bool) -> Bool {
        any(path, node) { boolean($0) == value }
    }

    /// Whether `node` has an ancestor named `name`.
    func ciiHasAncestor(_ node: XMLTree.Node, named name: UInt32) -> Bool {
        var current = tree.parent(node)
        while let c = current {
            if tree.nameID(c) == name { return true }
            current = tree.parent(c)
        }
        return false
    }

}

/// XPath 2.0 numeric behaviour the CII rules depend on: `xs:double` casts and rounding, and the
/// mixed decimal/double arithmetic of their sums.
enum CIINumber {
    /// The `xs:double` lexical forms: decimal digits with an optional exponent, `INF`, `-INF`, `NaN`,
    /// surrounded by optional white space; nil for anything else.
    static func double(_ text: String) -> Double? {
        var text = text
        return text.withUTF8 { double(bytes: $0) }
    }

    /// `double(_:)` on the UTF-8 bytes of the text. White space is trimmed byte by byte: where a character would
    /// join a space to a mark next to it, the bytes left are not a number either way.
    static func double(bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        let trimmed = bytes.trimmingXMLSpace()
        if trimmed.elementsEqual("INF".utf8) || trimmed.elementsEqual("+INF".utf8) { return .infinity }
        if trimmed.elementsEqual("-INF".utf8) { return -.infinity }
        if trimmed.elementsEqual("NaN".utf8) { return .nan }
        var digits = 0
        var state = 0  // 0 sign allowed, 1 integer part, 2 fraction, 3 exponent sign allowed, 4 exponent digits
        var exponentDigits = 0
        for byte in trimmed {
            switch byte {
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                if state == 0 { state = 1 } else if state == 3 { state = 4 } else { return nil }
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if state <= 1 { state = 1; digits += 1 } else if state == 2 { digits += 1 } else { state = 4; exponentDigits += 1 }
            case UInt8(ascii: "."):
                guard state <= 1 else { return nil }
                state = 2
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                guard state == 1 || state == 2, digits > 0 else { return nil }
                state = 3
            default:
                return nil
            }
        }
        guard digits > 0, state != 3, !(state == 4 && exponentDigits == 0) else { return nil }
        return Double(String(decoding: trimmed, as: UTF8.self))
    }

    /// XPath `round` on an `xs:double`: the nearest whole number, halves towards positive infinity.
    static func round(_ x: Double) -> Double {
        guard x.isFinite else { return x }
        let floor = x.rounded(.down)
        return x - floor >= 0.5 ? floor + 1 : floor
    }

    /// `round(x * 10 * 10) div 100` computed as XPath does when `x` is an `xs:double`: in doubles.
    static func roundedCents(_ x: Double) -> Double { round(x * 10 * 10) / 100 }

    /// A decimal as the `xs:double` XPath promotes it to (the nearest double).
    static func double(_ x: ExactDecimal) -> Double { Double(x.description) ?? .nan }

    /// `round(xs:decimal(x) * 100) div 100` for an `xs:double` `x`: the cast to `xs:decimal` keeps the
    /// double's exact binary value, so the rounding is decided on that value, not on its shortest form.
    static func cents(ofDouble x: Double) -> ExactDecimal? {
        guard x.isFinite else { return nil }
        if x == 0 { return .zero }
        // |x| = m × 2^e exactly, m a whole number below 2^53.
        let e = Int(x.exponent) - 52
        let m = Int128(Double(sign: .plus, exponent: -e, significand: x.magnitude))
        let scaled = m * 100
        var whole: Int128
        if e >= 0 {
            guard e < 60 else { return nil }
            whole = scaled << e
        } else if -e >= 100 {
            return .zero  // |x × 100| < 2^-39: rounds to zero either way
        } else {
            let k = -e
            whole = scaled >> k
            let remainder = scaled - (whole << k)
            let twice = remainder * 2
            let unit = Int128(1) << k
            // Halves go towards +inf: up for positive x, towards zero for negative x.
            if x > 0 ? twice >= unit : twice > unit { whole += 1 }
        }
        return ExactDecimal(significand: x < 0 ? -whole : whole, scale: 2)
    }

    /// XPath `sum` over untyped values: each cast to `xs:double`, added in document order; nil when
    /// one is not a number (a dynamic error for the official validator). An empty sum is 0.
    static func sum(_ values: [Double?]) -> Double? {
        var total = 0.0
        for value in values {
            guard let value else { return nil }
            total += value
        }
        return total
    }

    /// XPath `sum` over `xs:decimal` casts: exact; nil when one value is not a decimal.
    static func sum(_ values: [ExactDecimal?]) -> ExactDecimal? {
        var total = ExactDecimal.zero
        for value in values {
            guard let value else { return nil }
            total = total + value
        }
        return total
    }
}
